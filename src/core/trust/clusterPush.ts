/**
 * Pushing accounts to a cluster with full resolvers, and reading back what the cluster holds.
 *
 * nats-server 2.9.10, measured on a 3-node cluster: every server answers `$SYS.REQ.SERVER.PING`
 * and `$SYS.REQ.CLAIMS.UPDATE` itself, naming itself in `server.name` and `server.id`;
 * `$SYS.REQ.CLAIMS.LIST` gets one reply per server with the account public keys it stores
 * (`data`); `$SYS.REQ.ACCOUNT.<key>.CLAIMS.LOOKUP` gets the raw JWT from each server that stores
 * it and no reply from one that does not (its reply does not name the server).
 *
 * So a push first asks which servers there are (PING), then waits for an update reply from each of
 * them: the result names the servers that stored the account, refused it or did not answer. Servers
 * are told apart by their id, not their name: two servers reporting the same name (nats-server
 * refuses a route between them, but something else answering as a server, or servers reached
 * another way, can) are two servers, shown as `name (id)`, and neither's answer is taken for the
 * other's. An account is pushed only when its JWT verifies against the operator; accounts changed
 * since their last push go first. Each accepted account is then proven by a login of a temporary user (see
 * checkAccountWorks) when a key of the account is in the keystore.
 */
import type { NatsConnection } from 'nats';
import { claimsLookupSubject } from './accountLookup';
import { jetStreamEnabled } from './claims';
import { isPublicKey } from './keys';
import { parseJwt } from './jwt';
import { StoreLocation } from './layout';
import { importsOf } from './exportsRead';
import type { AccountEntry, OperatorEntry } from './model';
import { Problem, problem, TrustError } from './problems';
import { checkAccountWorks, CLAIMS_UPDATE, connectSystemUser, parseReply, PushReply, servers, serversText, whyNoResponder } from './push';
import { systemUserCreds } from './storeCreds';
import { recordPush } from './pushState';
import { PushImpact, predictPushImpact } from './pushImpact';
import { accountsHeld, NOT_HELD, readImportLoss, readLiveAccount } from './pushImpactLive';
import { chooseSigner } from './storeAccess';
import { readOperatorEntry } from './storeRead';
import { anchorOf, verifyJwt } from './verify';

export interface ClusterArgs {
  store: StoreLocation;
  operator: string;
  /** Client URLs of the cluster (any number of its servers), or one comma-separated text. */
  serverUrl: string | string[];
  /** The text of a .creds file of a system account user (default: the store's, see systemUser). */
  systemUserCreds?: string;
  /** The store's system account user to connect as (default: the first one with its seed). */
  systemUser?: string;
  /** For each request, and for each login check (default 5000 ms). */
  timeoutMs?: number;
}

export interface PushToClusterArgs extends ClusterArgs {
  /** Account names to push (default: every account of the operator). */
  accounts?: string[];
  /** Called after each account is pushed. */
  onProgress?: (done: number, total: number, account: ClusterAccountPush) => void;
}

export interface ClusterAccountPush {
  name: string;
  publicKey: string;
  /** It was re-signed here since its last push (pushed first). */
  changedSincePush: boolean;
  /** One reply per server that answered, with the server's name. */
  replies: PushReply[];
  /** Servers that stored it (replied 200). */
  stored: string[];
  /** Servers that answered the ping but not this update. */
  missing: string[];
  /** Every server of the cluster stored it. */
  accepted: boolean;
  /** A temporary user of the account logged in; undefined when not checked. */
  works?: boolean;
  /** What the check did, or why it was not made. */
  check?: string;
  problems: Problem[];
}

export interface PushToClusterResult {
  /** The servers that answered the ping: the ones each push waits for. */
  servers: string[];
  accounts: ClusterAccountPush[];
  /** Every account was stored by every server and no check failed. */
  ok: boolean;
}

interface Connected {
  nc: NatsConnection;
  urls: string[];
  creds: string;
  operatorJwt?: string;
  entry: NonNullable<Awaited<ReturnType<typeof readOperatorEntry>>>;
  timeoutMs: number;
}

