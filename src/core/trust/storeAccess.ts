/**
 * What operations need from a store: a JWT they build on (read and verified, or a clear error)
 * and the key that signs for an operator or account.
 */
import * as fs from 'node:fs';
import { JwtClaims, SigningKeyScope } from './jwt';
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

/** Reads and verifies a JWT an operation builds on; throws when it is missing or invalid. */
export function loadVerified(file: string, kind: KeyKind, what: string, issuer?: TrustAnchor, now?: Date): Loaded {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new TrustError('not-found', `${what} does not exist (${file} is missing)`);
  }
  const v = verifyJwt(text, { expect: kind, issuer, now, path: file });
  const errors = v.problems.filter((p) => p.severity === 'error');
  if (errors.length || !v.claims) {
    throw new TrustError('invalid', `${what} is not valid (${file}): ${errors.map((p) => p.message).join('; ')}`);
  }
  return { jwt: text.trim(), claims: v.claims, file };
}

export function loadOperator(store: StoreLocation, operator: string): Loaded {
  checkName(operator, 'operator');
  return loadVerified(paths.operatorJwt(store, operator), 'operator', `operator '${operator}'`);
}

export function loadAccount(store: StoreLocation, operator: string, account: string): { op: Loaded; acc: Loaded } {
  const op = loadOperator(store, operator);
  checkName(account, 'account');
  const acc = loadVerified(paths.accountJwt(store, operator, account), 'account', `account '${account}' of operator '${operator}'`, anchorOf(op.claims));
  return { op, acc };
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
