/**
 * Every way talking to NATS can fail, turned into one sentence a person can act on. This module is
 * the only place that looks at nats.js, Node socket and TLS error codes.
 */
import { ConnectionAuth, describeAuth, displayServers } from './profile';

export type FailureKind =
  /** The server refused the credentials (AUTHORIZATION_VIOLATION). */
  | 'auth'
  /** The user's or account's credentials expired. */
  | 'auth-expired'
  /** Nothing listens at the URL, or the host does not resolve. */
  | 'unreachable'
  /** The TLS handshake failed or TLS is configured on one side only. */
  | 'tls'
  /** No answer in time (connect or request). */
  | 'timeout'
  /** A request had no responder (nobody subscribes to the subject, or it is not permitted). */
  | 'no-responders'
  /** The server denied a publish or subscribe. */
  | 'permission'
  /** The connection is down (it may come back) or was closed. */
  | 'disconnected'
  /** The caller cancelled. */
  | 'cancelled'
  /** The profile or a file it names is unusable. */
  | 'config'
  /** JetStream refused a request with an API error (see `api`). */
  | 'jetstream'
  | 'unknown';

/** A JetStream API error as the server sends it. */
export interface JetStreamApiErrorInfo {
  /** HTTP-like status: 400, 404, 500, 503. */
  code: number;
  /** The JetStream error code (10005, 10052, …), when the server sent one. */
  errCode?: number;
  description: string;
}

export interface Failure {
  kind: FailureKind;
  /** One sentence for a person: what failed, where, and what to check. */
  message: string;
  /** The underlying error text, for the log. Never holds a secret. */
  detail?: string;
  /** The JetStream API error, when kind is `jetstream`. */
  api?: JetStreamApiErrorInfo;
}

/** What failed, to phrase the message. */
export interface FailureContext {
  /** `connect` (the default) or a request, e.g. "the stream list request". */
  operation?: string;
  servers?: readonly string[];
  profileName?: string;
  auth?: ConnectionAuth;
  /** TLS is configured in the profile; `clientCert` when a client certificate is set. */
  tls?: boolean;
  clientCert?: boolean;
  timeoutMs?: number;
}

/** An error carrying a `Failure`; its message is the failure's message. */
export class ClusterError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'ClusterError';
  }

  get kind(): FailureKind {
    return this.failure.kind;
  }
}

export function failure(kind: FailureKind, message: string, detail?: string): Failure {
  return detail === undefined ? { kind, message } : { kind, message, detail };
}

export function cancelledFailure(operation = 'the operation'): Failure {
  return failure('cancelled', `Cancelled ${operation}.`);
}

interface ErrorLike {
  name?: string;
  code?: string | number;
  message?: string;
  chainedError?: ErrorLike;
}

const TLS_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is signed by an authority this connection does not trust; set the TLS CA file",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed authority this connection does not trust; set the TLS CA file",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed; set it (or its CA) as the TLS CA file",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's certificate is unknown; set the TLS CA file",
  UNABLE_TO_GET_ISSUER_CERT: "the issuer of the server's certificate is unknown; set the TLS CA file",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name the host in the URL",
  CERT_SIGNATURE_FAILURE: "the server's certificate signature is invalid",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS',
  EPROTO: 'the TLS handshake failed',
};

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused; is nats-server running there, and is the port right?',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the connection was reset by the other side',
  EPIPE: 'the server closed the connection',
};

function where(ctx: FailureContext): string {
  const servers = ctx.servers?.length ? displayServers(ctx.servers) : 'the server';
  return ctx.profileName ? `${servers} (connection "${ctx.profileName}")` : servers;
}

function rootCode(e: ErrorLike): string | undefined {
  const chained = e.chainedError?.code;
  if (typeof chained === 'string' && (NETWORK_REASONS[chained] || TLS_REASONS[chained])) return chained;
  return typeof e.code === 'string' ? e.code : e.code === undefined ? undefined : String(e.code);
}

