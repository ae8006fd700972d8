/**
 * Editing a user (nsc `edit user`): permissions, response permission, expiry, bearer, connection
 * types, source networks, tags and limits. The JWT is re-signed by the key that signed it (the
 * account or the same signing key), and the user's `.creds` in the keystore
 * (keys/creds/<OP>/<ACC>/<USER>.creds, the one file the store knows it wrote) is rewritten in the
 * same transaction. Other copies (written with `user add --creds`/`user creds` elsewhere) cannot be
 * known: the result says that they still hold the old JWT.
 *
 * The server reads a user JWT at login, so the edit takes effect at the next connection; no push
 * is needed (the account JWT does not change).
 */
import * as fs from 'node:fs';
import type { ConnectionType, User } from 'nats-jwt';
import { encodeUserJwt, UserClaimsInput } from './claims';
import { formatCreds } from './creds';
import { inTransaction, writeFileAtomic } from './files';
import { JwtClaims } from './jwt';
import { NKey } from './keys';
import { paths, StoreLocation } from './layout';
import { PermissionList } from './permissions';
import { TrustError } from './problems';
import { quoted } from './quote';
import { loadAccount, loadUser } from './storeAccess';
import { loadSeed } from './storeWrite';
import { anchorOf, revokedAt } from './verify';

/** Entries to add to a list and entries to remove from it. */
export interface ListEdit {
  add?: string[];
  remove?: string[];
}

export interface UserEdit {
  /** Subjects to add to or remove from each of the four permission lists. */
  permissions?: Partial<Record<PermissionList, ListEdit>>;
  /** Replying to requests received (`resp`): `false` removes it; see UserPermissionsInput.responses. */
  responses?: boolean | { max?: number; ttlMs?: number };
  /** A new expiry, or `null` for none. */
  expires?: Date | null;
  bearer?: boolean;
  connectionTypes?: ListEdit;
  sourceNetworks?: ListEdit;
  tags?: ListEdit;
  /** New limits (-1: unlimited); omitted ones stay. */
  limits?: { subscriptions?: number; data?: number; payload?: number };
}

export interface EditUserArgs extends UserEdit {
  store: StoreLocation;
  operator: string;
  account: string;
  name: string;
  /** Clock for the validity checks (default now). */
  now?: Date;
}

/** What an edit wrote: the re-signed JWT, its signer and the changes. */
export interface EditResult {
  name: string;
  publicKey: string;
  jwt: string;
  jwtPath: string;
  /** The key that re-signed it (the one that had signed it). */
  issuer: string;
  /** What changed, one short line each ("allow-pub + orders.>", "expiry: never"). */
  changes: string[];
}

export interface EditUserResult extends EditResult {
  /** The keystore's .creds of the user, rewritten with the new JWT. */
  credsRewritten?: string;
  /** A keystore .creds that could not be rewritten (the user's seed is missing): it holds the old JWT. */
  credsStale?: string;
}

const LIST_FIELDS: Record<PermissionList, ['pub' | 'sub', 'allow' | 'deny']> = {
  'allow-pub': ['pub', 'allow'],
  'deny-pub': ['pub', 'deny'],
  'allow-sub': ['sub', 'allow'],
  'deny-sub': ['sub', 'deny'],
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()) : []);
const limit = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The claims of a user JWT as the input that would make them (what encodeUserJwt reads). */
export function userInputOf(claims: JwtClaims): UserClaimsInput {
  const nats = claims.nats;
  const perm = (dir: 'pub' | 'sub'): { allow: string[]; deny: string[] } => {
    const p = (nats[dir] ?? {}) as Record<string, unknown>;
    return { allow: strings(p.allow), deny: strings(p.deny) };
  };
  const input: UserClaimsInput = {
    permissions: { pub: perm('pub'), sub: perm('sub') },
    bearer: nats.bearer_token === true,
    tags: strings(nats.tags),
    sourceNetworks: strings(nats.src),
    connectionTypes: strings(nats.allowed_connection_types) as ConnectionType[],
    limits: { subscriptions: limit(nats.subs), data: limit(nats.data), payload: limit(nats.payload) },
  };
  const resp = nats.resp as { max?: unknown; ttl?: unknown } | undefined;
  if (resp && typeof resp === 'object' && input.permissions) {
    const max = typeof resp.max === 'number' && resp.max !== 0 ? resp.max : undefined;
    const ttl = typeof resp.ttl === 'number' && resp.ttl !== 0 ? resp.ttl / 1_000_000 : undefined;
    input.permissions.responses = max === undefined && ttl === undefined ? true : { max, ttlMs: ttl };
  }
  if (claims.exp) input.expires = new Date(claims.exp * 1000);
  if (claims.nbf) input.notBefore = new Date(claims.nbf * 1000);
  return input;
}

