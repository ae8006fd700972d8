/**
 * `nats-workbench drill (--server URL [--creds FILE] | --context NAME) (--lose SERVER[,…] |
 * --lose-cluster NAME[,…]) [--mode outage|loss] [--format text|json]`: what losing those servers
 * would do to every stream, KV bucket and object store, and to the meta group.
 */
import { ClusterError, DrillError, DrillMode, drillJson, drillPasses, drillText, readDrillTopology, runDrill } from '../core/cluster';
import { displayText, quoted } from '../core/trust/quote';
import { CliCommand, CliIo, ParsedArgs, UsageError, optionValue, parseArgs } from './framework';
import { CONNECTION_OPTIONS, connectionProfile, openCliConnection, timeoutOption } from './connectionOptions';
import { formatOption } from './lifecycleOptions';

const usage = `Usage: nats-workbench drill (--server URL [--creds FILE] [--user U --password P] | --context NAME)
                           (--lose SERVER[,SERVER]… | --lose-cluster NAME[,NAME]…)
                           [--mode outage|loss] [--format text|json] [--monitoring URL] [--timeout MS]

A failure drill: predicts what losing the named servers (or every server of the named clusters)
does to each stream, key-value bucket (KV_*) and object store (OBJ_*) of the connection's account:
  available  a quorum of its replicas remains, so it keeps or elects a leader and takes writes;
  data       intact or lost. --mode outage (default): the servers come back with their disks, so
             file data survives and memory data is lost only when every replica was down.
             --mode loss: the servers and their disks are gone; data survives only where a
             replica remains;
  copies     its mirrors and sources that stay available (where it can still be read);
and whether the JetStream meta group keeps its quorum (creating, updating and deleting streams
needs it; streams that keep a leader go on without it).

The servers and clusters come from the system account's server pings (a system user) or the
monitoring endpoint (--monitoring, or the context's), and from where the streams' replicas live.

Options:
  --server URL        the server(s) to connect to (comma-separated for a cluster)
  --creds FILE        a .creds file (user JWT and seed)
  --user U --password P
  --context NAME      a nats CLI context instead of --server
  --lose LIST         server names to take away (repeatable, comma-separated)
  --lose-cluster LIST cluster names whose every server is taken away
  --mode MODE         outage (default) or loss
  --format FORMAT     text (default) or json: {"meta": {"available"}, "assets": [{"kind", "name",
                      "cluster", "replicas", "storage", "available", "data", "copies"}]}
  --monitoring URL    a monitoring endpoint (http://host:8222) to learn the servers from
  --timeout MS        how long connecting and each request may take (default 10000)

Exit codes: 0 every asset stays available, 1 at least one does not, 2 wrong usage or no
connection (the reason is printed).
`;

function listOption(parsed: ParsedArgs, name: string): string[] {
  const values = (parsed.options.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.some((v) => v === '')) throw new UsageError(`--${name} takes names separated by commas, without empty ones`);
  return values;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECTION_OPTIONS, 'lose', 'lose-cluster', 'mode', 'format', 'timeout'] });
  if (parsed.positionals.length) throw new UsageError(`unexpected argument ${quoted(parsed.positionals[0])}`);
  const servers = listOption(parsed, 'lose');
  const clusters = listOption(parsed, 'lose-cluster');
  if (!servers.length && !clusters.length) throw new UsageError('--lose SERVER or --lose-cluster NAME is required');
  const mode = optionValue(parsed, 'mode') ?? 'outage';
  if (mode !== 'outage' && mode !== 'loss') throw new UsageError(`--mode must be outage or loss, not ${quoted(mode)}`);
  const format = formatOption(parsed);
  const timeoutMs = timeoutOption(parsed, 10_000);
  const target = await connectionProfile(parsed, io);
  const conn = await openCliConnection('drill', target, io, timeoutMs);
  if (!conn) return 2;
  try {
    const live = await readDrillTopology(conn, { timeoutMs });
    const result = runDrill(live.topology, { servers, clusters }, mode as DrillMode);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(drillJson(result), null, 2)}\n`);
      for (const note of live.notes) io.stderr.write(`note: ${displayText(note)}\n`);
    } else {
      const lines = [...drillText(result), ...live.notes.map((n) => `Note: ${n}`)];
      io.stdout.write(`${lines.map(displayText).join('\n')}\n`);
    }
    return drillPasses(result) ? 0 : 1;
  } catch (e) {
    if (e instanceof DrillError) throw new UsageError(e.message);
    if (!(e instanceof ClusterError)) throw e;
    io.stderr.write(`nats-workbench drill: ${displayText(e.failure.message)}\n`);
    return 2;
  } finally {
    await conn.close();
  }
}

export const drillCommand: CliCommand = {
  summary: 'Predict what losing servers or clusters does to every stream, bucket and object store',
  usage,
  run,
};