/** Reads the operator, connects as the system user, runs `body`, closes. */
async function withCluster<T>(args: ClusterArgs, body: (c: Connected) => Promise<T>): Promise<T> {
  const entry = await readOperatorEntry(args.store, args.operator);
  if (!entry) throw new TrustError('not-found', `operator '${args.operator}' does not exist in ${args.store.storesDir}`);
  const creds = args.systemUserCreds ?? systemUserCreds(args.store, entry, args.systemUser);
  const urls = servers(args.serverUrl);
  if (urls.length === 0) throw new TrustError('invalid-argument', 'no server URL given');
  const timeoutMs = args.timeoutMs ?? 5000;
  const nc = await connectSystemUser(urls, creds, timeoutMs);
  try {
    return await body({ nc, urls, creds, operatorJwt: entry.jwt, entry, timeoutMs });
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** Every reply to a request, until `count` came (when given) or none came for a while, or the time is up. */
async function gather(c: Connected, subject: string, data: string | undefined, count?: number): Promise<Uint8Array[]> {
  const nats = await import('nats');
  const payload = data === undefined ? undefined : new TextEncoder().encode(data);
  const options = count ? { strategy: nats.RequestStrategy.Count, maxMessages: count, maxWait: c.timeoutMs } : { strategy: nats.RequestStrategy.JitterTimer, maxWait: c.timeoutMs, jitter: 400 };
  const out: Uint8Array[] = [];
  try {
    for await (const m of await c.nc.requestMany(subject, payload, options)) out.push(m.data);
  } catch (e) {
    if ((e as { code?: string }).code !== nats.ErrorCode.NoResponders) throw e;
    const why = await whyNoResponder(c.nc, serversText(c.urls), c.urls.length > 1, { operatorJwt: c.operatorJwt, systemUserCreds: c.creds }, c.timeoutMs);
    throw new TrustError('io', `no server answered on ${subject}: ${why}`);
  }
  return out;
}

/** A system service's reply: `{data, server: {name, id}}`, or undefined when it is not JSON (not from a server). */
function systemReply(data: Uint8Array): { data?: unknown; server?: { name?: unknown; id?: unknown } } | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(data)) as unknown;
    return body !== null && typeof body === 'object' ? (body as { data?: unknown; server?: { name?: unknown; id?: unknown } }) : undefined;
  } catch {
    return undefined;
  }
}

/** A server as its replies identify it: the key is its id (names can repeat), the label what is shown. */
interface ServerRef {
  key: string;
  label: string;
}

/** The servers of a cluster by key, each with a label unique among them: its name, with its id when the name repeats. */
class ServerDirectory {
  private readonly names = new Map<string, string>();

  /** The key of a reply's server: its id, else its name; undefined when it gives neither. */
  add(name: unknown, id: unknown): string | undefined {
    const n = typeof name === 'string' ? name : undefined;
    const key = typeof id === 'string' && id !== '' ? id : n !== undefined ? `name ${n}` : undefined;
    if (key !== undefined && !this.names.has(key)) this.names.set(key, n ?? key);
    return key;
  }

  label(key: string): string {
    const name = this.names.get(key) ?? key;
    const shared = [...this.names].filter(([, n]) => n === name).length > 1;
    return shared && !key.startsWith('name ') ? `${name} (${key})` : name;
  }

  refs(keys: Iterable<string>): ServerRef[] {
    return [...new Set(keys)].map((key) => ({ key, label: this.label(key) })).sort((a, b) => a.label.localeCompare(b.label));
  }
}

/** The servers that answer $SYS.REQ.SERVER.PING, by label. */
async function pingServers(c: Connected, dir: ServerDirectory): Promise<ServerRef[]> {
  const keys = (await gather(c, '$SYS.REQ.SERVER.PING', undefined)).map((d) => systemReply(d)?.server).map((s) => dir.add(s?.name, s?.id));
  return dir.refs(keys.filter((k): k is string => k !== undefined));
}