function detailOf(e: ErrorLike): string {
  const own = `${e.code ?? e.name ?? 'error'}: ${e.message ?? ''}`.trim();
  return e.chainedError?.message && e.chainedError.message !== e.message ? `${own} (${e.chainedError.message})` : own;
}

/** Maps any error from connecting or requesting to a `Failure`. */
export function describeFailure(err: unknown, ctx: FailureContext = {}): Failure {
  if (err instanceof ClusterError) return err.failure;
  const e: ErrorLike = typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
  const code = rootCode(e);
  const detail = detailOf(e);
  const operation = ctx.operation ?? 'connect';
  const target = where(ctx);
  if (e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'CANCELLED') return failure('cancelled', `Cancelled ${operation === 'connect' ? 'connecting to ' + target : operation}.`, detail);
  if (code === 'AUTHORIZATION_VIOLATION' || code === 'BAD_AUTHENTICATION' || code === 'BAD_CREDS') {
    const auth = ctx.auth ? describeAuth(ctx.auth) : 'the given credentials';
    return failure('auth', `${target} refused the login (authorization violation) with ${auth}. Check the user name and password, token or credentials file, and that the account is known to the server.`, detail);
  }
  if (code === 'AUTHENTICATION_EXPIRED' || code === 'ACCOUNT_EXPIRED') {
    return failure('auth-expired', `${target} closed the connection: the ${code === 'ACCOUNT_EXPIRED' ? "account's" : "user's"} credentials have expired. Issue new credentials.`, detail);
  }
  if (code === 'AUTHENTICATION_TIMEOUT') {
    return failure('auth', `${target} expected credentials and did not get them in time; the server requires authentication.`, detail);
  }
  if (code && TLS_REASONS[code]) return failure('tls', `TLS with ${target} failed: ${TLS_REASONS[code]}.`, detail);
  if (code === 'SERVER_OPT_NA' && /tls/i.test(e.message ?? '')) {
    return failure('tls', `TLS is configured for ${target}, but the server does not offer TLS. Remove the TLS settings or use the server's TLS port.`, detail);
  }
  if (code === 'TLS' || /certificate|tls|ssl/i.test(code ?? '')) {
    return failure('tls', `TLS with ${target} failed: ${e.message ?? 'handshake error'}.`, detail);
  }
  if (code && NETWORK_REASONS[code]) return failure('unreachable', `Cannot reach ${target}: ${NETWORK_REASONS[code]}`, detail);
  if (code === 'CONNECTION_REFUSED') return failure('unreachable', `Cannot reach ${target}: ${NETWORK_REASONS.ECONNREFUSED}`, detail);
  if (code === 'ERR_INVALID_URL' || code === 'INVALID_OPTION') return failure('config', `The server URL of ${target} is not valid: ${e.message ?? ''}`.trim(), detail);
  if (code === 'TIMEOUT' || code === 'CONNECTION_TIMEOUT' || code === 'ETIMEDOUT') {
    const within = ctx.timeoutMs ? ` within ${ctx.timeoutMs} ms` : ' in time';
    if (operation !== 'connect') return failure('timeout', `No answer to ${operation}${within} from ${target}.`, detail);
    const hint = ctx.tls && !ctx.clientCert ? ' If the server verifies client certificates, set the TLS client certificate and key.' : ' Check the URL and port, and any firewall in between.';
    return failure('timeout', `No NATS server answered at ${target}${within}.${hint}`, detail);
  }
  if (code === '503') return failure('no-responders', `Nothing answers ${operation} on ${target} (no responders).`, detail);
  if (code === 'PERMISSIONS_VIOLATION') return failure('permission', `${target} denied ${operation}: the user lacks permission.`, detail);
  if (code === 'CONNECTION_CLOSED' || code === 'DISCONNECT' || code === 'CONNECTION_DRAINING') {
    return failure('disconnected', `The connection to ${target} is ${code === 'DISCONNECT' ? 'down' : 'closed'}; ${operation} did not complete.`, detail);
  }
  return failure('unknown', `${operation === 'connect' ? `Connecting to ${target}` : `${operation[0].toUpperCase()}${operation.slice(1)}`} failed: ${e.message || String(err)}`, detail);
}
