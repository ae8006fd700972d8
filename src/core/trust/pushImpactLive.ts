/**
 * The reads behind `predictPushImpact`, as a user of the system account: the account's client
 * connections from every server (`$SYS.REQ.ACCOUNT.<key>.CONNZ` with `auth`, which lists each
 * connection's user key and user JWT) and its JetStream use (`$SYS.REQ.ACCOUNT.<key>.JSZ` with
 * `streams`). A server that does not answer adds nothing; the figures say how many answered.
 */
import type { NatsConnection } from 'nats';
import { CLAIMS_LIST, claimsLookupSubject } from './accountLookup';
import { ImportLoss, ImporterState, LostImport, exportsChanged, lostImports, noteUnreadImporters, predictImportLoss } from './importLoss';
import { isPublicKey } from './keys';
import { JwtClaims, parseJwt } from './jwt';
import { TrustError } from './problems';
import { connectSystemUser, PushAccountFromStoreArgs, servers, storePushInputs } from './push';
import { LiveAccountState, LiveClient, PushImpact, predictPushImpact } from './pushImpact';
import { quoted } from './quote';

/** The most connections asked of one server: a bound on what one reply may carry. */
export const MAX_CONNZ = 10_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface ServerReply {
  server?: { id?: unknown };
  data?: unknown;
}

function replyOf(data: Uint8Array): ServerReply | undefined {
  try {
    const body = JSON.parse(decoder.decode(data)) as unknown;
    return body !== null && typeof body === 'object' ? (body as ServerReply) : undefined;
  } catch {
    return undefined;
  }
}