/**
 * The accounts to push, in order: changed since their last push first, then by name; but an
 * account that another one imports from goes before that importer, since nats-server 2.9 drops an
 * import whose exporting account it does not hold yet when the importer arrives.
 */
export function accountsToPush(entry: Pick<OperatorEntry, 'accounts'>, names: string[] | undefined, operator: string): AccountEntry[] {
  const all = entry.accounts;
  const chosen = names === undefined ? all : names.map((n) => all.find((a) => a.name === n) ?? missingAccount(n, operator));
  const sorted = [...chosen].sort((a, b) => Number(b.changedSincePush === true) - Number(a.changedSincePush === true) || a.name.localeCompare(b.name));
  const byKey = new Map(sorted.filter((a) => a.publicKey).map((a) => [a.publicKey as string, a]));
  const out: AccountEntry[] = [];
  const placed = new Set<AccountEntry>();
  const visiting = new Set<AccountEntry>();
  const place = (a: AccountEntry): void => {
    if (placed.has(a) || visiting.has(a)) return; // an import cycle keeps the order it has
    visiting.add(a);
    for (const i of importsOf(a.claims)) {
      const exporter = byKey.get(i.account);
      if (exporter && exporter !== a) place(exporter);
    }
    visiting.delete(a);
    placed.add(a);
    out.push(a);
  };
  sorted.forEach(place);
  return out;
}

function missingAccount(name: string, operator: string): never {
  throw new TrustError('not-found', `operator '${operator}' has no account '${name}'`);
}

/** Pushes accounts to every server of a cluster and proves each (see the module comment). */
export async function pushToCluster(args: PushToClusterArgs): Promise<PushToClusterResult> {
  return withCluster(args, async (c) => {
    const accounts = accountsToPush(c.entry, args.accounts, args.operator);
    const dir = new ServerDirectory();
    const expected = await pingServers(c, dir);
    const operator = c.entry.claims ? anchorOf(c.entry.claims) : undefined;
    const result: PushToClusterResult = { servers: expected.map((s) => s.label), accounts: [], ok: true };
    for (const acc of accounts) {
      const pushed = await pushOne(c, args, acc, expected, dir, operator);
      result.accounts.push(pushed);
      if (!pushed.accepted || pushed.works === false) result.ok = false;
      args.onProgress?.(result.accounts.length, accounts.length, pushed);
    }
    return result;
  });
}

export interface PlannedAccountPush {
  name: string;
  publicKey: string;
  impact: PushImpact;
}

/**
 * What pushing each account (as `pushToCluster` would, in its order) does to its running clients
 * on the cluster (pushImpact.ts); pushes nothing. An account without a readable JWT is left out:
 * `pushToCluster` refuses it.
 */
export async function planPushToCluster(args: PushToClusterArgs): Promise<PlannedAccountPush[]> {
  return withCluster(args, async (c) => {
    const out: PlannedAccountPush[] = [];
    const wait = Math.min(c.timeoutMs, 2000);
    const held = await accountsHeld(c.nc, wait);
    for (const acc of accountsToPush(c.entry, args.accounts, args.operator)) {
      if (!acc.claims || !acc.publicKey || !isPublicKey(acc.publicKey, 'account')) continue;
      if (!held.has(acc.publicKey)) {
        out.push({ name: acc.name, publicKey: acc.publicKey, impact: predictPushImpact(acc.claims, NOT_HELD) });
        continue;
      }
      const live = await readLiveAccount(c.nc, acc.publicKey, wait);
      out.push({ name: acc.name, publicKey: acc.publicKey, impact: predictPushImpact(acc.claims, live, await readImportLoss(c.nc, acc.claims, held, wait)) });
    }
    return out;
  });
}

