/**
 * Pushing an account JWT to running servers (full resolver) as a system-account user, then
 * checking that the account really works: a 200 reply only means the JWT was stored (a rogue,
 * self-signed account is stored too), so a temporary user of the account must be able to log in.
 * The `nats` client is loaded only when a push happens.
 */
import { plural } from '../plural';
import type { NatsConnection } from 'nats';
import { encodeUserJwt, jetStreamEnabled } from './claims';
import { parseCreds } from './creds';
import { NKey } from './keys';
import { parseJwt } from './jwt';
import { StoreLocation } from './layout';
import { Problem, problem, TrustError } from './problems';
import { chooseSigner, loadAccount, SignWith } from './storeAccess';
import { systemUserCreds } from './storeCreds';
import { readOperatorEntry } from './storeRead';
import { recordPush } from './pushState';
import { anchorOf, verifyJwt } from './verify';
import { redactUrl } from './redact';

export interface PushAccountArgs {
  /** One URL or several (a cluster), e.g. nats://127.0.0.1:4222. */
  serverUrl: string | string[];
  /** The text of a .creds file of a user of the system account. */
  systemUserCreds: string;
  accountJwt: string;
  /**
   * The key of the account or of one of its signing keys (key pair or seed), to sign a temporary
   * user for the check. Without it the check is skipped and `works` stays undefined.
   */
  accountSigner?: NKey | string;
  /** The operator's JWT: the account is verified against it before pushing. */
  operatorJwt?: string;
  /** For the push and for the check, each (default 5000 ms). */
  timeoutMs?: number;
}

export interface PushReply {
  code: number;
  message: string;
  /** The name of the server that replied (nats-server 2.9 names itself in every reply). */
  server?: string;
  /** Its server id (`server.id`), unique where names may not be. */
  serverId?: string;
}

export interface PushAccountResult {
  accountPublicKey: string;
  accountName?: string;
  /** One reply per server that answered. */
  replies: PushReply[];
  /** At least one server replied and every reply was 200. */
  accepted: boolean;
  /**
   * A temporary user of the account could log in (and reach JetStream when the account has it);
   * undefined when no signer was given.
   */
  works?: boolean;
  /** What the check did or why it failed. */
  check?: string;
  /** Verification problems of the account JWT and failures of the push or the check. */
  problems: Problem[];
}

export const CLAIMS_UPDATE = '$SYS.REQ.CLAIMS.UPDATE';
const encoder = new TextEncoder();

/** A reply of a server on $SYS.REQ.CLAIMS.UPDATE: its code and message, and which server sent it. */
export function parseReply(data: Uint8Array): PushReply {
  try {
    const body = JSON.parse(new TextDecoder().decode(data)) as {
      data?: { code?: number; message?: string };
      error?: { code?: number; description?: string };
      server?: { name?: unknown; id?: unknown };
    };
    const server = { ...(typeof body.server?.name === 'string' ? { server: body.server.name } : {}), ...(typeof body.server?.id === 'string' && body.server.id !== '' ? { serverId: body.server.id } : {}) };
    if (body.error) return { code: body.error.code ?? 500, message: body.error.description ?? 'error', ...server };
    return { code: body.data?.code ?? 0, message: body.data?.message ?? '', ...server };
  } catch {
    return { code: 0, message: 'unreadable reply' };
  }
}

export function servers(url: string | string[]): string[] {
  return (Array.isArray(url) ? url : url.split(',')).map((u) => u.trim()).filter(Boolean);
}

const GENERATED_CONFIG = 'run it with the config from Generate Server Config (resolver: full)';

/** Why the connection as the system user failed, and what to do about it. */
export function connectFailure(e: Error, where: string, many: boolean, timeoutMs: number): string {
  const it = many ? 'are they' : 'is it';
  const code = (e as { code?: string }).code ?? e.message;
  if (/CONNECTION_REFUSED|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(code)) {
    return `nothing answers there (${code}): ${many ? 'are the servers running, and are the URLs their client addresses' : 'is the server running, and is the URL its client address'} (host and port)?`;
  }
  if (/AUTHORIZATION_VIOLATION|AUTHENTICATION|Authorization Violation/i.test(code)) {
    return `${where} refused the system user's credentials (${code}): ${it} run with this operator (${GENERATED_CONFIG}), and are the credentials those of this operator's system account user?`;
  }
  if (/TIMEOUT/.test(code)) {
    return `${where} did not let the system user in within ${timeoutMs} ms (${code}): a server in operator mode keeps a user it does not know waiting, so are the credentials those of this operator's system account user, and ${it} run with this operator (${GENERATED_CONFIG})?`;
  }
  return e.message;
}

/** The account that issued the user JWT of `creds` (its issuer_account, else its issuer), if readable. */
function credsAccount(creds: string): string | undefined {
  const user = parseJwt(parseCreds(creds).jwt);
  if (!user.ok) return undefined;
  const claims = user.jwt.claims as { iss?: string; nats?: { issuer_account?: string } };
  return claims.nats?.issuer_account ?? claims.iss;
}

