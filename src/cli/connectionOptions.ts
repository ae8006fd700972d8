/**
 * The connection options of the commands that talk to a server: `--server URL [--creds FILE]
 * [--user U --password P]` or `--context NAME` (a nats CLI context), and opening the connection
 * with a reason on failure.
 */
import * as path from 'node:path';
import { ClusterError, Connection, ConnectionProfile, profileFromSettings, readNatsContexts } from '../core/cluster';
import { displayText, quoted } from '../core/trust/quote';
import { CliIo, ParsedArgs, UsageError, optionValue } from './framework';

/** The option names `connectionProfile` reads, for `parseArgs`. */
export const CONNECTION_OPTIONS = ['server', 'creds', 'user', 'password', 'context', 'monitoring'] as const;

export const CONNECTION_USAGE = '(--server URL [--creds FILE] [--user U --password P] | --context NAME)';

export interface CliConnection {
  profile: ConnectionProfile;
  /** A password given on the command line. */
  secret?: string;
}

/** The profile the options describe; a UsageError when they are missing or contradict each other. */
export async function connectionProfile(parsed: ParsedArgs, io: CliIo): Promise<CliConnection> {
  const server = optionValue(parsed, 'server');
  const context = optionValue(parsed, 'context');
  const creds = optionValue(parsed, 'creds');
  const user = optionValue(parsed, 'user');
  const password = optionValue(parsed, 'password');
  const monitoring = optionValue(parsed, 'monitoring');
  if (server !== undefined && context !== undefined) throw new UsageError('give --server or --context, not both');
  let result: CliConnection;
  if (context !== undefined) {
    if (creds !== undefined || user !== undefined || password !== undefined) throw new UsageError('--creds, --user and --password go with --server; a context names its own credentials');
    const contexts = await readNatsContexts({ env: io.env ?? process.env, ...(io.home ? { home: io.home } : {}) });
    const profile = contexts.profiles.find((p) => p.name === context);
    if (!profile) throw new UsageError(`no nats context named ${quoted(context)} in ${contexts.dir}`);
    result = { profile: { ...profile } };
  } else {
    if (server === undefined || server === '') throw new UsageError('--server URL or --context NAME is required');
    if (creds !== undefined && (user !== undefined || password !== undefined)) throw new UsageError('give --creds or --user/--password, not both');
    if ((user === undefined) !== (password === undefined)) throw new UsageError('--user and --password go together');
    const settings: Record<string, string> = { name: server, url: server };
    if (creds !== undefined) settings.creds = path.resolve(io.cwd, creds);
    if (user !== undefined) settings.user = user;
    result = { profile: profileFromSettings(settings, 0), ...(password !== undefined ? { secret: password } : {}) };
    const bad = result.profile.problems.find((p) => p.severity === 'error');
    if (bad) throw new UsageError(bad.message.replace(/^setting natsWorkbench\.connections\[0\] \([^)]*\): /, '--server: '));
  }
  if (monitoring !== undefined) {
    if (!/^https?:\/\/\S+$/.test(monitoring)) throw new UsageError(`--monitoring takes an http(s) URL of a monitoring port, not ${quoted(monitoring)}`);
    result.profile.monitoringUrl = monitoring;
  }
  return result;
}

/** Opens the connection; on failure writes why to stderr and returns undefined (the caller exits with 2). */
export async function openCliConnection(command: string, c: CliConnection, io: CliIo, timeoutMs: number): Promise<Connection | undefined> {
  try {
    return await Connection.open(c.profile, {
      timeoutMs,
      requestTimeoutMs: timeoutMs,
      clientName: `nats-workbench ${command}`,
      ...(c.secret !== undefined ? { secret: c.secret } : {}),
      contexts: { env: io.env ?? process.env, ...(io.home ? { home: io.home } : {}) },
    });
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e;
    io.stderr.write(`nats-workbench ${command}: cannot connect: ${displayText(e.failure.message)}\n`);
    return undefined;
  }
}

/** `--timeout MS` (default `fallback`). */
export function timeoutOption(parsed: ParsedArgs, fallback: number): number {
  const text = optionValue(parsed, 'timeout');
  if (text === undefined) return fallback;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms) || ms <= 0) throw new UsageError(`--timeout must be a whole number of milliseconds, not ${quoted(text)}`);
  return ms;
}

/**
 * Opens the connection the options name, runs `work`, closes it. Failing to connect: the reason on
 * stderr, exit 2; a ClusterError from `work`: its message, exit 1 for a JetStream refusal, else 2.
 */
export async function withConnection(command: string, parsed: ParsedArgs, io: CliIo, work: (conn: Connection) => Promise<number>, timeoutMs = 10_000): Promise<number> {
  const conn = await openCliConnection(command, await connectionProfile(parsed, io), io, timeoutMs);
  if (!conn) return 2;
  try {
    return await work(conn);
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e;
    io.stderr.write(`nats-workbench ${command}: ${displayText(e.message)}\n`);
    return e.kind === 'jetstream' ? 1 : 2;
  } finally {
    await conn.close();
  }
}
