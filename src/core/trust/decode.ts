/**
 * A JWT (or the JWT inside a `.creds` file) decoded for a person: every claim with its meaning,
 * and whether the JWT is valid. The seed of a `.creds` file is never part of the result.
 */
import { describePermissions, replyCountText, replyTimeText } from './describe';
import { parseJwt, JwtClaims, SigningKeyScope, USER_SCOPE_KIND } from './jwt';
import { publicKeyKind } from './keys';
import { Problem, problem } from './problems';
import { anchorOf, TrustAnchor, verifyJwt } from './verify';
import { md } from '../markdown';
import { plural, relativeTime } from '../plural';

export interface ClaimField {
  /** Dotted path in the JWT body, e.g. `nats.limits.conn`. */
  field: string;
  /** The value as text (JSON for lists and objects). */
  value: string;
  /** What it means, in words. */
  meaning: string;
}

export interface DecodeOptions {
  /** Clock for `exp`/`nbf` (default now). */
  now?: Date;
  /**
   * The JWT of whoever must have signed it (the operator for an account JWT, the account for a
   * user JWT), or its key and signing keys. Without it the issuer is not checked.
   */
  issuer?: string | TrustAnchor;
}

export interface DecodedJwt {
  /** Readable and without error-level problems. */
  valid: boolean;
  type?: string;
  header?: { typ?: string; alg?: string };
  claims?: JwtClaims;
  fields: ClaimField[];
  problems: Problem[];
  /** Whether the issuer was checked against a given operator/account. */
  issuerChecked: boolean;
  /** The input was a .creds file (its seed was ignored and is not in this result). */
  fromCreds: boolean;
  /** A user signed by a scoped signing key of the given issuer: the role whose template applies. */
  scope?: SigningKeyScope;
}

const CREDS_JWT = /-{3,}\s*BEGIN NATS USER JWT\s*-{3,}\s*\r?\n([\s\S]*?)\r?\n\s*-{3,}\s*END NATS USER JWT\s*-{3,}/;

