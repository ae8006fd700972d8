/**
 * Operator, account and user JWTs with every limit spelled out, in `nats-jwt`'s claim layout and
 * types, signed and encoded as UTF-8 by `jwtEncode.ts` (nats-jwt's own encoder is Latin-1 only).
 *
 * `nats-jwt` leaves account limits unset, which the server reads as 0 (no connection allowed), so
 * every account limit is written explicitly here (-1 = unlimited). Its user field `locale` is not
 * what the server reads (`times_location`), and `exp`/`nbf` travel in the options argument: both
 * are handled here so that callers never meet those pitfalls.
 */
import type { Account, ConnectionType, Export, JetStreamLimits, Operator, OperatorLimits, User } from 'nats-jwt';
import { signJwt } from './jwtEncode';
import { isPublicKey, KeyKind, NKey } from './keys';
import { checkConnectionTypes, checkLimits, checkResponses, checkSourceNetworks, checkTags } from './claimValues';
import { checkUserPermissions, SubjectPermissionInput, UserPermissionsInput } from './permissions';

export type { SubjectPermissionInput, UserPermissionsInput } from './permissions';
import { TrustError } from './problems';

/** JetStream limits of one account or one replica tier. Omitted numbers are unlimited (-1). */
export interface JetStreamLimitsInput {
  /** Bytes of memory storage (`mem_storage`). */
  memStorage?: number;
  /** Bytes of file storage (`disk_storage`). */
  diskStorage?: number;
  streams?: number;
  /** Consumers (`consumer`). */
  consumers?: number;
  maxAckPending?: number;
  /** Largest memory stream in bytes (`mem_max_stream_bytes`). */
  memMaxStreamBytes?: number;
  /** Largest file stream in bytes (`disk_max_stream_bytes`). */
  diskMaxStreamBytes?: number;
  /** Streams must declare `max_bytes` (`max_bytes_required`). */
  maxBytesRequired?: boolean;
}

/**
 * JetStream for an account: `false`/omitted = disabled; `true` = enabled without limits; an object
 * = enabled with these limits; `{ tiers: { R1, R3 } }` = limits per replica count (the flat limits
 * are then 0, as the server requires).
 */
export type JetStreamInput = boolean | JetStreamLimitsInput | { tiers: Partial<Record<'R1' | 'R3', JetStreamLimitsInput>> };

/** Account limits. Omitted numbers are unlimited (-1), `wildcards` defaults to true. */
export interface AccountLimitsInput {
  /** Client connections (`conn`). */
  connections?: number;
  /** Subscriptions (`subs`). */
  subscriptions?: number;
  /** Leaf node connections (`leaf`). */
  leafNodes?: number;
  imports?: number;
  exports?: number;
  /** Data in bytes (`data`). */
  data?: number;
  /** Largest message payload in bytes (`payload`). */
  payload?: number;
  /** Wildcard exports allowed (`wildcards`). */
  wildcards?: boolean;
  /** Users of this account may not be bearer tokens (`disallow_bearer`, inside `limits`). */
  disallowBearer?: boolean;
  jetstream?: JetStreamInput;
}

const UNLIMITED = -1;

const JETSTREAM_LIMIT_FIELDS = { memStorage: 'mem_storage', diskStorage: 'disk_storage', streams: 'streams', consumers: 'consumer', maxAckPending: 'max_ack_pending', memMaxStreamBytes: 'mem_max_stream_bytes', diskMaxStreamBytes: 'disk_max_stream_bytes' };
const ACCOUNT_LIMIT_FIELDS = { connections: 'conn', subscriptions: 'subs', leafNodes: 'leaf', imports: 'imports', exports: 'exports', data: 'data', payload: 'payload' };
const USER_LIMIT_FIELDS = { subscriptions: 'subs', data: 'data', payload: 'payload' };

function jetStreamLimits(input: JetStreamLimitsInput, tier = ''): JetStreamLimits {
  checkLimits(`JetStream ${tier}`, input, JETSTREAM_LIMIT_FIELDS);
  return {
    mem_storage: input.memStorage ?? UNLIMITED,
    disk_storage: input.diskStorage ?? UNLIMITED,
    streams: input.streams ?? UNLIMITED,
    consumer: input.consumers ?? UNLIMITED,
    max_ack_pending: input.maxAckPending ?? UNLIMITED,
    mem_max_stream_bytes: input.memMaxStreamBytes ?? UNLIMITED,
    disk_max_stream_bytes: input.diskMaxStreamBytes ?? UNLIMITED,
    max_bytes_required: input.maxBytesRequired ?? false,
  };
}