async function pushOne(c: Connected, args: PushToClusterArgs, acc: AccountEntry, expected: ServerRef[], dir: ServerDirectory, operator: ReturnType<typeof anchorOf> | undefined): Promise<ClusterAccountPush> {
  const out: ClusterAccountPush = { name: acc.name, publicKey: acc.publicKey ?? '', changedSincePush: acc.changedSincePush === true, replies: [], stored: [], missing: expected.map((s) => s.label), accepted: false, problems: [] };
  const v = acc.jwt === undefined ? undefined : verifyJwt(acc.jwt, { expect: 'account', issuer: operator });
  const errors = v?.problems.filter((p) => p.severity === 'error') ?? [problem('missing-jwt', `account '${acc.name}' has no JWT`)];
  if (!v?.claims || errors.length || acc.jwt === undefined) {
    out.problems.push(...errors, problem('push-failed', `account '${acc.name}' was not pushed: its JWT does not verify against the operator`));
    return out;
  }
  const answered = new Set<string>();
  for (const data of await gather(c, CLAIMS_UPDATE, acc.jwt.trim(), expected.length)) {
    const reply = parseReply(data);
    const key = dir.add(reply.server, reply.serverId);
    if (key !== undefined) answered.add(key);
    // Shown by its label: a name two servers share is told apart by the id.
    out.replies.push(key === undefined ? reply : { ...reply, server: dir.label(key) });
  }
  const named = (r: PushReply): string => r.server ?? 'a server';
  out.stored = out.replies.filter((r) => r.code === 200).map(named).sort();
  out.missing = expected.filter((s) => !answered.has(s.key)).map((s) => s.label);
  for (const r of out.replies.filter((x) => x.code !== 200)) out.problems.push(problem('push-failed', `${named(r)} refused account '${acc.name}': ${r.code} ${r.message}`));
  if (out.missing.length) out.problems.push(problem('push-failed', `no reply from ${out.missing.join(', ')} within ${c.timeoutMs} ms: ${out.missing.length === 1 ? 'it may not have' : 'they may not have'} stored account '${acc.name}'`));
  out.accepted = out.replies.length > 0 && out.missing.length === 0 && out.replies.every((r) => r.code === 200);
  if (!out.accepted) return out;
  try {
    recordPush(args.store, args.operator, v.claims.sub, acc.jwt);
  } catch {
    /* the push itself succeeded */
  }
  let signer;
  try {
    signer = chooseSigner(args.store, anchorOf(v.claims), `account '${acc.name}'`, undefined);
  } catch (e) {
    out.check = `not checked: ${(e as Error).message}`;
    return out;
  }
  const check = await checkAccountWorks({ serverUrl: c.urls, accountPublicKey: v.claims.sub, signer, jetstream: jetStreamEnabled(v.claims.nats.limits as Parameters<typeof jetStreamEnabled>[0]), timeoutMs: c.timeoutMs });
  out.works = check.ok;
  out.check = check.detail;
  if (!check.ok) out.problems.push(problem('account-unusable', `account '${acc.name}' does not work on the cluster: ${check.detail}`));
  return out;
}

// --- pull ----------------------------------------------------------------------------------------

/**
 * How the cluster's copy of an account compares with the store's:
 * `same`; `missing-on-server` (the store has it, no server does); `older-on-server` and
 * `newer-on-server` (by issue time); `differs` (another JWT issued in the same second);
 * `unknown-on-server` (a server has an account the store does not).
 */
export type ClusterDifference = 'same' | 'missing-on-server' | 'older-on-server' | 'newer-on-server' | 'differs' | 'unknown-on-server';

export interface PulledAccount {
  publicKey: string;
  /** The store's name for it, else the name in the server's JWT. */
  name?: string;
  status: ClusterDifference;
  /** The servers that list it (`$SYS.REQ.CLAIMS.LIST`). */
  servers: string[];
  /** Servers of the cluster that do not list it (only for accounts some server or the store has). */
  missingOn: string[];
  /** Issue times: the store's JWT and the servers' (one per distinct JWT they hold). */
  storeIssuedAt?: Date;
  serverIssuedAt: Date[];
  /** The servers hold different JWTs of this account. */
  inconsistent: boolean;
  /** The JWTs the servers hold (distinct). */
  serverJwts: string[];
}

