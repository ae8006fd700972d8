/**
 * Revoking users and removing signing keys.
 *
 * A revocation is an entry of the account JWT's `revocations`: a user's public key (or `*` for all
 * users) and a time in seconds; nats-server refuses, and disconnects, a user whose JWT was issued
 * (`iat`) at or before that time (jwt v2 `IsRevoked`: `t >= iat`). It reaches the servers with the
 * account JWT, so it works once the account is pushed. A user JWT issued after the revocation is
 * not covered (that is how nsc re-issues a revoked user), so an edit of a revoked user is refused.
 *
 * Removing a signing key from an account's (operator's) `signing_keys` makes every user (account)
 * it signed fail verification: the server refuses them once it has the re-signed JWT.
 * However many users are revoked, the account JWT is re-signed once.
 */
import type { Account, Operator } from 'nats-jwt';
import { resignAccount } from './editAccount';
import { encodeOperatorJwt } from './claims';
import { inTransaction, readFileText, removeFileAtomic } from './files';
import { parseJwt } from './jwt';
import { isPublicKey, publicKeyKind } from './keys';
import { checkName, paths, StoreLocation } from './layout';
import { TrustError } from './problems';
import { readOperatorEntry } from './storeRead';
import { chooseSigner, loadAccount, loadOperator, SignWith } from './storeAccess';
import { storeJwt } from './storeWrite';
import { ALL_USERS, anchorOf, revocationsOf } from './verify';

export { ALL_USERS, revokedAt } from './verify';

export interface RevokeUsersArgs {
  store: StoreLocation;
  operator: string;
  account: string;
  /** Users to revoke: names of the store's users of the account, or user public keys. */
  users?: string[];
  /** Revoke every user whose JWT was issued at or before this time (`*`). */
  allIssuedBefore?: Date;
  /** The revocation time for `users` (default now): their JWTs issued until then are refused. */
  at?: Date;
  signWith?: SignWith;
}