const JETSTREAM_DISABLED: JetStreamLimits = {
  mem_storage: 0,
  disk_storage: 0,
  streams: 0,
  consumer: 0,
  max_ack_pending: 0,
  mem_max_stream_bytes: 0,
  disk_max_stream_bytes: 0,
  max_bytes_required: false,
};

function isTiered(js: JetStreamInput): js is { tiers: Partial<Record<'R1' | 'R3', JetStreamLimitsInput>> } {
  return typeof js === 'object' && js !== null && 'tiers' in js;
}

/** The `limits` object of an account JWT with every field set. */
export function accountLimits(input: AccountLimitsInput = {}): OperatorLimits {
  const js = input.jetstream ?? false;
  checkLimits('', input, ACCOUNT_LIMIT_FIELDS);
  const limits: OperatorLimits = {
    conn: input.connections ?? UNLIMITED,
    subs: input.subscriptions ?? UNLIMITED,
    leaf: input.leafNodes ?? UNLIMITED,
    imports: input.imports ?? UNLIMITED,
    exports: input.exports ?? UNLIMITED,
    data: input.data ?? UNLIMITED,
    payload: input.payload ?? UNLIMITED,
    wildcards: input.wildcards ?? true,
    disallow_bearer: input.disallowBearer ?? false,
  };
  if (isTiered(js)) {
    const tiers = Object.entries(js.tiers).filter(([, v]) => v !== undefined) as [string, JetStreamLimitsInput][];
    if (tiers.length === 0) throw new TrustError('invalid-argument', 'tiered JetStream limits need at least one tier (R1 or R3)');
    Object.assign(limits, JETSTREAM_DISABLED);
    limits.tiered_limits = Object.fromEntries(tiers.map(([tier, v]) => [tier, jetStreamLimits(v, `${tier} `)]));
  } else if (js === false) {
    Object.assign(limits, JETSTREAM_DISABLED);
  } else {
    Object.assign(limits, jetStreamLimits(js === true ? {} : js));
  }
  return limits;
}

/** True when these account limits turn JetStream on (non-zero storage, flat or in a tier). */
export function jetStreamEnabled(limits: Partial<OperatorLimits> | undefined): boolean {
  if (!limits) return false;
  const on = (l: Partial<JetStreamLimits>): boolean => (l.mem_storage ?? 0) !== 0 || (l.disk_storage ?? 0) !== 0;
  return on(limits) || Object.values(limits.tiered_limits ?? {}).some((t) => t !== undefined && on(t));
}

/** The time span and date-related fields every JWT may carry. */
export interface ValidityInput {
  /** After this moment the JWT is refused (`exp`). */
  expires?: Date;
  /** Before this moment the JWT is refused (`nbf`). */
  notBefore?: Date;
}

export interface UserClaimsInput extends ValidityInput {
  permissions?: UserPermissionsInput;
  /** A bearer token: the server does not ask the client to sign its nonce (`bearer_token`). */
  bearer?: boolean;
  tags?: string[];
  /** Subscriptions, total data and largest payload; omitted = unlimited (-1). */
  limits?: { subscriptions?: number; data?: number; payload?: number };
  /** Client addresses (CIDR) allowed to connect (`src`). */
  sourceNetworks?: string[];
  /** Connection types allowed, e.g. STANDARD, WEBSOCKET, LEAFNODE, MQTT (`allowed_connection_types`). */
  connectionTypes?: ConnectionType[];
  /**
   * Signed by a scoped signing key: the JWT carries no permissions or limits (not even the
   * unlimited -1 defaults), the scope's template applies. Giving any of them is an error.
   */
  scoped?: boolean;
}

/** The permissions and limits a user input sets (empty lists and `false` set nothing), by option name. */
export function userPermissionInputs(input: UserClaimsInput): string[] {
  const has = (list: readonly unknown[] | undefined): boolean => list !== undefined && list.length > 0;
  const p = input.permissions;
  const fields: [string, boolean][] = [
    ['publish allow', has(p?.pub?.allow)],
    ['publish deny', has(p?.pub?.deny)],
    ['subscribe allow', has(p?.sub?.allow)],
    ['subscribe deny', has(p?.sub?.deny)],
    ['responses', p?.responses !== undefined && p.responses !== false],
    ['bearer', input.bearer === true],
    ['limits', input.limits !== undefined && Object.values(input.limits).some((v) => v !== undefined)],
    ['source networks', has(input.sourceNetworks)],
    ['connection types', has(input.connectionTypes)],
  ];
  return fields.filter(([, set]) => set).map(([name]) => name);
}

function subjectPermission(input: SubjectPermissionInput | undefined): { allow?: string[]; deny?: string[] } | undefined {
  if (!input) return undefined;
  const out: { allow?: string[]; deny?: string[] } = {};
  if (input.allow && input.allow.length) out.allow = [...input.allow];
  if (input.deny && input.deny.length) out.deny = [...input.deny];
  return out.allow || out.deny ? out : undefined;
}

