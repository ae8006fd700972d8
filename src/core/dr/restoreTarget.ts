/**
 * Where a restore goes (the server, the connection, the credentials that decide the account), and
 * the check that no stream of the restored one's name is there: a restore creates a stream and
 * never replaces one. nats-server 2.9.10 refuses a restore onto an existing stream itself, but only
 * after the request, with "stream name already in use"; asking first lets the user be told where.
 */
import { Connection, describeAuth, displayServers, isApiError, JS_ERR, jsRequest } from '../cluster';
import { displayText, quoted } from '../trust/quote';
import { BackupError } from './backupError';

export interface RestoreTarget {
  /** The server the connection is attached to, with its cluster. */
  server: string;
  /** The connection's name. */
  connection: string;
  /** What the connection logs in with, which decides the account. */
  account: string;
}

export function restoreTarget(conn: Connection): RestoreTarget {
  const s = conn.server;
  const name = conn.profile.name;
  return {
    server: s ? `${s.name}${s.cluster ? ` (cluster ${s.cluster})` : ''}` : displayServers(conn.profile.servers),
    // A connection named by its URL (the CLI's) shows it without a user or password.
    connection: name.includes('://') ? displayServers([name]) : name,
    account: conn.profile.auth.kind === 'none' ? "no credentials (the server's default account)" : `the account of ${describeAuth(conn.profile.auth)}`,
  };
}

/** The target in words, each value shown by displayText. */
export function describeTarget(t: RestoreTarget): string {
  return `${displayText(t.server)}, connection ${quoted(t.connection)}, ${displayText(t.account)}`;
}

/** Throws a BackupError naming the target when the connection's account has a stream `name`. */
export async function assertNoStream(conn: Connection, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await jsRequest(conn, `STREAM.INFO.${name}`, undefined, { signal, operation: `the info request for stream ${name}` });
  } catch (e) {
    if (isApiError(e, JS_ERR.streamNotFound)) return;
    throw e;
  }
  throw new BackupError(`Stream ${quoted(name, 255)} already exists on ${describeTarget(restoreTarget(conn))}: a restore creates the stream and never replaces one. Delete it first, or restore onto another server or account.`);
}
