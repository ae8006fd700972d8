/**
 * What operations need from a store: a JWT they build on (read and verified, or a clear error)
 * and the key that signs for an operator or account.
 */
import * as fs from 'node:fs';
import { describeIoError } from '../ioErrors';
import { readFileText } from './files';
import { checkIdentities, IdentityEntry } from './identity';
import { JwtClaims, parseJwt, SigningKeyScope } from './jwt';
import { KeyKind, NKey } from './keys';
import { checkName, paths, StoreLocation } from './layout';
import { TrustError } from './problems';
import { loadSeed } from './storeWrite';
import { anchorOf, TrustAnchor, verifyJwt } from './verify';

/**
 * Which key signs: `identity` = the operator's / account's own key; `signing-key` = its first
 * unscoped signing key whose seed is in the keystore; a specific public key (the identity key or
 * one of its signing keys); or the role of a scoped account signing key. Default: the first
 * unscoped signing key with a seed, else the identity key. A scoped signing key is never chosen by
 * default: its users get the role's template instead of the permissions asked for, so it signs
 * only when named by its role or public key.
 */
export type SignWith = 'identity' | 'signing-key' | string;

export interface Loaded {
  jwt: string;
  claims: JwtClaims;
  file: string;
}

/** Reads and verifies a JWT an operation builds on; throws when it is missing, unreadable or invalid. */
export function loadVerified(file: string, kind: KeyKind, what: string, issuer?: TrustAnchor, now?: Date): Loaded {
  let text: string;
  try {
    text = readFileText(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new TrustError('not-found', `${what} does not exist (${file} is missing)`);
    throw new TrustError('io', `${what} cannot be read: ${file}: ${describeIoError(e)}`);
  }
  const v = verifyJwt(text, { expect: kind, issuer, now, path: file });
  const errors = v.problems.filter((p) => p.severity === 'error');
  if (errors.length || !v.claims) {
    throw new TrustError('invalid', `${what} is not valid (${file}): ${errors.map((p) => p.message).join('; ')}`);
  }
  return { jwt: text.trim(), claims: v.claims, file };
}

/** `<dir>/<name>/<name>.jwt` of every folder of `dir` that holds one (nsc's accounts). */
function entryJwts(dir: string, file: (name: string) => string): { name: string; jwtPath: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.map((name) => ({ name, jwtPath: file(name) })).filter((e) => fs.existsSync(e.jwtPath));
}

/**
 * Refuses a loaded account or user whose JWT names another entity, or whose public key a verified
 * JWT of another entry of the operator also has (see identity.ts): an operation would sign for the
 * wrong entity. Only the others' JWTs with the same subject are verified, so this stays cheap.
 */
function refuseOtherIdentity(
  loaded: Loaded,
  target: Omit<IdentityEntry, 'jwtPath' | 'claims' | 'publicKey' | 'problems'>,
  others: { name: string; account?: string; jwtPath: string; issuer?: TrustAnchor }[],
  what: string,
  systemAccount?: string,
): void {
  const entry: IdentityEntry = { ...target, jwtPath: loaded.file, claims: loaded.claims, publicKey: loaded.claims.sub, problems: [] };
  const same: IdentityEntry[] = [];
  for (const o of others) {
    if (o.jwtPath === loaded.file) continue;
    let text: string;
    try {
      text = readFileText(o.jwtPath);
    } catch {
      continue;
    }
    const parsed = parseJwt(text);
    if (!parsed.ok || parsed.jwt.claims.sub !== entry.publicKey) continue;
    const v = verifyJwt(text, { expect: target.kind, issuer: o.issuer });
    same.push({ kind: target.kind, name: o.name, account: o.account, jwtPath: o.jwtPath, claims: v.claims, publicKey: v.claims?.sub, problems: v.problems });
  }
  checkIdentities([entry, ...same], systemAccount);
  const errors = entry.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new TrustError('invalid', `${what} is not valid (${loaded.file}): ${errors.map((p) => p.message).join('; ')}`);
}

export function loadOperator(store: StoreLocation, operator: string): Loaded {
  checkName(operator, 'operator', true);
  return loadVerified(paths.operatorJwt(store, operator), 'operator', `operator '${operator}'`);
}

export function loadAccount(store: StoreLocation, operator: string, account: string): { op: Loaded; acc: Loaded } {
  const op = loadOperator(store, operator);
  checkName(account, 'account', true);
  const what = `account '${account}' of operator '${operator}'`;
  const anchor = anchorOf(op.claims);
  const acc = loadVerified(paths.accountJwt(store, operator, account), 'account', what, anchor);
  const others = entryJwts(paths.accountsDir(store, operator), (a) => paths.accountJwt(store, operator, a)).map((o) => ({ ...o, issuer: anchor }));
  const system = typeof op.claims.nats.system_account === 'string' ? op.claims.nats.system_account : undefined;
  refuseOtherIdentity(acc, { kind: 'account', name: account }, others, what, system);
  return { op, acc };
}

/**
 * A user's verified JWT, refused when it names another user (see refuseOtherIdentity). Another
 * user's JWT with a matching name cannot be in the same folder (names are file names), and in
 * another account it fails that account's issuer check; so, unlike the store model, this does
 * not read every user of the operator (which cost 75-190 ms per call with 2,000 users).
 */
export function loadUser(store: StoreLocation, operator: string, account: string, user: string, accountClaims: JwtClaims, now?: Date): Loaded {
  checkName(user, 'user', true);
  const what = `user '${user}' of account '${account}'`;
  const loaded = loadVerified(paths.userJwt(store, operator, account, user), 'user', what, anchorOf(accountClaims), now);
  refuseOtherIdentity(loaded, { kind: 'user', name: user, account }, [], what);
  return loaded;
}

/** The key that signs for `anchor`, following `signWith` (see SignWith). */
export function chooseSigner(store: StoreLocation, anchor: TrustAnchor, what: string, signWith: SignWith | undefined): NKey {
  const seedOf = (pub: string): NKey | undefined => loadSeed(store, pub);
  if (signWith === 'identity' || signWith === anchor.publicKey) {
    const key = seedOf(anchor.publicKey);
    if (!key) throw new TrustError('missing-seed', `the seed of ${what} (${anchor.publicKey}) is not in the keystore ${store.keysDir}`);
    return key;
  }
  const scopes = anchor.scopes ?? new Map<string, SigningKeyScope>();
  const roles = [...new Set([...scopes.values()].map((s) => s.role))];
  const rolesText = roles.length ? `; its scoped signing keys sign only when chosen by role (${roles.map((r) => `'${r}'`).join(', ')}) or public key` : '';
  if (signWith !== undefined && signWith !== 'signing-key') {
    if (anchor.signingKeys.includes(signWith)) {
      const key = seedOf(signWith);
      if (!key) throw new TrustError('missing-seed', `the seed of signing key ${signWith} of ${what} is not in the keystore ${store.keysDir}`);
      return key;
    }
    const byRole = anchor.signingKeys.filter((k) => scopes.get(k)?.role === signWith);
    if (byRole.length === 0) {
      throw new TrustError('invalid-argument', `${signWith} is neither the key of ${what}, one of its signing keys, nor the role of one of its scoped signing keys${roles.length ? ` (roles: ${roles.join(', ')})` : ''}`);
    }
    for (const pub of byRole) {
      const key = seedOf(pub);
      if (key) return key;
    }
    throw new TrustError('missing-seed', `the seed of the signing key with role '${signWith}' of ${what} (${byRole.join(', ')}) is not in the keystore ${store.keysDir}`);
  }
  for (const pub of anchor.signingKeys) {
    if (scopes.has(pub)) continue;
    const key = seedOf(pub);
    if (key) return key;
  }
  if (signWith === 'signing-key') throw new TrustError('missing-seed', `no unscoped signing key of ${what} has its seed in the keystore ${store.keysDir}${rolesText}`);
  const key = seedOf(anchor.publicKey);
  if (!key) throw new TrustError('missing-seed', `neither the seed of ${what} nor that of one of its unscoped signing keys is in the keystore ${store.keysDir}${rolesText}`);
  return key;
}