/** `list` with `edit` applied; removing an entry that is not there is an error naming the list's entries. */
export function editList(list: readonly string[], edit: ListEdit | undefined, what: string, changes: string[]): string[] {
  if (!edit) return [...list];
  let out = [...list];
  for (const entry of edit.remove ?? []) {
    if (!out.includes(entry)) {
      throw new TrustError('invalid-argument', `${what} has no entry ${quoted(entry)} to remove (it has ${out.length ? out.map((e) => quoted(e)).join(', ') : 'none'})`);
    }
    out = out.filter((e) => e !== entry);
    changes.push(`${what} - ${entry}`);
  }
  for (const entry of edit.add ?? []) {
    if (out.includes(entry)) continue;
    out.push(entry);
    changes.push(`${what} + ${entry}`);
  }
  return out;
}

/** The edit's options that only an unscoped user can carry, by name. */
function permissionEdits(edit: UserEdit): string[] {
  const out: string[] = [];
  for (const [list, e] of Object.entries(edit.permissions ?? {})) if (e && ((e.add?.length ?? 0) > 0 || (e.remove?.length ?? 0) > 0)) out.push(list);
  if (edit.responses !== undefined) out.push('responses');
  if (edit.bearer !== undefined) out.push('bearer');
  if (edit.connectionTypes) out.push('connection types');
  if (edit.sourceNetworks) out.push('source networks');
  if (edit.limits && Object.values(edit.limits).some((v) => v !== undefined)) out.push('limits');
  return out;
}

function hasEdit(edit: UserEdit): boolean {
  return permissionEdits(edit).length > 0 || edit.expires !== undefined || edit.tags !== undefined;
}

/** The claims input with the edit applied, and a line per change. */
export function applyUserEdit(current: UserClaimsInput, edit: UserEdit): { input: UserClaimsInput; changes: string[] } {
  const changes: string[] = [];
  const input: UserClaimsInput = { ...current, permissions: { ...current.permissions, pub: { ...current.permissions?.pub }, sub: { ...current.permissions?.sub } } };
  for (const [list, [dir, kind]] of Object.entries(LIST_FIELDS) as [PermissionList, ['pub' | 'sub', 'allow' | 'deny']][]) {
    const perms = input.permissions?.[dir];
    if (perms) perms[kind] = editList(perms[kind] ?? [], edit.permissions?.[list], list, changes);
  }
  if (edit.responses !== undefined && input.permissions) {
    input.permissions.responses = edit.responses;
    changes.push(edit.responses === false ? 'responses: removed' : `responses: ${edit.responses === true ? 'allowed' : JSON.stringify(edit.responses)}`);
  }
  if (edit.expires !== undefined) {
    input.expires = edit.expires ?? undefined;
    changes.push(`expiry: ${edit.expires ? edit.expires.toISOString() : 'never'}`);
  }
  if (edit.bearer !== undefined) {
    input.bearer = edit.bearer;
    changes.push(`bearer: ${edit.bearer ? 'on' : 'off'}`);
  }
  input.connectionTypes = editList(current.connectionTypes ?? [], edit.connectionTypes && { add: edit.connectionTypes.add?.map((t) => t.toUpperCase()), remove: edit.connectionTypes.remove?.map((t) => t.toUpperCase()) }, 'connection types', changes) as ConnectionType[];
  input.sourceNetworks = editList(current.sourceNetworks ?? [], edit.sourceNetworks, 'source networks', changes);
  input.tags = editList(current.tags ?? [], edit.tags, 'tags', changes);
  if (edit.limits) {
    input.limits = { ...current.limits };
    for (const [k, v] of Object.entries(edit.limits) as [keyof NonNullable<UserClaimsInput['limits']>, number | undefined][]) {
      if (v === undefined) continue;
      input.limits[k] = v;
      changes.push(`${k}: ${v === -1 ? 'unlimited' : v}`);
    }
  }
  return { input, changes };
}