function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${Number(v.toFixed(2))} ${units[i]}`;
}

const limit = (what: string, unit?: 'bytes') => (v: unknown): string =>
  v === -1 ? `${what}: unlimited` : typeof v === 'number' && unit ? `${what}: at most ${bytes(v)}` : `${what}: at most ${String(v)}`;

const jsLimit = (what: string, unit?: 'bytes') => (v: unknown): string =>
  v === 0 ? `${what}: 0 (none)` : limit(what, unit)(v);

function when(v: unknown, now: Date): string {
  if (typeof v !== 'number') return String(v);
  const d = new Date(v * 1000);
  return `${d.toISOString()} (${relativeTime(d, now)})`;
}

function keyMeaning(v: unknown): string {
  const kind = typeof v === 'string' ? publicKeyKind(v) : undefined;
  return kind ? `${kind === 'user' ? 'a' : 'an'} ${kind} public key` : 'not a valid operator/account/user public key';
}

const JS_FIELDS: Record<string, (v: unknown) => string> = {
  mem_storage: jsLimit('Memory storage for streams', 'bytes'),
  disk_storage: jsLimit('File storage for streams', 'bytes'),
  streams: jsLimit('Streams'),
  consumer: jsLimit('Consumers'),
  max_ack_pending: jsLimit('Unacknowledged messages per consumer'),
  mem_max_stream_bytes: jsLimit('Size of one memory stream', 'bytes'),
  disk_max_stream_bytes: jsLimit('Size of one file stream', 'bytes'),
  max_bytes_required: (v) => (v ? 'Every stream must declare max_bytes' : 'Streams need not declare max_bytes'),
};

/** Meanings by field path; `*` matches one path segment. */
const MEANINGS: Record<string, (v: unknown, now: Date) => string> = {
  iss: (v) => `Issuer: the key that signed this JWT (${keyMeaning(v)})`,
  sub: (v) => `Subject: the identity this JWT describes (${keyMeaning(v)})`,
  name: () => 'Name',
  aud: () => 'Audience',
  jti: () => 'Unique id of this JWT',
  iat: (v, now) => `Issued at ${when(v, now)}`,
  exp: (v, now) => `Expires at ${when(v, now)}: refused afterwards`,
  nbf: (v, now) => `Not valid before ${when(v, now)}`,
  'nats.type': () => 'Claim type',
  'nats.version': (v) => (v === 2 ? 'JWT format version 2 (current)' : 'JWT format version'),
  'nats.tags': () => 'Tags',
  'nats.description': () => 'Description',
  'nats.info_url': () => 'Link to more information',
  'nats.signing_keys': () => 'Signing keys: further keys allowed to sign on behalf of this identity',
  'nats.system_account': () => 'System account: the account servers use for monitoring and account updates',
  'nats.operator_service_urls': () => 'URLs where clients reach this operator’s servers',
  'nats.account_server_url': () => 'Account server URL (for nsc push/pull)',
  'nats.strict_signing_key_usage': (v) => (v ? 'Accounts must be signed by a signing key, not the operator key' : 'The operator key may sign accounts'),
  'nats.limits.conn': limit('Client connections'),
  'nats.limits.subs': limit('Subscriptions'),
  'nats.limits.leaf': limit('Leaf node connections'),
  'nats.limits.imports': limit('Imports'),
  'nats.limits.exports': limit('Exports'),
  'nats.limits.data': limit('Data', 'bytes'),
  'nats.limits.payload': limit('Message payload', 'bytes'),
  'nats.limits.wildcards': (v) => (v ? 'Exports may use wildcards' : 'Exports may not use wildcards'),
  'nats.limits.disallow_bearer': (v) => (v ? 'Bearer-token users are refused' : 'Bearer-token users are allowed'),
  ...Object.fromEntries(Object.entries(JS_FIELDS).map(([k, f]) => [`nats.limits.${k}`, (v: unknown) => `JetStream: ${f(v)}`])),
  ...Object.fromEntries(Object.entries(JS_FIELDS).map(([k, f]) => [`nats.limits.tiered_limits.*.${k}`, (v: unknown) => `JetStream for this replica tier: ${f(v)}`])),
  'nats.exports': (v) => `Exports: ${plural(Array.isArray(v) ? v.length : 0, 'subject')} other accounts may import`,
  'nats.imports': (v) => `Imports: ${plural(Array.isArray(v) ? v.length : 0, 'subject')} taken from other accounts`,
  'nats.revocations': () => 'Revoked users: JWTs of these keys issued before the given time are refused',
  'nats.default_permissions': () => 'Default permissions for users of this account without their own',
  'nats.mappings': () => 'Subject mappings',
  'nats.pub.allow': () => 'May publish to these subjects (only these)',
  'nats.pub.deny': () => 'May not publish to these subjects',
  'nats.sub.allow': () => 'May subscribe to these subjects (only these)',
  'nats.sub.deny': () => 'May not subscribe to these subjects',
  'nats.resp.max': (v) => `May send ${replyCountText(v)} to each request received, even outside the publish permissions`,
  'nats.resp.ttl': (v) => `…${replyTimeText(v)} of the request`,
  'nats.subs': limit('Subscriptions'),
  'nats.data': limit('Data', 'bytes'),
  'nats.payload': limit('Message payload', 'bytes'),
  'nats.bearer_token': (v) => (v ? 'Bearer token: the JWT alone logs in, no seed signature needed' : 'Not a bearer token'),
  'nats.issuer_account': (v) => `The account this user belongs to (${keyMeaning(v)}); the user is signed by one of its signing keys`,
  'nats.src': () => 'Client networks (CIDR) allowed to connect',
  'nats.times': () => 'Time ranges when the user may connect',
  'nats.times_location': () => 'Time zone of those time ranges',
  'nats.locale': () => 'Not read by nats-server (the time zone field is times_location)',
  'nats.allowed_connection_types': () => 'Connection types allowed',
};

function meaningOf(field: string, value: unknown, now: Date): string {
  const direct = MEANINGS[field];
  if (direct) return direct(value, now);
  const parts = field.split('.');
  for (const [pattern, f] of Object.entries(MEANINGS)) {
    const p = pattern.split('.');
    if (p.length === parts.length && p.every((seg, i) => seg === '*' || seg === parts[i])) return f(value, now);
  }
  return '(not interpreted)';
}

const EXPAND = new Set(['', 'nats', 'nats.limits', 'nats.limits.tiered_limits', 'nats.pub', 'nats.sub', 'nats.resp']);

/** A scope's template in words: publish, subscribe, replies, bearer, limits (see describePermissions). */
export function scopeTemplateText(template: Record<string, unknown>): string {
  return describePermissions(template)
    .map((l) => `${l.label.toLowerCase()}: ${l.text}`)
    .join('; ');
}

function scopeMeaning(scope: SigningKeyScope): string {
  return `Scoped signing key, role '${scope.role}'${scope.description ? ` (${scope.description})` : ''}: the users it signs carry no permissions of their own and get this template: ${scopeTemplateText(scope.template)}`;
}

/** `signing_keys` with scoped entries: one field per key, the scoped ones with their role and template. */
function signingKeyFields(list: unknown[], out: ClaimField[]): void {
  list.forEach((entry, i) => {
    const field = `nats.signing_keys.${i}`;
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof entry === 'string') out.push({ field, value: entry, meaning: 'Signing key' });
    else if (e.kind === USER_SCOPE_KIND && typeof e.key === 'string') {
      const template = typeof e.template === 'object' && e.template !== null ? (e.template as Record<string, unknown>) : {};
      const scope: SigningKeyScope = { role: typeof e.role === 'string' ? e.role : '', template, ...(typeof e.description === 'string' && e.description ? { description: e.description } : {}) };
      out.push({ field, value: e.key, meaning: scopeMeaning(scope) });
      out.push({ field: `${field}.template`, value: JSON.stringify(template), meaning: `Template of role '${scope.role}'` });
    } else out.push({ field, value: JSON.stringify(entry), meaning: 'Not a signing key nats-server can read' });
  });
}

function flatten(prefix: string, value: unknown, now: Date, out: ClaimField[]): void {
  if (prefix === 'nats.signing_keys' && Array.isArray(value) && value.some((v) => typeof v !== 'string')) return signingKeyFields(value, out);
  const expand = EXPAND.has(prefix) || /^nats\.limits\.tiered_limits\.[^.]+$/.test(prefix);
  if (expand && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, now, out);
    return;
  }
  out.push({ field: prefix, value: typeof value === 'string' ? value : JSON.stringify(value), meaning: meaningOf(prefix, value, now) });
}

function anchorFrom(issuer: string | TrustAnchor | undefined): { anchor?: TrustAnchor; problem?: Problem } {
  if (issuer === undefined || typeof issuer !== 'string') return { anchor: issuer };
  const parsed = parseJwt(issuer);
  if (!parsed.ok) return { problem: problem('corrupt-jwt', `the issuer's JWT given for the check is not readable: ${parsed.reason}`) };
  return { anchor: anchorOf(parsed.jwt.claims) };
}