/**
 * Nobody subscribes to $SYS.REQ.CLAIMS.UPDATE where the user is (nats-server 2.9 answers 503 "no
 * responders" alike for a server not in operator mode, a resolver that takes no updates, and a
 * user outside the system account): tells the cases apart and says what to do.
 */
export async function whyNoResponder(nc: NatsConnection, where: string, many: boolean, args: Pick<PushAccountArgs, 'operatorJwt' | 'systemUserCreds'>, timeoutMs: number): Promise<string> {
  const verb = (one: string, several: string): string => (many ? several : one);
  const operator = args.operatorJwt === undefined ? undefined : parseJwt(args.operatorJwt);
  const system = operator?.ok ? (operator.jwt.claims as { nats?: { system_account?: string } }).nats?.system_account : undefined;
  const account = credsAccount(args.systemUserCreds);
  if (system && account && account !== system) {
    return `no server takes account updates from this user (503 no responders): the credentials are of a user of account ${account}, not of the operator's system account ${system}; push with the credentials of a system account user`;
  }
  if (!nc.info?.nonce) {
    return `${where} ${verb('asks', 'ask')} for no credentials, so ${verb('it is', 'they are')} not in operator mode and ${verb('takes', 'take')} no account JWTs (503 no responders): ${GENERATED_CONFIG}, then push again`;
  }
  let systemAnswers = false;
  try {
    await nc.request('$SYS.REQ.SERVER.PING', undefined, { timeout: Math.min(timeoutMs, 2000) });
    systemAnswers = true;
  } catch {
    systemAnswers = false;
  }
  if (systemAnswers) {
    return `${where} ${verb('has', 'have')} no account resolver that takes updates (503 no responders; the resolver is MEMORY or URL): ${GENERATED_CONFIG}, or add the account to resolver_preload and restart`;
  }
  return `${where} ${verb('does', 'do')} not take this user as a system account user (503 no responders): either ${verb('it is', 'they are')} not in operator mode with this operator's system account, or the credentials are not those of a system account user; ${GENERATED_CONFIG} and push with the system account user's credentials`;
}

/** "the server at URL" / "the servers at URL, URL". */
export function serversText(urls: readonly string[]): string {
  const shown = urls.map(redactUrl);
  return shown.length === 1 ? `the server at ${shown[0]}` : `the servers at ${shown.join(', ')}`;
}

/** A connection as a system account user (no reconnects); a failure says why and what to do. */
export async function connectSystemUser(urls: string[], creds: string, timeoutMs: number): Promise<NatsConnection> {
  const nats = await import('nats');
  try {
    return await nats.connect({
      servers: urls,
      authenticator: nats.credsAuthenticator(encoder.encode(creds)),
      timeout: timeoutMs,
      name: 'nats-workbench push',
      reconnect: false,
    });
  } catch (e) {
    throw new TrustError('io', `cannot connect to ${urls.map(redactUrl).join(', ')} as the system user: ${connectFailure(e as Error, serversText(urls), urls.length > 1, timeoutMs)}`);
  }
}

/** Publishes the account JWT on $SYS.REQ.CLAIMS.UPDATE, collects the replies, then checks the account. */
export async function pushAccount(args: PushAccountArgs): Promise<PushAccountResult> {
  const timeoutMs = args.timeoutMs ?? 5000;
  const operator = args.operatorJwt === undefined ? undefined : parseJwt(args.operatorJwt);
  if (operator && !operator.ok) throw new TrustError('invalid', `the operator JWT is not readable: ${operator.reason}`);
  const v = verifyJwt(args.accountJwt, { expect: 'account', issuer: operator?.ok ? anchorOf(operator.jwt.claims) : undefined });
  if (!v.claims || v.type !== 'account') {
    throw new TrustError('invalid', `the account JWT cannot be pushed: ${v.problems.map((p) => p.message).join('; ') || `it is not an account JWT`}`);
  }
  parseCreds(args.systemUserCreds, 'the system user credentials');
  const result: PushAccountResult = { accountPublicKey: v.claims.sub, replies: [], accepted: false, problems: [...v.problems] };
  if (v.claims.name) result.accountName = v.claims.name;

  const nats = await import('nats');
  const urls = servers(args.serverUrl);
  const where = serversText(urls);
  const nc = await connectSystemUser(urls, args.systemUserCreds, timeoutMs);
  try {
    const replies = await nc.requestMany(CLAIMS_UPDATE, encoder.encode(args.accountJwt.trim()), {
      strategy: nats.RequestStrategy.JitterTimer,
      maxWait: timeoutMs,
      jitter: 300,
    });
    for await (const m of replies) result.replies.push(parseReply(m.data));
  } catch (e) {
    const noResponders = (e as { code?: string }).code === nats.ErrorCode.NoResponders;
    const why = noResponders ? await whyNoResponder(nc, where, urls.length > 1, args, timeoutMs) : (e as Error).message;
    result.problems.push(problem('push-failed', `the push got no usable reply: ${why}`));
  } finally {
    await nc.close();
  }
  if (result.replies.length === 0 && !result.problems.some((p) => p.code === 'push-failed')) {
    result.problems.push(problem('push-failed', `no server answered on ${CLAIMS_UPDATE}: is the resolver of type full, and the user in the system account?`));
  }
  for (const r of result.replies.filter((x) => x.code !== 200)) result.problems.push(problem('push-failed', `a server refused the account: ${r.code} ${r.message}`));
  result.accepted = result.replies.length > 0 && result.replies.every((r) => r.code === 200);

  if (args.accountSigner !== undefined) {
    const signer = typeof args.accountSigner === 'string' ? NKey.fromSeed(args.accountSigner, 'account') : args.accountSigner;
    const check = await checkAccountWorks({
      serverUrl: args.serverUrl,
      accountPublicKey: v.claims.sub,
      signer,
      jetstream: jetStreamEnabled(v.claims.nats.limits as Parameters<typeof jetStreamEnabled>[0]),
      timeoutMs,
    });
    result.works = check.ok;
    result.check = check.detail;
    if (!check.ok) result.problems.push(problem('account-unusable', `the account does not work on the server: ${check.detail}`));
  }
  return result;
}