export interface PullFromClusterResult {
  servers: string[];
  accounts: PulledAccount[];
  /** Every account is the same on every server as in the store. */
  inSync: boolean;
}

const issuedAt = (jwt: string): number | undefined => {
  const p = parseJwt(jwt);
  return p.ok ? p.jwt.claims.iat : undefined;
};

function compare(store: string | undefined, held: string[]): ClusterDifference {
  if (store === undefined) return 'unknown-on-server';
  if (held.length === 0) return 'missing-on-server';
  const mine = issuedAt(store) ?? 0;
  const statuses = held.map((jwt): ClusterDifference => {
    if (jwt.trim() === store.trim()) return 'same';
    const theirs = issuedAt(jwt) ?? 0;
    return theirs < mine ? 'older-on-server' : theirs > mine ? 'newer-on-server' : 'differs';
  });
  return statuses.find((s) => s !== 'same') ?? 'same';
}

/** Reads the account JWTs the cluster holds and compares them with the store (see ClusterDifference). */
export async function pullFromCluster(args: ClusterArgs): Promise<PullFromClusterResult> {
  return withCluster(args, async (c) => {
    const dir = new ServerDirectory();
    const expected = await pingServers(c, dir);
    // Keyed by server id: two servers reporting one name each keep their own list.
    const lists = new Map<string, string[]>();
    for (const data of await gather(c, '$SYS.REQ.CLAIMS.LIST', undefined, expected.length)) {
      const body = systemReply(data);
      if (!body) continue;
      // Only account public keys: each becomes a token of a lookup subject, where a space or a line
      // break from a hostile reply would change the subject or inject protocol lines.
      const keys = Array.isArray(body.data) ? body.data.filter((k): k is string => typeof k === 'string' && isPublicKey(k, 'account')) : [];
      const server = dir.add(body.server?.name, body.server?.id) ?? dir.add(`server ${lists.size + 1}`, undefined);
      if (server !== undefined) lists.set(server, [...(lists.get(server) ?? []), ...keys]);
    }
    const storeKeys = new Map(c.entry.accounts.filter((a) => a.publicKey && a.jwt).map((a) => [a.publicKey as string, a]));
    const keys = [...new Set([...storeKeys.keys(), ...[...lists.values()].flat()])];
    const accounts: PulledAccount[] = [];
    for (const key of keys) {
      const holders = [...lists].filter(([, held]) => held.includes(key)).map(([server]) => server);
      const jwts = holders.length ? (await gather(c, claimsLookupSubject(key), undefined, holders.length)).map((d) => new TextDecoder().decode(d).trim()) : [];
      const distinct = [...new Set(jwts.filter((j) => j !== ''))];
      const mine = storeKeys.get(key);
      const fromServer = distinct.map((j) => parseJwt(j)).find((p) => p.ok);
      const name = mine?.name ?? (fromServer?.ok ? fromServer.jwt.claims.name : undefined);
      const storeIat = mine?.jwt ? issuedAt(mine.jwt) : undefined;
      accounts.push({
        publicKey: key,
        ...(name ? { name } : {}),
        status: compare(mine?.jwt, distinct),
        servers: dir.refs(holders).map((s) => s.label),
        missingOn: expected.filter((s) => !holders.includes(s.key)).map((s) => s.label),
        ...(storeIat ? { storeIssuedAt: new Date(storeIat * 1000) } : {}),
        serverIssuedAt: distinct.map(issuedAt).filter((t): t is number => t !== undefined).map((t) => new Date(t * 1000)),
        inconsistent: distinct.length > 1,
        serverJwts: distinct,
      });
    }
    accounts.sort((a, b) => (a.name ?? a.publicKey).localeCompare(b.name ?? b.publicKey));
    return { servers: expected.map((s) => s.label), accounts, inSync: accounts.every((a) => a.status === 'same' && a.missingOn.length === 0 && !a.inconsistent) };
  });
}
