/**
 * `nats-workbench drill (--server URL [--creds FILE] | --context NAME) (--lose SERVER[,…] |
 * --lose-cluster NAME[,…]) [--mode outage|loss] [--format text|json]`: what losing those servers
 * would do to every stream, KV bucket and object store, and to the meta group.
 */
import { ClusterError, DrillError, DrillMode, DrillResult, DrillTarget, drillJson, drillPasses, drillText, readDrillTopology, runDrill } from '../core/cluster';
// The map's model and the file topology only: the drmap index would also bundle its layout (elkjs, 1.5 MB).
import { DrMap, drMapFromFiles } from '../core/drmap/model';
import { FileDrillClusters, drillTopologyFromFiles, fileDrillClustersFrom, worstCasePlacement } from '../core/drmap/drillTopology';
import { parseStreamDocument } from '../core/streams';
import { DEFAULT_MAX_FILE_SIZE, UnreadablePath, collect } from './lint';
import { displayLine, displayText, quoted } from '../core/trust/quote';
import { CliCommand, CliIo, ParsedArgs, UsageError, optionValue, parseArgs } from './framework';
import { CONNECTION_OPTIONS, connectionProfile, openCliConnection, timeoutOption } from './connectionOptions';
import { formatOption } from './lifecycleOptions';

const usage = `Usage: nats-workbench drill (--server URL [--creds FILE] [--user U --password P] | --context NAME)
                           (--lose SERVER[,SERVER]… | --lose-cluster NAME[,NAME]…)
                           [--mode outage|loss] [--format text|json] [--monitoring URL] [--timeout MS]
       nats-workbench drill --files PATH… [--server URL … | --context NAME | --cluster NAME=SIZE…]
                           (--lose SERVER[,SERVER]… | --lose-cluster NAME[,NAME]…) [--mode …] [--format …]

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

With --files, the streams are those of the stream config files (and folders) named instead of the
account's: each in the cluster its placement.cluster names (without one, the connected server's
cluster), on the clusters and servers the connection reports; with --cluster NAME=SIZE on clusters
of that many servers (NAME-n1, NAME-n2, …); with neither, on clusters as large as the files ask.
A stream whose cluster is missing, or with more replicas than its cluster has servers, is left out
and named. Files do not fix which servers hold the replicas: the drill puts them on the lost
servers first (the worst case).

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
  --files PATH        stream config files or folders to drill instead of the account's streams
                      (repeatable; further paths may follow it)
  --cluster NAME=SIZE with --files and no connection: a cluster of SIZE servers (repeatable,
                      comma-separated)

Exit codes: 0 every asset stays available, 1 at least one does not, 2 wrong usage or no
connection (the reason is printed).
`;

function listOption(parsed: ParsedArgs, name: string): string[] {
  const values = (parsed.options.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.some((v) => v === '')) throw new UsageError(`--${name} takes names separated by commas, without empty ones`);
  return values;
}

/** `--cluster NAME=SIZE,…`: the sizes, in the order given. */
function clusterSizes(parsed: ParsedArgs): Map<string, number> | undefined {
  const values = listOption(parsed, 'cluster');
  if (!values.length) return undefined;
  const sizes = new Map<string, number>();
  for (const v of values) {
    const m = /^([^=\s]+)=(\d{1,3})$/.exec(v);
    if (!m || Number(m[2]) < 1) throw new UsageError(`--cluster takes NAME=SIZE (a size from 1 to 999), not ${quoted(v)}`);
    if (sizes.has(m[1])) throw new UsageError(`--cluster names ${quoted(m[1])} twice`);
    sizes.set(m[1], Number(m[2]));
  }
  return sizes;
}

/** The stream configs of the files and folders named, and a note for each that cannot be read. */
function readStreamFiles(paths: string[], io: CliIo): { map: DrMap; notes: string[] } {
  const inputs = collect(paths, io.cwd, DEFAULT_MAX_FILE_SIZE);
  const notes = inputs.flatMap((i) => (i.problem !== undefined ? [`${i.source.shown}: ${i.problem}`] : []));
  const entries = inputs.flatMap((i) => (i.text !== undefined ? parseStreamDocument(i.text, i.source.absolute).streams : []));
  if (!entries.length) throw new UsageError(`no stream configs in ${paths.map((p) => quoted(p)).join(', ')}`);
  return { map: drMapFromFiles(entries), notes };
}