export interface RevokeUsersResult {
  account: string;
  /** The revoked users: name (when a store user) and public key, with the revocation time. */
  revoked: { name?: string; publicKey: string; at: Date }[];
  allIssuedBefore?: Date;
  jwt: string;
  jwtPath: string;
  issuer: string;
  /** What the revocation will also stop, e.g. pushes made with a revoked user of the system account. */
  warnings: string[];
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** Why `key` (given as a user's public key) is not one, or undefined when it is. */
export function userPublicKeyProblem(key: string): string | undefined {
  const kind = publicKeyKind(key);
  if (kind === 'user') return undefined;
  if (kind) return `'${key}' is the public key of an ${kind}, not of a user: a revocation names a user key (U…)`;
  return `'${key}' is not a user public key (56 characters from U, with a valid checksum)`;
}

/** The public key of a store user, read without verifying it (revoking a key can do no harm). */
function userKey(store: StoreLocation, operator: string, account: string, user: string): string {
  if (isPublicKey(user, 'user')) return user;
  if (publicKeyKind(user)) throw new TrustError('invalid-argument', userPublicKeyProblem(user) ?? user);
  checkName(user, 'user', true);
  const file = paths.userJwt(store, operator, account, user);
  let text: string;
  try {
    text = readFileText(file);
  } catch {
    throw new TrustError('not-found', `user '${user}' of account '${account}' does not exist (${file} is missing); give its public key to revoke it anyway`);
  }
  const parsed = parseJwt(text);
  if (!parsed.ok || !isPublicKey(parsed.jwt.claims.sub, 'user')) throw new TrustError('invalid', `the JWT of user '${user}' (${file}) names no user key; give the public key to revoke`);
  return parsed.jwt.claims.sub;
}

/** Revokes users of an account (see the module comment); one re-signed account JWT. */
export async function revokeUsers(args: RevokeUsersArgs): Promise<RevokeUsersResult> {
  return inTransaction(async () => {
    const { store, operator, account } = args;
    const users = args.users ?? [];
    if (users.length === 0 && !args.allIssuedBefore) throw new TrustError('invalid-argument', 'name the users to revoke, or a time before which all are revoked');
    const { op, acc } = loadAccount(store, operator, account);
    const at = args.at ?? new Date();
    for (const [what, d] of [['the revocation time', at], ['the time', args.allIssuedBefore]] as const) {
      if (d !== undefined && !(d instanceof Date && Number.isFinite(d.getTime()) && d.getTime() >= 1000)) throw new TrustError('invalid-argument', `${what} is not a valid date`);
    }
    const revocations = revocationsOf(acc.claims);
    const revoked: RevokeUsersResult['revoked'] = [];
    for (const user of users) {
      const publicKey = userKey(store, operator, account, user);
      revocations[publicKey] = Math.max(revocations[publicKey] ?? 0, seconds(at));
      revoked.push({ ...(publicKey === user ? {} : { name: user }), publicKey, at: new Date(revocations[publicKey] * 1000) });
    }
    if (args.allIssuedBefore && args.allIssuedBefore.getTime() > Date.now() + 60_000) {
      throw new TrustError('invalid-argument', `${args.allIssuedBefore.toISOString()} is in the future: it would also revoke every user issued from now until then; give a past time or now`);
    }
    if (args.allIssuedBefore) revocations[ALL_USERS] = Math.max(revocations[ALL_USERS] ?? 0, seconds(args.allIssuedBefore));
    const nats = { ...acc.claims.nats, revocations } as Partial<Account>;
    const { jwt, issuer } = await resignAccount(store, operator, op, acc, nats, args.signWith);
    const warnings =
      acc.claims.sub === op.claims.nats.system_account
        ? [`'${account}' is the system account of operator '${operator}': once this is pushed, the revoked credentials can no longer push accounts or look them up; keep another user of it for that.`]
        : [];
    return { account, revoked, ...(args.allIssuedBefore ? { allIssuedBefore: new Date(revocations[ALL_USERS] * 1000) } : {}), jwt, jwtPath: acc.file, issuer, warnings };
  });
}

export interface RemoveSigningKeyArgs {
  store: StoreLocation;
  operator: string;
  /** The account whose key goes; without it, an operator signing key. */
  account?: string;
  /** The public key, or the role of a scoped account signing key. */
  key: string;
  /** Also delete its seed from the keystore (default: the seed stays). */
  removeSeed?: boolean;
  /** For an account: which operator key re-signs it. */
  signWith?: SignWith;
}

export interface RemoveSigningKeyResult {
  publicKey: string;
  jwt: string;
  jwtPath: string;
  /** What it had signed and that now fails: user names (account key) or account names (operator key). */
  signed: string[];
  seedRemoved?: string;
}

/** Who a signing key signed in the store: users of the account, or accounts of the operator. */
export async function signedBy(store: StoreLocation, operator: string, account: string | undefined, key: string): Promise<string[]> {
  const entry = await readOperatorEntry(store, operator);
  if (!entry) return [];
  if (account === undefined) return entry.accounts.filter((a) => a.claims?.iss === key).map((a) => a.name);
  return entry.accounts.find((a) => a.name === account)?.users.filter((u) => u.claims?.iss === key).map((u) => u.name) ?? [];
}

/** The index of a signing key given by public key, or by the role of a scoped key; not found is an error naming `what`. */
export function keyByRoleOrKey(signingKeys: unknown[], key: string, what: string): number {
  const index = signingKeys.findIndex((k) => k === key || (typeof k === 'object' && k !== null && ((k as { key?: unknown }).key === key || (k as { role?: unknown }).role === key)));
  if (index < 0) throw new TrustError('not-found', `${what} has no signing key ${key}`);
  return index;
}

/** Removes a signing key from an account or operator JWT (see the module comment). */
export async function removeSigningKey(args: RemoveSigningKeyArgs): Promise<RemoveSigningKeyResult> {
  return inTransaction(async () => {
    const { store, operator, account } = args;
    let removed: string;
    let jwt: string;
    let jwtPath: string;
    if (account === undefined) {
      const op = loadOperator(store, operator);
      const list = Array.isArray(op.claims.nats.signing_keys) ? [...(op.claims.nats.signing_keys as unknown[])] : [];
      const [entry] = list.splice(keyByRoleOrKey(list, args.key, `operator '${operator}'`), 1);
      removed = typeof entry === 'string' ? entry : String((entry as { key: string }).key);
      const identity = chooseSigner(store, anchorOf(op.claims), `operator '${operator}'`, 'identity');
      const date = (s: number | undefined): Date | undefined => (s ? new Date(s * 1000) : undefined);
      jwt = await encodeOperatorJwt({ name: op.claims.name ?? operator, key: identity, base: { ...op.claims.nats, signing_keys: list } as Partial<Operator>, expires: date(op.claims.exp), notBefore: date(op.claims.nbf) });
      jwtPath = storeJwt(op.file, jwt, true);
    } else {
      const { op, acc } = loadAccount(store, operator, account);
      const list = Array.isArray(acc.claims.nats.signing_keys) ? [...(acc.claims.nats.signing_keys as unknown[])] : [];
      const [entry] = list.splice(keyByRoleOrKey(list, args.key, `account '${account}'`), 1);
      removed = typeof entry === 'string' ? entry : String((entry as { key: string }).key);
      jwt = (await resignAccount(store, operator, op, acc, { ...acc.claims.nats, signing_keys: list } as Partial<Account>, args.signWith)).jwt;
      jwtPath = acc.file;
    }
    const signed = await signedBy(store, operator, account, removed);
    const result: RemoveSigningKeyResult = { publicKey: removed, jwt, jwtPath, signed };
    if (args.removeSeed) {
      const seed = paths.seed(store, removed);
      removeFileAtomic(seed);
      result.seedRemoved = seed;
    }
    return result;
  });
}