const NANOS_PER_MS = 1_000_000;

/** The `nats` part of a user JWT (without `issuer_account`, `type` and `version`, set when encoding). */
export function userClaims(input: UserClaimsInput = {}): Partial<User> {
  checkTags(input.tags);
  if (input.scoped) {
    const set = userPermissionInputs(input);
    if (set.length) throw new TrustError('invalid-argument', `a user signed by a scoped signing key carries no permissions or limits of its own (the scope's template applies), but ${set.join(', ')} were given`);
    return input.tags && input.tags.length ? { tags: [...input.tags] } : {};
  }
  checkUserPermissions(input.permissions);
  checkResponses(input.permissions?.responses);
  checkLimits('', input.limits, USER_LIMIT_FIELDS);
  checkSourceNetworks(input.sourceNetworks);
  const connectionTypes = checkConnectionTypes(input.connectionTypes);
  const claims: Partial<User> = {
    subs: input.limits?.subscriptions ?? UNLIMITED,
    data: input.limits?.data ?? UNLIMITED,
    payload: input.limits?.payload ?? UNLIMITED,
  };
  const pub = subjectPermission(input.permissions?.pub);
  const sub = subjectPermission(input.permissions?.sub);
  if (pub) (claims as Record<string, unknown>).pub = pub;
  if (sub) (claims as Record<string, unknown>).sub = sub;
  const resp = input.permissions?.responses;
  if (resp) {
    const r = resp === true ? {} : resp;
    claims.resp = { max: r.max ?? 1, ttl: Math.round((r.ttlMs ?? 0) * NANOS_PER_MS) };
  }
  if (input.bearer) claims.bearer_token = true;
  if (input.tags && input.tags.length) claims.tags = [...input.tags];
  if (input.sourceNetworks && input.sourceNetworks.length) claims.src = [...input.sourceNetworks];
  if (connectionTypes && connectionTypes.length) claims.allowed_connection_types = connectionTypes as ConnectionType[];
  return claims;
}

function seconds(date: Date | undefined, what: string): number | undefined {
  if (date === undefined) return undefined;
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new TrustError('invalid-argument', `${what} is not a valid date`);
  // Go omits a zero time and ignores a negative one (jwt/v2 checks only `exp > 0`): no limit at all.
  if (ms < 1000) throw new TrustError('invalid-argument', `${what} must be later than 1970-01-01T00:00:01Z (${date.toISOString()} would mean no limit to Go)`);
  return Math.floor(ms / 1000);
}

function validityOptions(input: ValidityInput): { exp?: number; nbf?: number } {
  const exp = seconds(input.expires, 'the expiry');
  const nbf = seconds(input.notBefore, 'the not-before date');
  if (exp !== undefined && nbf !== undefined && nbf >= exp) throw new TrustError('invalid-argument', 'the not-before date must be earlier than the expiry');
  const out: { exp?: number; nbf?: number } = {};
  if (exp !== undefined) out.exp = exp;
  if (nbf !== undefined) out.nbf = nbf;
  return out;
}

const KEY_NAME: Record<KeyKind, string> = { operator: 'an operator', account: 'an account', user: 'a user' };

// The key checks nats-jwt's `checkKey` makes: the right kind, and a key pair wherever it signs.
function publicKeyOf(key: NKey | string, kinds: KeyKind[], what: string): string {
  const ok = typeof key === 'string' ? kinds.some((k) => isPublicKey(key, k)) : kinds.includes(key.kind);
  if (!ok) throw new TrustError('invalid-argument', `the ${what} must be ${kinds.map((k) => KEY_NAME[k]).join(' or ')} key`);
  return typeof key === 'string' ? key : key.publicKey;
}

function signerOf(key: NKey, kinds: KeyKind[], what: string): NKey {
  publicKeyOf(key, kinds, what);
  return key;
}

/** Strips the fields nats-jwt sets itself, so existing claims can be re-signed. */
function bodyOf<T extends object>(nats: T): T {
  const copy = { ...nats } as Record<string, unknown>;
  delete copy.type;
  delete copy.version;
  return copy as T;
}

export interface OperatorJwtInput extends ValidityInput {
  name: string;
  key: NKey;
  signingKeys?: string[];
  systemAccount?: string;
  /** `operator_service_urls`: where clients of this operator's servers connect. */
  serviceUrls?: string[];
  accountServerUrl?: string;
  tags?: string[];
  /** Further operator claims to keep (when re-signing); the fields above win. */
  base?: Partial<Operator>;
}

