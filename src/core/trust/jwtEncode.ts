/**
 * Writing a NATS JWT: the three parts exactly as Go's nats-io/jwt v2 (what nsc and nats-server use)
 * writes and reads them.
 *
 * `nats-jwt` 0.0.9 encodes the header and claims with `btoa`, which only knows Latin-1: `é` comes
 * out as one byte that is not UTF-8 (Go reads U+FFFD, so a deny on `café.>` protects nothing) and
 * anything above U+00FF throws. Its claim layout is right, so this module keeps it and encodes the
 * parts itself:
 *  - from nats-jwt (jwt.ts `encodeOperator`/`encodeAccount`/`encodeUser`/`encode`): the claim
 *    fields `name`, `sub`, `iss`, `iat` (seconds), `exp`/`nbf` when given, `nats.type`,
 *    `nats.version` 2, `nats.issuer_account` when a signing key signs a user, the header
 *    `{"typ":"JWT","alg":"ed25519-nkey"}`, and the signature over `<header>.<claims>`;
 *  - from Go's jwt v2 (claims.go `doEncode`/`hash`/`serialize`): UTF-8 JSON, base64url without
 *    padding (`base64.RawURLEncoding`) for all three parts, and `jti` = SHA-512/256 of the JSON of
 *    the standard claims (without `jti`), base32 without padding (nats-jwt hashes the whole body into
 *    padded base64, which no Go tool computes); no `aud` (nats-jwt writes "NATS", Go and nsc write
 *    none and nothing reads it).
 * Text that is not well-formed Unicode (a lone UTF-16 surrogate) is refused: Go would read U+FFFD.
 */
import * as crypto from 'node:crypto';
import { base32 } from 'nkeys.js/lib/base32';
import type { NKey } from './keys';
import { TrustError } from './problems';

/** The claims of one JWT before signing: `iss`, `iat` and `jti` are added when it is signed. */
export interface ClaimsToSign {
  name: string;
  sub: string;
  exp?: number;
  nbf?: number;
  nats: Record<string, unknown>;
}

const HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }), 'utf8').toString('base64url');

// A UTF-16 code unit that is half of a surrogate pair without its other half.
const LONE_SURROGATE = /\p{Cs}/u;

/** Throws when any text in `value` (keys included) is not well-formed Unicode; `where` names it. */
function checkText(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      throw new TrustError('invalid-argument', `the ${where} is not valid Unicode text (it holds a lone UTF-16 surrogate, which UTF-8 cannot carry)`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkText(v, `${where}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      checkText(k, `${where} field name`);
      checkText(v, `${where}.${k}`);
    }
  }
}

/**
 * A string as Go's `json.Marshal` writes it (Go 1.19): `"`, `\` and control characters escaped
 * (`\n`, `\r`, `\t`, others `\u00XX`), and `<`, `>`, `&`, U+2028, U+2029 as `\u…` (HTML-safe).
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Go's `jti`: the SHA-512/256 of `json.Marshal(ClaimsData)` with the id left empty, base32 without
 * padding. `ClaimsData` fields in Go's order, empty ones omitted: aud, exp, jti, iat, iss, name, nbf, sub.
 */
export function goJwtId(c: { exp?: number; iat: number; iss: string; name?: string; nbf?: number; sub: string }): string {
  const fields: string[] = [];
  if (c.exp) fields.push(`"exp":${c.exp}`);
  if (c.iat) fields.push(`"iat":${c.iat}`);
  if (c.iss) fields.push(`"iss":${goJsonString(c.iss)}`);
  if (c.name) fields.push(`"name":${goJsonString(c.name)}`);
  if (c.nbf) fields.push(`"nbf":${c.nbf}`);
  if (c.sub) fields.push(`"sub":${goJsonString(c.sub)}`);
  const hash = crypto.createHash('sha512-256').update(`{${fields.join(',')}}`, 'utf8').digest();
  return Buffer.from(base32.encode(hash)).toString('latin1');
}

/** Signs these claims with `signer`: a v2 JWT, every part UTF-8 JSON in base64url without padding. */
export function signJwt(claims: ClaimsToSign, signer: NKey): string {
  checkText(claims.name, 'name');
  checkText(claims.nats, 'claims');
  const iss = signer.publicKey;
  const iat = Math.floor(Date.now() / 1000);
  const jti = goJwtId({ exp: claims.exp, iat, iss, name: claims.name, nbf: claims.nbf, sub: claims.sub });
  // Go's field order (ClaimsData, then nats); undefined fields are left out by JSON.stringify.
  const body = { exp: claims.exp, jti, iat, iss, name: claims.name, nbf: claims.nbf, sub: claims.sub, nats: { ...claims.nats, version: 2 } };
  const payload = `${HEADER}.${Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')}`;
  const signature = Buffer.from(signer.sign(Buffer.from(payload, 'latin1'))).toString('base64url');
  return `${payload}.${signature}`;
}
