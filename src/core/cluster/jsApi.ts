/**
 * Requests to the JetStream API (`$JS.API.*`) with the raw JSON the server sends, so that API
 * errors keep their `err_code` and listings can be paged as the caller likes.
 */
import { ClusterError, JetStreamApiErrorInfo, failure } from './errors';
import { Connection, RequestOptions } from './connection';
import { displayServers } from './profile';

interface ApiErrorBody {
  code?: number;
  err_code?: number;
  description?: string;
}

/** The JetStream error codes this module's callers react to. */
export const JS_ERR = {
  clusterUnavailable: 10008,
  streamNotFound: 10059,
  notEnabledForAccount: 10039,
  notEnabled: 10076,
  noMessageFound: 10037,
} as const;

const decoder = new TextDecoder();

/**
 * The most entries a paged listing (streams, their names, consumers) reads. A listing goes on while
 * the server's `total` says there is more: a broken or hostile server reporting a huge total, or
 * sending the same page again and again, would page for ever. nats-server pages 256 infos or 1024
 * names at a time; an account with this many streams is far past what a server holds in practice.
 */
export const MAX_LISTED = 100_000;

/** A listing's reported `total` as a count; throws a ClusterError when it passes MAX_LISTED. */
export function listTotal(total: unknown, operation: string): number {
  const n = typeof total === 'number' && Number.isFinite(total) && total > 0 ? total : 0;
  if (n > MAX_LISTED) {
    throw new ClusterError(failure('unknown', `The server's reply to ${operation} reports ${n} entries, more than the ${MAX_LISTED} read: a broken server, or not a JetStream server. Nothing more was asked.`));
  }
  return n;
}

/**
 * The most requests one paged listing makes. nats-server's pages hold 256 infos or 1,024 names, so
 * MAX_LISTED entries take 391 pages; a server announcing pages of one entry could otherwise make a
 * listing ask 100,000 times.
 */
export const MAX_PAGES = 1_000;

/**
 * The page size of a listing (the server's `limit`, else the first page's length, else 256);
 * throws a ClusterError when reading `total` entries that way would take more than MAX_PAGES requests.
 */
export function listPageSize(limit: unknown, firstPageLength: number, total: number, operation: string): number {
  const size = typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0 ? limit : firstPageLength > 0 ? firstPageLength : 256;
  checkListPages(total, size, operation);
  return size;
}

/** Throws a ClusterError when reading `total` entries `pageSize` at a time would take more than MAX_PAGES requests. */
export function checkListPages(total: number, pageSize: number, operation: string): void {
  const pages = Math.ceil(total / Math.max(1, pageSize));
  if (pages > MAX_PAGES) {
    throw new ClusterError(failure('unknown', `The server's replies to ${operation} come ${pageSize} at a time for ${total} entries: ${pages} requests, more than the ${MAX_PAGES} made for one listing (a broken server, or not a JetStream server). Nothing more was asked.`));
  }
}

/** Whether an error is a JetStream API error with one of the given codes. */
export function isApiError(error: unknown, ...errCodes: number[]): error is ClusterError {
  return error instanceof ClusterError && error.failure.kind === 'jetstream' && errCodes.includes(error.failure.api?.errCode ?? -1);
}

/** Throws the `ClusterError` for an API error body. */
export function apiFailure(error: ApiErrorBody, operation: string): ClusterError {
  const api: JetStreamApiErrorInfo = { code: error.code ?? 0, description: error.description ?? 'unknown error' };
  if (error.err_code !== undefined) api.errCode = error.err_code;
  const code = api.errCode !== undefined ? ` (JetStream error ${api.errCode})` : '';
  return new ClusterError({ ...failure('jetstream', `JetStream refused ${operation}: ${api.description}${code}.`), api });
}

/**
 * Sends `payload` (serialised as JSON, or nothing) to `<api prefix>.<api>` and returns the parsed
 * reply. API errors, timeouts and missing responders throw a `ClusterError`.
 */
export async function jsRequest<T>(conn: Connection, api: string, payload: unknown, options: RequestOptions & { operation: string }): Promise<T> {
  const subject = `${conn.jetStreamApiPrefix}.${api}`;
  let data: Uint8Array;
  try {
    data = await conn.request(subject, payload === undefined ? '' : JSON.stringify(payload), options);
  } catch (e) {
    if (e instanceof ClusterError && e.failure.kind === 'no-responders') {
      throw new ClusterError(
        failure(
          'no-responders',
          `JetStream does not answer ${options.operation} on ${displayServers(conn.profile.servers)}: JetStream is not enabled for this account or server, or the user may not use ${subject}.`,
          e.failure.detail,
        ),
      );
    }
    throw e;
  }
  let body: T & { error?: ApiErrorBody };
  try {
    body = JSON.parse(decoder.decode(data)) as T & { error?: ApiErrorBody };
  } catch {
    throw new ClusterError(failure('unknown', `The reply to ${options.operation} is not JSON.`));
  }
  if (body.error) throw apiFailure(body.error, options.operation);
  return body;
}