/** Every reply to a request from the servers reachable, until none came for a while. */
async function gatherReplies(nc: NatsConnection, subject: string, body: unknown, timeoutMs: number): Promise<ServerReply[]> {
  const nats = await import('nats');
  const out: ServerReply[] = [];
  const seen = new Set<string>();
  try {
    const replies = await nc.requestMany(subject, body === undefined ? undefined : encoder.encode(JSON.stringify(body)), { strategy: nats.RequestStrategy.JitterTimer, maxWait: timeoutMs, jitter: 300 });
    for await (const m of replies) {
      const r = replyOf(m.data);
      const id = typeof r?.server?.id === 'string' ? r.server.id : undefined;
      // One reply per server: a server answering twice is counted once.
      if (!r || (id !== undefined && seen.has(id))) continue;
      if (id !== undefined) seen.add(id);
      out.push(r);
    }
  } catch (e) {
    if ((e as { code?: string }).code !== nats.ErrorCode.NoResponders) throw e;
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

function clientsOf(data: unknown): { clients: LiveClient[]; truncated: boolean } {
  const d = (data ?? {}) as { connections?: unknown; total?: unknown };
  const list = Array.isArray(d.connections) ? d.connections : [];
  const clients: LiveClient[] = [];
  for (const c of list as { authorized_user?: unknown; jwt?: unknown; name_tag?: unknown; kind?: unknown; subscriptions_list?: unknown }[]) {
    if (typeof c?.authorized_user !== 'string' || !isPublicKey(c.authorized_user, 'user')) continue;
    const subscriptions = Array.isArray(c.subscriptions_list) ? c.subscriptions_list.filter((x): x is string => typeof x === 'string') : undefined;
    clients.push({
      user: c.authorized_user,
      ...(typeof c.jwt === 'string' ? { jwt: c.jwt } : {}),
      ...(typeof c.name_tag === 'string' && c.name_tag !== '' ? { name: c.name_tag } : {}),
      ...(subscriptions ? { subscriptions } : {}),
    });
  }
  return { clients, truncated: num(d.total) > list.length };
}

/**
 * The accounts the servers' full resolvers hold (`$SYS.REQ.CLAIMS.LIST`). Only those are asked
 * about: nats-server looks an account it does not hold up from the other servers first, which
 * holds up its answers to the system account's requests for a while.
 */
export async function accountsHeld(nc: NatsConnection, timeoutMs: number): Promise<Set<string>> {
  const held = new Set<string>();
  for (const r of await gatherReplies(nc, CLAIMS_LIST, undefined, timeoutMs)) {
    if (Array.isArray(r.data)) for (const key of r.data) if (typeof key === 'string') held.add(key);
  }
  return held;
}

/** An account no server holds: nobody is connected to it. */
export const NOT_HELD: LiveAccountState = { clients: [], servers: 0 };

/** The account's client connections on every server that answers (with their subscriptions when asked). */
async function readConnections(nc: NatsConnection, account: string, timeoutMs: number, subscriptions = false): Promise<LiveAccountState> {
  if (!isPublicKey(account, 'account')) throw new TrustError('invalid-argument', `${quoted(account)} is not an account public key`);
  const connz = await gatherReplies(nc, `$SYS.REQ.ACCOUNT.${account}.CONNZ`, { auth: true, limit: MAX_CONNZ, ...(subscriptions ? { subscriptions: true } : {}) }, timeoutMs);
  const state: LiveAccountState = { clients: [], servers: connz.length };
  connz.forEach((r, i) => {
    const { clients, truncated } = clientsOf(r.data);
    const server = typeof r.server?.id === 'string' ? r.server.id : `#${i}`;
    state.clients.push(...clients.map((c) => ({ ...c, server })));
    if (truncated) state.truncated = true;
  });
  return state;
}

/** The account's client connections and JetStream use on every server that answers. */
export async function readLiveAccount(nc: NatsConnection, account: string, timeoutMs: number): Promise<LiveAccountState> {
  const state = await readConnections(nc, account, timeoutMs);
  const jsz = await gatherReplies(nc, `$SYS.REQ.ACCOUNT.${account}.JSZ`, { streams: true }, timeoutMs);
  const streams = new Map<string, { messages: number; bytes: number }>();
  let enabled = false;
  for (const r of jsz) {
    const d = r.data as { id?: unknown; stream_detail?: unknown } | undefined;
    // A server where JetStream is off for the account answers without the account's id.
    if (d?.id !== account) continue;
    enabled = true;
    for (const s of Array.isArray(d.stream_detail) ? (d.stream_detail as { name?: unknown; state?: { messages?: unknown; bytes?: unknown } }[]) : []) {
      // A replicated stream is listed by each server holding it: counted once.
      if (typeof s?.name === 'string' && !streams.has(s.name)) streams.set(s.name, { messages: num(s.state?.messages), bytes: num(s.state?.bytes) });
    }
  }
  if (enabled) {
    const all = [...streams.values()];
    state.jetstream = { streams: all.length, messages: all.reduce((n, s) => n + s.messages, 0), bytes: all.reduce((n, s) => n + s.bytes, 0) };
  }
  return state;
}

/** The most other accounts whose JWTs are read to find who imports from a pushed account. */
export const MAX_IMPORTERS_READ = 1_000;

/** The JWT the servers hold for `account` (its CLAIMS.LOOKUP); undefined when none answers with it. */
async function heldClaims(nc: NatsConnection, account: string, timeoutMs: number): Promise<JwtClaims | undefined> {
  try {
    const parsed = parseJwt(decoder.decode((await nc.request(claimsLookupSubject(account), undefined, { timeout: timeoutMs })).data).trim());
    return parsed.ok && parsed.jwt.claims.sub === account ? parsed.jwt.claims : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The imports of other accounts the servers hold that work with the servers' JWT of `next`'s
 * account and stop with `next`, with the connections of those accounts now. Undefined when the
 * exports do not change (nothing else is asked then).
 */
export async function readImportLoss(nc: NatsConnection, next: JwtClaims, held: ReadonlySet<string>, timeoutMs: number, maxRead = MAX_IMPORTERS_READ): Promise<ImportLoss | undefined> {
  const current = await heldClaims(nc, next.sub, timeoutMs);
  if (!current || !exportsChanged(current, next)) return undefined;
  const others = [...held].filter((k) => k !== next.sub && isPublicKey(k, 'account')).sort();
  const lost: LostImport[] = [];
  const read = others.slice(0, maxRead);
  for (let i = 0; i < read.length; i += 16) {
    const claims = await Promise.all(read.slice(i, i + 16).map((k) => heldClaims(nc, k, timeoutMs)));
    for (const c of claims) if (c) lost.push(...lostImports(c, current, next));
  }
  const states = new Map<string, ImporterState>();
  for (const account of new Set(lost.map((l) => l.account))) states.set(account, await readConnections(nc, account, timeoutMs, true));
  const loss = predictImportLoss(lost, states);
  noteUnreadImporters(loss, read.length, others.length);
  return loss;
}

export interface PushImpactArgs {
  serverUrl: string | string[];
  /** The `.creds` text of a user of the system account. */
  systemUserCreds: string;
  accountJwt: string;
  timeoutMs?: number;
  /** At most this many other accounts' JWTs are read for imports the push ends (default MAX_IMPORTERS_READ). */
  maxImportersRead?: number;
}

/** Connects as the system user and predicts what pushing `accountJwt` does to the account's clients now. */
export async function planAccountPush(args: PushImpactArgs): Promise<PushImpact> {
  const parsed = parseJwt(args.accountJwt.trim());
  if (!parsed.ok) throw new TrustError('invalid', `the account JWT cannot be read: ${parsed.reason}`);
  const timeoutMs = args.timeoutMs ?? 5000;
  const nc = await connectSystemUser(servers(args.serverUrl), args.systemUserCreds, timeoutMs);
  try {
    const wait = Math.min(timeoutMs, 2000);
    const account = parsed.jwt.claims.sub;
    const held = await accountsHeld(nc, wait);
    if (!held.has(account)) return predictPushImpact(parsed.jwt.claims, NOT_HELD);
    const live = await readLiveAccount(nc, account, wait);
    return predictPushImpact(parsed.jwt.claims, live, await readImportLoss(nc, parsed.jwt.claims, held, wait, args.maxImportersRead));
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** `planAccountPush` for an account of the store, as the store's system user. */
export async function planAccountPushFromStore(
  args: Pick<PushAccountFromStoreArgs, 'store' | 'operator' | 'account' | 'serverUrl' | 'systemUser' | 'timeoutMs'> & Pick<PushImpactArgs, 'maxImportersRead'>,
): Promise<PushImpact> {
  const { acc, systemCreds } = await storePushInputs(args);
  return planAccountPush({ serverUrl: args.serverUrl, systemUserCreds: systemCreds, accountJwt: acc.jwt, timeoutMs: args.timeoutMs, maxImportersRead: args.maxImportersRead });
}