export interface CheckAccountArgs {
  serverUrl: string | string[];
  accountPublicKey: string;
  /** The account key, or one of its signing keys. */
  signer: NKey;
  /** Also check that JetStream answers for the account. */
  jetstream?: boolean;
  /** How long to keep trying (servers of a cluster take a moment to learn an account; default 5000 ms). */
  timeoutMs?: number;
}

/** Logs in as a temporary user of the account (valid 5 minutes) and, if asked, asks JetStream for the account info. */
export async function checkAccountWorks(args: CheckAccountArgs): Promise<{ ok: boolean; detail: string }> {
  const nats = await import('nats');
  const timeoutMs = args.timeoutMs ?? 5000;
  const user = NKey.generate('user');
  const signing = args.signer.publicKey === args.accountPublicKey ? { account: args.signer } : { account: args.accountPublicKey, signingKey: args.signer };
  const jwt = await encodeUserJwt({ name: 'nats-workbench-check', user, ...signing, expires: new Date(Date.now() + 5 * 60_000) });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  let step = 'log in';
  while (Date.now() < deadline) {
    let nc: NatsConnection | undefined;
    step = 'log in';
    try {
      nc = await nats.connect({
        servers: servers(args.serverUrl),
        authenticator: nats.jwtAuthenticator(jwt, encoder.encode(user.seed())),
        timeout: Math.max(500, deadline - Date.now()),
        name: 'nats-workbench account check',
        reconnect: false,
      });
      await nc.flush();
      if (!args.jetstream) return { ok: true, detail: 'a temporary user of the account logged in' };
      step = 'use JetStream';
      const jsm = await nc.jetstreamManager({ timeout: Math.max(500, deadline - Date.now()) });
      const info = await jsm.getAccountInfo();
      return { ok: true, detail: `a temporary user of the account logged in and reached JetStream (${plural(info.streams, 'stream')})` };
    } catch (e) {
      lastError = (e as Error).message || String(e);
    } finally {
      await nc?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { ok: false, detail: `a temporary user of the account could not ${step}: ${lastError}` };
}

export interface PushAccountFromStoreArgs {
  store: StoreLocation;
  operator: string;
  account: string;
  serverUrl: string | string[];
  /** The system account user to push as (default: the first one whose seed is in the keystore). */
  systemUser?: string;
  /** Which account key signs the temporary check user (see SignWith). */
  signWith?: SignWith;
  timeoutMs?: number;
}

/** `pushAccount` with everything taken from the store: the account, the system user, the signer. */
/** The account, its operator and the system user's creds a push from the store uses. */
export async function storePushInputs(args: Pick<PushAccountFromStoreArgs, 'store' | 'operator' | 'account' | 'systemUser'>): Promise<{ op: ReturnType<typeof loadAccount>['op']; acc: ReturnType<typeof loadAccount>['acc']; systemCreds: string }> {
  const { store } = args;
  const { op, acc } = loadAccount(store, args.operator, args.account);
  const entry = await readOperatorEntry(store, args.operator);
  if (!entry) throw new TrustError('not-found', `operator '${args.operator}' does not exist in ${store.storesDir}`);
  return { op, acc, systemCreds: systemUserCreds(store, entry, args.systemUser) };
}

export async function pushAccountFromStore(args: PushAccountFromStoreArgs): Promise<PushAccountResult> {
  const { store } = args;
  const { op, acc, systemCreds } = await storePushInputs(args);
  const signer = chooseSigner(store, anchorOf(acc.claims), `account '${args.account}'`, args.signWith);
  const result = await pushAccount({
    serverUrl: args.serverUrl,
    systemUserCreds: systemCreds,
    accountJwt: acc.jwt,
    accountSigner: signer,
    operatorJwt: op.jwt,
    timeoutMs: args.timeoutMs,
  });
  // What was pushed, for "changed since last push" (pushState.ts); a failure to note it is no failed push.
  if (result.accepted) {
    try {
      recordPush(store, args.operator, acc.claims.sub, acc.jwt);
    } catch {
      /* the push itself succeeded */
    }
  }
  return result;
}
