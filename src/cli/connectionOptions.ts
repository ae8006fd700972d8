/** `--server URL [--creds FILE]` or `--context NAME`: the connection a CLI command opens. */
import * as path from 'node:path';
import { ClusterError, Connection, ConnectionProfile, profileFromSettings, readNatsContexts } from '../core/cluster';
import { CliIo, optionValue, ParsedArgs, UsageError } from './framework';

export const CONNECTION_OPTIONS = ['server', 'creds', 'context'];

export const CONNECTION_USAGE = '(--server URL [--creds FILE] | --context NAME)';

/** The profile the options name; usage errors for a wrong combination or an unknown context. */
export async function connectionProfile(parsed: ParsedArgs, io: CliIo): Promise<ConnectionProfile> {
  const server = optionValue(parsed, 'server');
  const context = optionValue(parsed, 'context');
  const creds = optionValue(parsed, 'creds');
  if ((server === undefined) === (context === undefined)) throw new UsageError('give either --server URL or --context NAME');
  if (context !== undefined) {
    if (creds !== undefined) throw new UsageError('--creds goes with --server; a context names its own credentials');
    const contexts = await readNatsContexts({ env: io.env, home: io.home });
    const profile = contexts.profiles.find((p) => p.name === context);
    if (!profile) throw new UsageError(`no nats context named '${context}' in ${contexts.dir}`);
    return profile;
  }
  if (server === '') throw new UsageError('--server needs a URL');
  return profileFromSettings({ name: server, url: server, ...(creds !== undefined ? { creds: path.resolve(io.cwd, creds) } : {}) }, 0);
}

/** Opens the connection, runs `work`, closes it. Connection and API failures: their message on stderr, exit 2. */
export async function withConnection(command: string, parsed: ParsedArgs, io: CliIo, work: (conn: Connection) => Promise<number>): Promise<number> {
  const profile = await connectionProfile(parsed, io);
  let conn: Connection | undefined;
  try {
    conn = await Connection.open(profile);
    return await work(conn);
  } catch (e) {
    if (e instanceof ClusterError) {
      io.stderr.write(`nats-workbench ${command}: ${e.message}\n`);
      return e.kind === 'jetstream' ? 1 : 2;
    }
    throw e;
  } finally {
    await conn?.close();
  }
}