function print(result: DrillResult, notes: readonly string[], format: string, io: CliIo): number {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(drillJson(result), null, 2)}\n`);
    for (const note of notes) io.stderr.write(`note: ${displayText(note)}\n`);
  } else {
    const lines = [...drillText(result), ...notes.map((n) => `Note: ${n}`)];
    io.stdout.write(`${lines.map(displayLine).join('\n')}\n`);
  }
  return drillPasses(result) ? 0 : 1;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECTION_OPTIONS, 'lose', 'lose-cluster', 'mode', 'format', 'timeout', 'files', 'cluster'] });
  const files = [...(parsed.options.get('files') ?? []), ...(parsed.options.has('files') ? parsed.positionals : [])];
  if (!files.length && parsed.positionals.length) throw new UsageError(`unexpected argument ${quoted(parsed.positionals[0])}`);
  const servers = listOption(parsed, 'lose');
  const clusters = listOption(parsed, 'lose-cluster');
  if (!servers.length && !clusters.length) throw new UsageError('--lose SERVER or --lose-cluster NAME is required');
  const mode = optionValue(parsed, 'mode') ?? 'outage';
  if (mode !== 'outage' && mode !== 'loss') throw new UsageError(`--mode must be outage or loss, not ${quoted(mode)}`);
  const format = formatOption(parsed);
  const timeoutMs = timeoutOption(parsed, 10_000);
  if (files.length) return drillFiles(parsed, files, { servers, clusters }, mode as DrillMode, format, timeoutMs, io);
  if (parsed.options.has('cluster')) throw new UsageError('--cluster goes with --files');
  const target = await connectionProfile(parsed, io);
  const conn = await openCliConnection('drill', target, io, timeoutMs);
  if (!conn) return 2;
  try {
    const live = await readDrillTopology(conn, { timeoutMs });
    return print(runDrill(live.topology, { servers, clusters }, mode as DrillMode), live.notes, format, io);
  } catch (e) {
    if (e instanceof DrillError) throw new UsageError(e.message);
    if (!(e instanceof ClusterError)) throw e;
    io.stderr.write(`nats-workbench drill: ${displayText(e.failure.message)}\n`);
    return 2;
  } finally {
    await conn.close();
  }
}

/** `drill --files`: the files' streams on the connection's clusters, the sizes given, or sizes the files ask. */
async function drillFiles(parsed: ParsedArgs, files: string[], target: DrillTarget, mode: DrillMode, format: string, timeoutMs: number, io: CliIo): Promise<number> {
  const sizes = clusterSizes(parsed);
  const connected = parsed.options.has('server') || parsed.options.has('context');
  if (sizes && connected) throw new UsageError('give --cluster or a connection (--server, --context), not both');
  let read: { map: DrMap; notes: string[] };
  try {
    read = readStreamFiles(files, io);
  } catch (e) {
    if (!(e instanceof UnreadablePath)) throw e;
    io.stderr.write(`nats-workbench drill: ${displayText(e.message)}\n`);
    return 2;
  }
  let from: { clusters: FileDrillClusters; notes: string[] } = { clusters: sizes ? { sizes } : {}, notes: [] };
  if (connected) {
    const conn = await openCliConnection('drill', await connectionProfile(parsed, io), io, timeoutMs);
    if (!conn) return 2;
    try {
      from = fileDrillClustersFrom(await readDrillTopology(conn, { timeoutMs }), conn.server?.cluster);
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      io.stderr.write(`nats-workbench drill: ${displayText(e.failure.message)}\n`);
      return 2;
    } finally {
      await conn.close();
    }
  }
  const { topology, notes } = drillTopologyFromFiles(read.map, from.clusters);
  try {
    return print(runDrill(worstCasePlacement(topology, target), target, mode), [...read.notes, ...notes, ...from.notes], format, io);
  } catch (e) {
    if (e instanceof DrillError) throw new UsageError(e.message);
    throw e;
  }
}

export const drillCommand: CliCommand = {
  summary: 'Predict what losing servers or clusters does to every stream, bucket and object store',
  usage,
  run,
};
