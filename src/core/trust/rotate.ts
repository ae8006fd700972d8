/**
 * Rotating a signing key: a new key takes the old one's place, everything the old key signed in
 * the store is signed again by the new one, and the old key is removed.
 *
 * - An account signing key: the account JWT lists the new key where the old one was (a scoped
 *   key keeps its role and template, so `--signing-key ROLE` picks the new one), re-signed by the
 *   operator; every user of the account signed by the old key is re-issued with the same claims
 *   (only `iss`, `iat` and `jti` change) and the keystore `.creds` of each is rewritten.
 * - An operator signing key: the operator JWT (self-signed) lists the new key; every account the
 *   old key signed is re-signed by the new one, and marked "changed since last push".
 *
 * All or nothing (one transaction of files.ts). Users (accounts) that cannot be re-issued stay as
 * they are and are reported: a revoked user (a JWT issued now would be newer than its revocation
 * and log in again), and one whose JWT fails verification (signing it again would make a tampered
 * or broken JWT valid). They fail once servers have the re-signed account (operator) JWT, as
 * every copy of a re-issued user's old `.creds` does.
 */
import type { Account, Operator } from 'nats-jwt';
import { encodeOperatorJwt } from './claims';
import { resignAccount } from './editAccount';
import { keystoreCredsFor } from './editUser';
import { inTransaction, removeFileAtomic, replaceFilesAtomic } from './files';
import { signJwt } from './jwtEncode';
import { NKey } from './keys';
import { paths, StoreLocation } from './layout';
import type { AccountEntry, UserEntry } from './model';
import { Problem, TrustError } from './problems';
import { keyByRoleOrKey, RemoveSigningKeyArgs } from './revocations';
import { readOperatorEntry } from './storeRead';
import { chooseSigner, Loaded, loadAccount, loadOperator } from './storeAccess';
import { storeJwt, storeSeed } from './storeWrite';
import { anchorOf } from './verify';

/**
 * What to rotate: `key` is the old key (public key, or the role of a scoped account key), of
 * `account` or (without it) of the operator; `removeSeed` also deletes the old seed; `signWith`,
 * for an account, the operator key that re-signs it (default: the one that signed it).
 */
export type RotateSigningKeyArgs = RemoveSigningKeyArgs;

/** A user (account rotation) or an account (operator rotation) signed again by the new key. */
export interface ReissuedEntry {
  name: string;
  publicKey: string;
  jwtPath: string;
  /** The keystore .creds of a user, rewritten with the new JWT. */
  credsRewritten?: string;
  /** A keystore .creds that could not be rewritten (the user's seed is missing): it holds the old JWT. */
  credsStale?: string;
}

/** Something the old key signed that was not signed again, and why. */
export interface SkippedEntry {
  name: string;
  publicKey?: string;
  reason: string;
}

export interface RotateSigningKeyResult {
  operator: string;
  account?: string;
  oldKey: string;
  newKey: string;
  /** Where the new key's seed was written. */
  seedPath: string;
  /** The role of a scoped key, kept by the new key. */
  role?: string;
  /** The re-signed JWT of the key's owner (the account, or the operator). */
  jwt: string;
  jwtPath: string;
  /** Users (account key) or accounts (operator key) signed again by the new key. */
  reissued: ReissuedEntry[];
  skipped: SkippedEntry[];
  seedRemoved?: string;
}

/** Problems that do not stop a JWT from being signed again as it is: it expires or starts as before. */
const TIME_CODES = new Set(['expired', 'not-yet-valid']);

function refusal(problems: readonly Problem[]): string | undefined {
  const errors = problems.filter((p) => p.severity === 'error' && !TIME_CODES.has(p.code));
  return errors.length ? `it fails verification (${errors.map((p) => p.message).join('; ')}); it is not signed again` : undefined;
}

const date = (s: number | undefined): Date | undefined => (s ? new Date(s * 1000) : undefined);

/** The signing key list with the old entry's place taken by the new key (a scope stays with it). */
function replaced(list: readonly unknown[], index: number, newKey: string): { list: unknown[]; oldKey: string; role?: string } {
  const entry = list[index];
  const out = [...list];
  if (typeof entry === 'object' && entry !== null) {
    const scoped = entry as { key?: unknown; role?: unknown };
    out[index] = { ...entry, key: newKey };
    return { list: out, oldKey: String(scoped.key), ...(typeof scoped.role === 'string' ? { role: scoped.role } : {}) };
  }
  out[index] = newKey;
  return { list: out, oldKey: String(entry) };
}

/** Rotates an account or operator signing key (see the module comment). */
export async function rotateSigningKey(args: RotateSigningKeyArgs): Promise<RotateSigningKeyResult> {
  return inTransaction(async () => {
    const result = args.account === undefined ? await rotateOperatorKey(args) : await rotateAccountKey(args, args.account);
    if (args.removeSeed) {
      const seed = paths.seed(args.store, result.oldKey);
      removeFileAtomic(seed);
      result.seedRemoved = seed;
    }
    return result;
  });
}

