/**
 * NATS key pairs (nkeys) for operators, accounts, users and signing keys.
 *
 * `nkeys.js` provides the text encodings (base32 with a type prefix and a CRC16); signing and
 * verifying go through `node:crypto` ed25519, which is two orders of magnitude faster than
 * `nkeys.js` (that re-derives the key from the seed on every call). A `NKey` offers the three
 * methods `nats-jwt` calls on the keys it is given (`getPublicKey`, `getPrivateKey`, `sign`) with
 * the same results as `nkeys.js`, and caches its public key.
 */
import * as crypto from 'node:crypto';
import { Prefix } from 'nkeys.js';
import { Codec } from 'nkeys.js/lib/codec';
import { TrustError } from './problems';

export type KeyKind = 'operator' | 'account' | 'user';

const KIND_PREFIX: Record<KeyKind, Prefix> = {
  operator: Prefix.Operator,
  account: Prefix.Account,
  user: Prefix.User,
};

/** The first letter of a public key of each kind (`O…`, `A…`, `U…`); seeds start with `S` + that letter. */
export const KIND_LETTER: Record<KeyKind, string> = { operator: 'O', account: 'A', user: 'U' };

// The DER wrapper that turns a raw 32-byte ed25519 seed into a PKCS#8 key node:crypto imports.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const PLACEHOLDER_X = Buffer.alloc(32).toString('base64url');

/**
 * The node:crypto private key for a raw ed25519 seed, and its raw public key. Importing as JWK is
 * about ten times faster than through OpenSSL's DER decoder; node derives the key pair from `d`
 * alone (the `x` it requires is not used), which is checked here: if a node version ever keeps the
 * placeholder, the DER import is used instead.
 */
function importSeed(rawSeed: Uint8Array): { privateKey: crypto.KeyObject; rawPublic: Buffer } {
  const d = Buffer.from(rawSeed).toString('base64url');
  try {
    const privateKey = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x: PLACEHOLDER_X }, format: 'jwk' });
    const x = privateKey.export({ format: 'jwk' }).x;
    if (x && x !== PLACEHOLDER_X) return { privateKey, rawPublic: Buffer.from(x, 'base64url') };
  } catch {
    /* fall back to DER below */
  }
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, rawSeed]), format: 'der', type: 'pkcs8' });
  return { privateKey, rawPublic: Buffer.from(privateKey.export({ format: 'jwk' }).x ?? '', 'base64url') };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function kindOfPrefix(prefix: Prefix): KeyKind | undefined {
  return (Object.keys(KIND_PREFIX) as KeyKind[]).find((k) => KIND_PREFIX[k] === prefix);
}

/** The kind of a public key, or undefined when it is not a valid operator/account/user key. */
export function publicKeyKind(publicKey: string): KeyKind | undefined {
  if (typeof publicKey !== 'string' || publicKey.length !== 56) return undefined;
  const kind = (Object.keys(KIND_LETTER) as KeyKind[]).find((k) => KIND_LETTER[k] === publicKey[0]);
  if (!kind) return undefined;
  try {
    Codec.decode(KIND_PREFIX[kind], encoder.encode(publicKey));
    return kind;
  } catch {
    return undefined;
  }
}

/** True when `publicKey` is a valid public key (prefix and checksum) of the given kind. */
export function isPublicKey(publicKey: string, kind: KeyKind): boolean {
  return publicKeyKind(publicKey) === kind;
}

const publicKeyObjects = new Map<string, crypto.KeyObject>();

/** The node:crypto public key for an encoded nkey public key (cached); throws on an invalid key. */
function publicKeyObject(publicKey: string): crypto.KeyObject {
  let key = publicKeyObjects.get(publicKey);
  if (!key) {
    const kind = publicKeyKind(publicKey);
    if (!kind) throw new TrustError('invalid-argument', `not a valid operator, account or user public key: ${publicKey}`);
    const x = Buffer.from(Codec.decode(KIND_PREFIX[kind], encoder.encode(publicKey))).toString('base64url');
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (publicKeyObjects.size > 10_000) publicKeyObjects.clear();
    publicKeyObjects.set(publicKey, key);
  }
  return key;
}

/** Checks an ed25519 signature made by the holder of `publicKey`; false for any invalid input. */
export function verifySignature(publicKey: string, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return signature.length === 64 && crypto.verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/** A key pair held in memory. Its seed never appears in `JSON.stringify`, `util.inspect` or `String()`. */
export class NKey {
  readonly kind: KeyKind;
  readonly publicKey: string;
  readonly #seed: string;
  readonly #privateKey: crypto.KeyObject;
  readonly #rawPublic: Buffer;
  readonly #rawSeed: Uint8Array;

  private constructor(kind: KeyKind, seed: string, rawSeed: Uint8Array) {
    this.kind = kind;
    this.#seed = seed;
    this.#rawSeed = rawSeed;
    const imported = importSeed(rawSeed);
    this.#privateKey = imported.privateKey;
    this.#rawPublic = imported.rawPublic;
    this.publicKey = decoder.decode(Codec.encode(KIND_PREFIX[kind], this.#rawPublic));
  }

  /** A new random key pair of the given kind. */
  static generate(kind: KeyKind): NKey {
    const raw = crypto.randomBytes(32);
    return new NKey(kind, decoder.decode(Codec.encodeSeed(KIND_PREFIX[kind], raw)), raw);
  }

  /** The key pair of an encoded seed (`SO…`, `SA…`, `SU…`); throws a TrustError on anything else. */
  static fromSeed(seed: string, expected?: KeyKind): NKey {
    const text = typeof seed === 'string' ? seed.trim() : '';
    let decoded;
    try {
      decoded = Codec.decodeSeed(encoder.encode(text));
    } catch {
      throw new TrustError('invalid-argument', 'not a valid nkey seed (expected S followed by O, A or U and 56 base32 characters with a valid checksum)');
    }
    const kind = kindOfPrefix(decoded.prefix);
    if (!kind || decoded.buf.length !== 32) throw new TrustError('invalid-argument', 'the seed is not an operator, account or user seed');
    if (expected && kind !== expected) throw new TrustError('invalid-argument', `expected a seed of ${expected} kind, got one of ${kind} kind`);
    return new NKey(kind, text, decoded.buf);
  }

  /** The encoded seed: write it only to 0600 files, never to a log. */
  seed(): string {
    return this.#seed;
  }

  // --- what nats-jwt calls ---------------------------------------------------------------------

  getPublicKey(): string {
    return this.publicKey;
  }

  /** The encoded private key (`P…`, seed followed by public key), exactly as `nkeys.js` returns it. */
  getPrivateKey(): Uint8Array {
    return Codec.encode(Prefix.Private, new Uint8Array(Buffer.concat([this.#rawSeed, this.#rawPublic])));
  }

  sign(data: Uint8Array): Uint8Array {
    return new Uint8Array(crypto.sign(null, data, this.#privateKey));
  }

  // --- keep the seed out of logs ---------------------------------------------------------------

  toJSON(): { kind: KeyKind; publicKey: string } {
    return { kind: this.kind, publicKey: this.publicKey };
  }

  toString(): string {
    return `NKey(${this.kind} ${this.publicKey})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