/** Decodes and explains a JWT or a .creds file's JWT, and verifies it (see DecodeOptions). */
export function decodeJwt(text: string, options: DecodeOptions = {}): DecodedJwt {
  const now = options.now ?? new Date();
  const input = typeof text === 'string' ? text : '';
  const creds = CREDS_JWT.exec(input);
  const token = creds ? creds[1].replace(/\s+/g, '') : input.trim();
  const { anchor, problem: issuerProblem } = anchorFrom(options.issuer);
  const v = verifyJwt(token, { now, issuer: anchor });
  const problems = issuerProblem ? [issuerProblem, ...v.problems] : v.problems;
  const parsed = parseJwt(token);
  const fields: ClaimField[] = [];
  if (v.claims) flatten('', v.claims, now, fields);
  const result: DecodedJwt = {
    valid: v.ok && !issuerProblem,
    fields,
    problems,
    issuerChecked: anchor !== undefined || v.type === 'operator',
    fromCreds: creds !== null,
  };
  const scope = v.type === 'user' && v.signedBy === 'signing-key' && v.claims ? anchor?.scopes?.get(v.claims.iss) : undefined;
  if (scope) result.scope = scope;
  if (v.type) result.type = v.type;
  if (parsed.ok) result.header = parsed.jwt.header;
  if (v.claims) result.claims = v.claims;
  return result;
}

/** The decoded JWT as a read-only Markdown document. */
export function formatDecodedJwt(d: DecodedJwt): string {
  // Every claim comes from the file: names, roles, keys and values are escaped (md), so a crafted
  // JWT shows its text but cannot add a link, an image or a heading to the page.
  const lines = [`# ${d.type ? `${md(`${d.type[0].toUpperCase()}${d.type.slice(1)}`)} JWT` : 'JWT'}${d.claims?.name ? `: ${md(String(d.claims.name))}` : ''}`, ''];
  if (d.fromCreds) lines.push('From a .creds file; its seed is not shown.', '');
  lines.push(`**Validity:** ${d.valid ? 'valid' : 'NOT valid'}${d.issuerChecked ? '' : ' (signature and dates checked; the issuer was not checked against an operator or account)'}`, '');
  if (d.scope) lines.push(`**Permissions:** ${md(`signed by a scoped signing key with role '${d.scope.role}': its template applies (${scopeTemplateText(d.scope.template)})`)}`, '');
  for (const p of d.problems) lines.push(`- ${p.severity === 'error' ? 'Error' : 'Warning'}: ${md(p.message)}`);
  if (d.problems.length) lines.push('');
  if (d.fields.length) {
    lines.push('| Claim | Value | Meaning |', '| --- | --- | --- |');
    const field = (f: string): string => (/^[\w.]+$/.test(f) ? `\`${f}\`` : md(f));
    for (const f of d.fields) lines.push(`| ${field(f.field)} | ${md(f.value)} | ${md(f.meaning)} |`);
  }
  return lines.join('\n') + '\n';
}