/** Which key pair re-signs a user: the account's own key or the signing key that signed it. */
function userSigner(store: StoreLocation, account: JwtClaims, user: JwtClaims, what: string): { account: NKey | string; signingKey?: NKey; issuer: string } {
  const key = loadSeed(store, user.iss);
  if (!key) throw new TrustError('missing-seed', `${what} was signed by ${user.iss}, whose seed is not in the keystore ${store.keysDir}: only that key can re-sign it`);
  return user.iss === account.sub ? { account: key, issuer: key.publicKey } : { account: account.sub, signingKey: key, issuer: key.publicKey };
}

/** Edits a user and re-signs it with the key that signed it (see the module comment). */
export async function editUser(args: EditUserArgs): Promise<EditUserResult> {
  return inTransaction(() => writeUserEdit(args));
}

async function writeUserEdit(args: EditUserArgs): Promise<EditUserResult> {
  const { store, operator, account, name } = args;
  const { acc } = loadAccount(store, operator, account);
  const user = loadUser(store, operator, account, name, acc.claims, args.now);
  const what = `user '${name}' of account '${account}'`;
  if (!hasEdit(args)) throw new TrustError('invalid-argument', `nothing to change for ${what}`);
  const revoked = revokedAt(acc.claims, user.claims);
  if (revoked) {
    throw new TrustError('invalid-argument', `${what} is revoked (since ${revoked.toISOString()}): a re-signed JWT would be newer than the revocation and log in again; add a new user instead`);
  }
  const scope = anchorOf(acc.claims).scopes?.get(user.claims.iss);
  if (scope) {
    const refused = permissionEdits(args);
    if (refused.length) {
      throw new TrustError(
        'invalid-argument',
        `${what} is signed by the scoped signing key with role '${scope.role}' (${user.claims.iss}): its permissions and limits come from the role's template, so its ${refused.join(', ')} cannot be edited; change the role's template, or add a user signed by an unscoped key`,
      );
    }
  }
  const signer = userSigner(store, acc.claims, user.claims, what);
  const current = userInputOf(user.claims);
  const { input, changes } = applyUserEdit(current, args);
  const base = { ...user.claims.nats } as Partial<User> & Record<string, unknown>;
  if (scope) {
    delete base.times;
    delete base.times_location;
  }
  const jwt = await encodeUserJwt({ ...(scope ? { tags: input.tags, expires: input.expires, notBefore: input.notBefore, scoped: true } : input), name: user.claims.name ?? name, user: user.claims.sub, base, ...signer });
  writeFileAtomic(user.file, jwt, { overwrite: true });
  return { name, publicKey: user.claims.sub, jwt, jwtPath: user.file, issuer: signer.issuer, changes, ...rewriteKeystoreCreds(store, operator, account, name, user.claims.sub, jwt) };
}

/**
 * Rewrites the user's keystore .creds (keys/creds/<OP>/<ACC>/<USER>.creds) with its new JWT, when
 * that file exists: `credsRewritten`, or `credsStale` when the user's seed is missing.
 */
export function rewriteKeystoreCreds(store: StoreLocation, operator: string, account: string, name: string, publicKey: string, jwt: string): Pick<EditUserResult, 'credsRewritten' | 'credsStale'> {
  const { result, text } = keystoreCredsFor(store, operator, account, name, publicKey, jwt);
  if (result.credsRewritten && text !== undefined) writeFileAtomic(result.credsRewritten, text, { overwrite: true });
  return result;
}

/** What rewriteKeystoreCreds would write (the text, when the file exists and the seed is here), without writing it. */
export function keystoreCredsFor(store: StoreLocation, operator: string, account: string, name: string, publicKey: string, jwt: string): { result: Pick<EditUserResult, 'credsRewritten' | 'credsStale'>; text?: string } {
  const credsPath = paths.creds(store, operator, account, name);
  if (!fs.existsSync(credsPath)) return { result: {} };
  const seed = loadSeed(store, publicKey);
  if (!seed) return { result: { credsStale: credsPath } };
  return { result: { credsRewritten: credsPath }, text: formatCreds(jwt, seed) };
}