async function rotateAccountKey(args: RotateSigningKeyArgs, account: string): Promise<RotateSigningKeyResult> {
  const { store, operator } = args;
  const { op, acc } = loadAccount(store, operator, account);
  const list = Array.isArray(acc.claims.nats.signing_keys) ? (acc.claims.nats.signing_keys as unknown[]) : [];
  const index = keyByRoleOrKey(list, args.key, `account '${account}'`);
  const key = NKey.generate('account');
  const seedPath = storeSeed(store, key);
  const swap = replaced(list, index, key.publicKey);
  // Read before anything is re-signed: the users as the old account JWT verifies them.
  const entry = (await readOperatorEntry(store, operator))?.accounts.find((a) => a.name === account);
  const { jwt } = await resignAccount(store, operator, op, acc, { ...acc.claims.nats, signing_keys: swap.list } as Partial<Account>, args.signWith);
  const result: RotateSigningKeyResult = { operator, account, oldKey: swap.oldKey, newKey: key.publicKey, seedPath, jwt, jwtPath: acc.file, reissued: [], skipped: [], ...(swap.role ? { role: swap.role } : {}) };
  const writes: { file: string; data: string }[] = [];
  for (const user of entry?.users.filter((u) => u.claims?.iss === swap.oldKey) ?? []) {
    const why = user.revokedAt ? `it is revoked (since ${user.revokedAt.toISOString()}): a JWT issued now would be newer than the revocation and log in again` : refusal(user.problems);
    if (why) result.skipped.push({ name: user.name, publicKey: user.publicKey, reason: why });
    else result.reissued.push(reissueUser(store, operator, account, acc.claims.sub, user, key, writes));
  }
  // Every user's JWT and .creds at once: 2,000 files fsync'ed in turn took 15 s.
  await replaceFilesAtomic(writes);
  return result;
}

/** The user's JWT with the same claims, signed by `key`, and its keystore .creds: added to `writes`. */
function reissueUser(store: StoreLocation, operator: string, account: string, accountKey: string, user: UserEntry, key: NKey, writes: { file: string; data: string }[]): ReissuedEntry {
  const claims = user.claims;
  if (!claims) throw new TrustError('invalid', `user '${user.name}' has no readable claims`);
  const jwt = signJwt({ name: claims.name ?? user.name, sub: claims.sub, exp: claims.exp, nbf: claims.nbf, nats: { ...claims.nats, issuer_account: accountKey } }, key);
  writes.push({ file: user.jwtPath, data: jwt });
  const creds = keystoreCredsFor(store, operator, account, user.name, claims.sub, jwt);
  if (creds.result.credsRewritten && creds.text !== undefined) writes.push({ file: creds.result.credsRewritten, data: creds.text });
  return { name: user.name, publicKey: claims.sub, jwtPath: user.jwtPath, ...creds.result };
}

async function rotateOperatorKey(args: RotateSigningKeyArgs): Promise<RotateSigningKeyResult> {
  const { store, operator } = args;
  const op = loadOperator(store, operator);
  const list = Array.isArray(op.claims.nats.signing_keys) ? (op.claims.nats.signing_keys as unknown[]) : [];
  const index = keyByRoleOrKey(list, args.key, `operator '${operator}'`);
  const identity = chooseSigner(store, anchorOf(op.claims), `operator '${operator}'`, 'identity');
  const key = NKey.generate('operator');
  const seedPath = storeSeed(store, key);
  const swap = replaced(list, index, key.publicKey);
  const entry = await readOperatorEntry(store, operator);
  const jwt = await encodeOperatorJwt({ name: op.claims.name ?? operator, key: identity, base: { ...op.claims.nats, signing_keys: swap.list } as Partial<Operator>, expires: date(op.claims.exp), notBefore: date(op.claims.nbf) });
  storeJwt(op.file, jwt, true);
  const rotated: Loaded = { jwt, claims: { ...op.claims, nats: { ...op.claims.nats, signing_keys: swap.list } }, file: op.file };
  const result: RotateSigningKeyResult = { operator, oldKey: swap.oldKey, newKey: key.publicKey, seedPath, jwt, jwtPath: op.file, reissued: [], skipped: [] };
  for (const acc of entry?.accounts.filter((a) => a.claims?.iss === swap.oldKey) ?? []) {
    const why = refusal(acc.problems);
    if (why) result.skipped.push({ name: acc.name, publicKey: acc.publicKey, reason: why });
    else result.reissued.push(await resignAccountWith(store, operator, rotated, acc, key));
  }
  return result;
}

async function resignAccountWith(store: StoreLocation, operator: string, op: Loaded, acc: AccountEntry, key: NKey): Promise<ReissuedEntry> {
  if (!acc.claims || acc.jwt === undefined || !acc.publicKey) throw new TrustError('invalid', `account '${acc.name}' has no readable claims`);
  await resignAccount(store, operator, op, { jwt: acc.jwt, claims: acc.claims, file: acc.jwtPath }, { ...acc.claims.nats } as Partial<Account>, key.publicKey);
  return { name: acc.name, publicKey: acc.publicKey, jwtPath: acc.jwtPath };
}
