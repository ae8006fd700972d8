/**
 * Which account JWT a server holds, asked as a user of the system account: `$SYS.REQ.CLAIMS.LIST`
 * (the accounts a full resolver stores) then `$SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP` (the stored JWT),
 * compared with the store's JWT of the account. nats-server 2.9.10 answers both only with a full
 * resolver: a MEMORY or URL resolver has no responder (503), and a lookup of an account it does not
 * hold gets no reply at all (hence the list first). The `nats` client is loaded only when asked.
 */
import type { NatsConnection } from 'nats';
import { parseJwt } from './jwt';
import { isPublicKey } from './keys';
import { TrustError } from './problems';
import { connectFailure } from './push';
import { quoted } from './quote';
import { redactUrl } from './redact';

export const CLAIMS_LIST = '$SYS.REQ.CLAIMS.LIST';

/**
 * The subject of an account's lookup. `account` must be an account public key: it comes from
 * JWTs, creds and replies of others, and a line break in a subject injects protocol lines.
 */
export function claimsLookupSubject(account: string): string {
  if (!isPublicKey(account, 'account')) throw new TrustError('invalid-argument', `${quoted(account)} is not an account public key`);
  return `$SYS.REQ.ACCOUNT.${account}.CLAIMS.LOOKUP`;
}

/**
 * `same`: the server holds the store's JWT; `older`/`newer`: it holds one issued before/after the
 * store's; `different`: another JWT issued in the same second; `missing`: its resolver does not hold
 * the account; `unavailable`: the server could not be asked (`why` says why).
 */
export type AccountLookupState = 'same' | 'older' | 'newer' | 'different' | 'missing' | 'unavailable';

export interface AccountLookup {
  state: AccountLookupState;
  /** The account JWT the server holds (states same, older, newer, different). */
  jwt?: string;
  /** Its issue time (`iat`). */
  issuedAt?: Date;
  /** The issue time of the store's JWT, when one was given. */
  storeIssuedAt?: Date;
  /** How many accounts the server's resolver holds (from the list). */
  accountsOnServer?: number;
  /** State unavailable: why the server could not be asked. */
  why?: string;
  /** State unavailable: the server refused the system user's login (Authorization Violation). */
  systemUserRefused?: boolean;
}

export interface AccountLookupArgs {
  serverUrl: string;
  /** The `.creds` text of a user of the server's system account. */
  systemUserCreds: string;
  /** The account's public key. */
  account: string;
  /** The store's JWT of the account, to compare with. */
  storeJwt?: string;
  /** For the connection and each request (default 2000 ms). */
  timeoutMs?: number;
}

const decoder = new TextDecoder();

function issuedAt(jwt: string | undefined): Date | undefined {
  if (jwt === undefined) return undefined;
  const parsed = parseJwt(jwt);
  return parsed.ok && typeof parsed.jwt.claims.iat === 'number' ? new Date(parsed.jwt.claims.iat * 1000) : undefined;
}

/** The server's JWT of the account against the store's. */
export function compareAccountJwts(serverJwt: string, storeJwt: string | undefined): AccountLookupState {
  if (storeJwt === undefined || serverJwt.trim() === storeJwt.trim()) return 'same';
  const server = issuedAt(serverJwt)?.getTime() ?? 0;
  const store = issuedAt(storeJwt)?.getTime() ?? 0;
  return server < store ? 'older' : server > store ? 'newer' : 'different';
}

/** The accounts the resolver lists, or undefined when the reply is not a list. */
function listed(data: Uint8Array): string[] | undefined {
  try {
    const body = JSON.parse(decoder.decode(data)) as { data?: unknown };
    return Array.isArray(body.data) && body.data.every((x) => typeof x === 'string') ? (body.data as string[]) : undefined;
  } catch {
    return undefined;
  }
}

async function ask(nc: NatsConnection, args: AccountLookupArgs, timeoutMs: number): Promise<AccountLookup> {
  const nats = await import('nats');
  const storeIssuedAt = issuedAt(args.storeJwt);
  const base: AccountLookup = { state: 'missing', ...(storeIssuedAt ? { storeIssuedAt } : {}) };
  let accounts: string[] | undefined;
  try {
    accounts = listed((await nc.request(CLAIMS_LIST, undefined, { timeout: timeoutMs })).data);
  } catch (e) {
    if ((e as { code?: string }).code === nats.ErrorCode.NoResponders) {
      return { ...base, state: 'unavailable', why: `nothing answers ${CLAIMS_LIST} (503 no responders): the server has no full resolver (it takes its accounts from its config or a URL), or the system user is not its system account's` };
    }
    accounts = undefined; // no list: the lookup alone tells
  }
  if (accounts) base.accountsOnServer = accounts.length;
  if (accounts && !accounts.includes(args.account)) return base;
  let text: string;
  try {
    text = decoder.decode((await nc.request(claimsLookupSubject(args.account), undefined, { timeout: timeoutMs })).data).trim();
  } catch (e) {
    // 2.9.10 does not answer a lookup of an account its resolver lacks.
    if ((e as { code?: string }).code === nats.ErrorCode.Timeout && accounts === undefined) return base;
    return { ...base, state: 'unavailable', why: `the lookup of the account got no answer (${(e as { code?: string }).code ?? (e as Error).message})` };
  }
  const parsed = parseJwt(text);
  if (!parsed.ok || parsed.jwt.claims.sub !== args.account) {
    return { ...base, state: 'unavailable', why: `the lookup of the account answered something other than its JWT${parsed.ok ? ` (a JWT of ${parsed.jwt.claims.sub})` : ''}` };
  }
  const at = issuedAt(text);
  return { ...base, state: compareAccountJwts(text, args.storeJwt), jwt: text, ...(at ? { issuedAt: at } : {}) };
}

/** Asks the server at `serverUrl`, as the system user, which JWT of `account` it holds. Never throws for the server's answers. */
export async function lookupAccountOnServer(args: AccountLookupArgs): Promise<AccountLookup> {
  if (!isPublicKey(args.account, 'account')) return { state: 'unavailable', why: `the account cannot be looked up: ${quoted(args.account)} is not an account public key` };
  const nats = await import('nats');
  const timeoutMs = args.timeoutMs ?? 2000;
  let nc: NatsConnection;
  try {
    nc = await nats.connect({
      servers: args.serverUrl,
      authenticator: nats.credsAuthenticator(new TextEncoder().encode(args.systemUserCreds)),
      timeout: timeoutMs,
      reconnect: false,
      name: 'nats-workbench diagnose lookup',
    });
  } catch (e) {
    const refused = /AUTHORIZATION_VIOLATION/.test((e as { code?: string }).code ?? '');
    return { state: 'unavailable', why: `the system user could not log in: ${connectFailure(e as Error, `the server at ${redactUrl(args.serverUrl)}`, false, timeoutMs)}`, ...(refused ? { systemUserRefused: true } : {}) };
  }
  try {
    return await ask(nc, args, timeoutMs);
  } finally {
    await nc.close().catch(() => undefined);
  }
}