/** A self-signed operator JWT. */
export async function encodeOperatorJwt(input: OperatorJwtInput): Promise<string> {
  const claims: Partial<Operator> = bodyOf(input.base ?? {});
  if (input.signingKeys) claims.signing_keys = [...input.signingKeys];
  if (input.systemAccount) claims.system_account = input.systemAccount;
  if (input.serviceUrls && input.serviceUrls.length) claims.operator_service_urls = [...input.serviceUrls];
  if (input.accountServerUrl) claims.account_server_url = input.accountServerUrl;
  checkTags(input.tags);
  if (input.tags && input.tags.length) claims.tags = [...input.tags];
  const key = signerOf(input.key, ['operator'], 'operator key');
  return signJwt({ name: input.name, sub: key.publicKey, ...validityOptions(input), nats: { ...claims, type: 'operator' } }, key);
}

export interface AccountJwtInput extends ValidityInput {
  name: string;
  /** The account's public key (or its key pair). */
  account: NKey | string;
  /** The operator's identity key or one of its signing keys. */
  signer: NKey;
  limits?: AccountLimitsInput;
  signingKeys?: string[];
  exports?: Export[];
  description?: string;
  tags?: string[];
  /** Further account claims to keep (when re-signing); the fields above win. */
  base?: Partial<Account>;
}

/** An account JWT signed by the operator (or an operator signing key), with every limit explicit. */
export async function encodeAccountJwt(input: AccountJwtInput): Promise<string> {
  const claims: Partial<Account> = bodyOf(input.base ?? {});
  if (input.limits !== undefined || !claims.limits) claims.limits = accountLimits(input.limits);
  if (input.signingKeys) claims.signing_keys = [...input.signingKeys];
  if (input.exports) claims.exports = input.exports;
  if (input.description) claims.description = input.description;
  checkTags(input.tags);
  if (input.tags && input.tags.length) claims.tags = [...input.tags];
  const sub = publicKeyOf(input.account, ['account'], 'account key');
  const signer = signerOf(input.signer, ['operator', 'account'], 'signer of an account');
  return signJwt({ name: input.name, sub, ...validityOptions(input), nats: { ...claims, type: 'account' } }, signer);
}

export interface UserJwtInput extends UserClaimsInput {
  name: string;
  /** The user's public key (or its key pair). */
  user: NKey | string;
  /** The account the user belongs to: its key pair when it signs, else its public key. */
  account: NKey | string;
  /** An account signing key; the JWT then names the account in `issuer_account`. */
  signingKey?: NKey;
  /**
   * Further user claims to keep when re-signing (e.g. `times`, `times_location`); the fields the
   * input above governs (permissions, limits, bearer, tags, src, connection types) come from it alone.
   */
  base?: Partial<User>;
}

/** The user claims that UserClaimsInput sets or leaves out: never taken from a `base`. */
const USER_INPUT_FIELDS = ['pub', 'sub', 'resp', 'subs', 'data', 'payload', 'bearer_token', 'tags', 'src', 'allowed_connection_types', 'issuer_account'];

/** A user JWT signed by its account, or by an account signing key (with `issuer_account`). */
export async function encodeUserJwt(input: UserJwtInput): Promise<string> {
  const validity = validityOptions(input);
  if (!input.signingKey && typeof input.account === 'string') {
    throw new TrustError('invalid-argument', 'signing a user needs the account key pair or an account signing key');
  }
  const account = publicKeyOf(input.account, ['account'], 'account key');
  const sub = publicKeyOf(input.user, ['user'], 'user key');
  const kept = bodyOf(input.base ?? {}) as Record<string, unknown>;
  for (const field of USER_INPUT_FIELDS) delete kept[field];
  const nats: Record<string, unknown> = { ...kept, ...userClaims(input) };
  if (input.signingKey) nats.issuer_account = account;
  nats.type = 'user';
  const signer = input.signingKey ? signerOf(input.signingKey, ['account'], 'signing key of a user') : (input.account as NKey);
  return signJwt({ name: input.name, sub, ...validity, nats }, signer);
}

/** The exports every system account carries (as nsc creates them), for account monitoring. */
export function systemAccountExports(): Export[] {
  return [
    {
      name: 'account-monitoring-services',
      subject: '$SYS.REQ.ACCOUNT.*.*',
      type: 'service',
      response_type: 'Stream',
      account_token_position: 4,
      description: 'Request account specific monitoring services for: SUBSZ, CONNZ, LEAFZ, JSZ and INFO',
      info_url: 'https://docs.nats.io/nats-server/configuration/sys_accounts',
    },
    {
      name: 'account-monitoring-streams',
      subject: '$SYS.ACCOUNT.*.>',
      type: 'stream',
      account_token_position: 3,
      description: 'Account specific monitoring stream',
      info_url: 'https://docs.nats.io/nats-server/configuration/sys_accounts',
    },
  ];
}
