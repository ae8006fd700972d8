/**
 * Splitting and decoding a NATS JWT without trusting it: the parts, the header, the claims and
 * what was signed. Bad text gives a readable reason instead of an exception.
 */

export type ClaimType = 'operator' | 'account' | 'user' | 'activation' | 'authorization_response' | 'generic';

/** The decoded body of a NATS JWT (the fields every claim has, plus the type-specific `nats`). */
export interface JwtClaims {
  jti?: string;
  iat?: number;
  iss: string;
  sub: string;
  name?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  /** v1 JWTs carry the type here. */
  type?: string;
  nats: Record<string, unknown>;
}

export interface ParsedJwt {
  header: { typ?: string; alg?: string };
  claims: JwtClaims;
  /** The claim type (`nats.type` in v2, top-level `type` in v1). */
  type: string | undefined;
  /** 2 for current JWTs (alg ed25519-nkey), 1 for the old format. */
  version: 1 | 2;
  /**
   * True when the claims hold text that Go (nats-server, nsc) cannot read as written: bytes that are
   * not UTF-8 (what Latin-1 encoders such as nats-jwt 0.0.9's `btoa` made of `é`) or an escaped lone
   * surrogate. Go reads U+FFFD there, and so does this parser for the bytes.
   */
  lossyText?: boolean;
  /** The bytes the signature covers. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

export type JwtParse = { ok: true; jwt: ParsedJwt } | { ok: false; reason: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** True when some text in `value` (keys included) has a UTF-16 surrogate without its other half. */
function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return /\p{Cs}/u.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([k, v]) => hasLoneSurrogate(k) || hasLoneSurrogate(v));
  return false;
}

function base64UrlJson(part: string, what: string): { ok: true; value: unknown; lossy: boolean } | { ok: false; reason: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return { ok: false, reason: `its ${what} is not base64url text` };
  try {
    const bytes = Buffer.from(part, 'base64url');
    let lossy = false;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      // Read as the server does: U+FFFD for every byte that is not UTF-8.
      text = bytes.toString('utf8');
      lossy = true;
    }
    const value: unknown = JSON.parse(text);
    return { ok: true, value, lossy: lossy || hasLoneSurrogate(value) };
  } catch {
    return { ok: false, reason: `its ${what} is not valid JSON` };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes a JWT's parts. Checks its shape only; the signature is checked by the verifier. */
export function parseJwt(text: string): JwtParse {
  if (typeof text !== 'string') return { ok: false, reason: 'it is not text' };
  const token = text.trim();
  if (token === '') return { ok: false, reason: 'it is empty' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: `a JWT has 3 parts separated by dots, this text has ${parts.length}` };
  const header = base64UrlJson(parts[0], 'header');
  if (!header.ok) return header;
  if (!isObject(header.value)) return { ok: false, reason: 'its header is not a JSON object' };
  const h = header.value as { typ?: unknown; alg?: unknown };
  if (typeof h.typ !== 'string' || h.typ.toUpperCase() !== 'JWT') return { ok: false, reason: `its header type is ${JSON.stringify(h.typ)}, not "JWT"` };
  if (h.alg !== 'ed25519-nkey' && h.alg !== 'ed25519') return { ok: false, reason: `its algorithm is ${JSON.stringify(h.alg)}, not a NATS algorithm (ed25519-nkey)` };
  const body = base64UrlJson(parts[1], 'claims part');
  if (!body.ok) return body;
  if (!isObject(body.value)) return { ok: false, reason: 'its claims are not a JSON object' };
  const c = body.value;
  if (typeof c.iss !== 'string' || typeof c.sub !== 'string') return { ok: false, reason: 'its claims lack the issuer (iss) or subject (sub)' };
  if (!/^[A-Za-z0-9_-]+$/.test(parts[2])) return { ok: false, reason: 'its signature is missing or not base64url text' };
  for (const field of ['exp', 'nbf', 'iat'] as const) {
    if (c[field] !== undefined && typeof c[field] !== 'number') return { ok: false, reason: `its ${field} is not a number` };
  }
  const nats = isObject(c.nats) ? c.nats : {};
  const claims = { ...c, nats } as unknown as JwtClaims;
  const version = h.alg === 'ed25519-nkey' ? 2 : 1;
  const type = version === 2 ? (typeof nats.type === 'string' ? nats.type : undefined) : typeof c.type === 'string' ? c.type : undefined;
  const signingInput = Buffer.from(version === 2 ? `${parts[0]}.${parts[1]}` : parts[1], 'utf8');
  return {
    ok: true,
    jwt: {
      header: { typ: h.typ, alg: h.alg },
      claims,
      type,
      version,
      ...(body.lossy ? { lossyText: true } : {}),
      signingInput,
      signature: Buffer.from(parts[2], 'base64url'),
    },
  };
}

/**
 * A scoped signing key of an account (nsc `edit signing-key --role`): an entry
 * `{kind: "user_scope", key, role, template, description?}` of `signing_keys`. The server gives the
 * users it signs the template's permissions and limits; those users must carry none of their own.
 */
export interface SigningKeyScope {
  role: string;
  /** The user permissions and limits that apply (`pub`, `sub`, `resp`, `subs`, `data`, `payload`, `bearer_token`, `src`…). */
  template: Record<string, unknown>;
  description?: string;
}

/** The kind of scope nats-server and nats-io/jwt v2 know; any other kind makes the JWT unreadable to them. */
export const USER_SCOPE_KIND = 'user_scope';

/** The scoped entries of `signing_keys`, by public key (plain keys have no scope). */
export function signingKeyScopes(nats: Record<string, unknown>): Map<string, SigningKeyScope> {
  const scopes = new Map<string, SigningKeyScope>();
  const list = nats.signing_keys;
  if (!Array.isArray(list)) return scopes;
  for (const k of list as unknown[]) {
    if (!isObject(k) || typeof k.key !== 'string' || k.kind !== USER_SCOPE_KIND) continue;
    const scope: SigningKeyScope = { role: typeof k.role === 'string' ? k.role : '', template: isObject(k.template) ? k.template : {} };
    if (typeof k.description === 'string' && k.description !== '') scope.description = k.description;
    scopes.set(k.key, scope);
  }
  return scopes;
}

/**
 * The user claim fields that hold permissions or limits and are set, as nats-io/jwt v2 sees them
 * (`UserClaims.HasEmptyPermissions`: every field of `UserPermissionLimits` at its Go zero value).
 * A list or object counts as set even when empty (`[]` is not Go's nil); `null`, `0`, `""` and
 * `false` do not. Tags, names and `issuer_account` are not permissions.
 */
export function userPermissionFieldsSet(nats: Record<string, unknown>): string[] {
  const set = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
  const out: string[] = [];
  for (const field of ['pub', 'sub'] as const) {
    const p = nats[field];
    if (isObject(p)) for (const k of ['allow', 'deny']) if (set(p[k])) out.push(`${field}.${k}`);
  }
  for (const field of ['resp', 'src', 'times', 'times_location', 'subs', 'data', 'payload', 'bearer_token', 'allowed_connection_types']) {
    if (set(nats[field])) out.push(field);
  }
  return out;
}

/** The signing keys listed in operator or account claims (plain keys or scoped `{key}` entries). */
export function signingKeysOf(nats: Record<string, unknown>): string[] {
  const list = nats.signing_keys;
  if (!Array.isArray(list)) return [];
  return list
    .map((k: unknown) => (typeof k === 'string' ? k : isObject(k) && typeof k.key === 'string' ? k.key : undefined))
    .filter((k): k is string => k !== undefined);
}
