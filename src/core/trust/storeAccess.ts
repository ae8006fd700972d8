/**
 * What operations need from a store: a JWT they build on (read and verified, or a clear error)
 * and the key that signs for an operator or account.
 */
import * as fs from 'node:fs';
import { JwtClaims } from './jwt';
import { KeyKind, NKey } from './keys';
import { checkName, paths, StoreLocation } from './layout';
import { TrustError } from './problems';
import { loadSeed } from './storeWrite';
import { anchorOf, TrustAnchor, verifyJwt } from './verify';

/**
 * Which key signs: `identity` = the operator's / account's own key; `signing-key` = its first
 * signing key whose seed is in the keystore; or a specific public key (the identity key or one of
 * its signing keys). Default: the first signing key with a seed, else the identity key.
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
  if (signWith !== undefined && signWith !== 'signing-key') {
    if (!anchor.signingKeys.includes(signWith)) throw new TrustError('invalid-argument', `${signWith} is neither the key of ${what} nor one of its signing keys`);
    const key = seedOf(signWith);
    if (!key) throw new TrustError('missing-seed', `the seed of signing key ${signWith} of ${what} is not in the keystore ${store.keysDir}`);
    return key;
  }
  for (const pub of anchor.signingKeys) {
    const key = seedOf(pub);
    if (key) return key;
  }
  if (signWith === 'signing-key') throw new TrustError('missing-seed', `no signing key of ${what} has its seed in the keystore ${store.keysDir}`);
  const key = seedOf(anchor.publicKey);
  if (!key) throw new TrustError('missing-seed', `neither the seed of ${what} nor that of one of its signing keys is in the keystore ${store.keysDir}`);
  return key;
}
