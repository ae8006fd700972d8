/**
 * The failure drill: given where every stream's replicas live and a set of servers (or whole
 * clusters) taken away, predicts for every stream, KV bucket (`KV_*`) and object store (`OBJ_*`):
 *
 * - `available`: a quorum (floor(R/2)+1) of its replica group is among the remaining servers, so it
 *   keeps (or elects) a leader and takes writes and reads;
 * - `data`: `intact` or `lost`. In `outage` mode the servers come back with their disks: file data
 *   survives, memory data is lost only when every replica was down. In `loss` mode the servers and
 *   their disks are gone: the data survives only where a replica remains;
 * - `copies`: the mirrors and sources of it (and of those, transitively) that stay available: where
 *   the data can still be read, and what to promote; and for a mirror, its `origin`: where the
 *   data it copies can still be read when that stays available;
 * - and the JetStream meta group (every JetStream server of the super-cluster): with a quorum of it
 *   left, streams can still be created, updated and deleted; without, existing streams that keep a
 *   leader go on, but nothing can be created or changed.
 *
 * Pure: no I/O, no `vscode`. drillLive.ts builds the topology from a connection.
 */
import { plural } from '../plural';

export type DrillMode = 'outage' | 'loss';
export type AssetKind = 'stream' | 'kv' | 'objectstore';

export interface DrillServer {
  name: string;
  /** Its cluster (region); undefined for a server without clustering. */
  cluster?: string;
  /** Whether it runs JetStream (a member of the meta group); default true. */
  jetstream?: boolean;
}

export interface DrillStream {
  /** The stream's name (`KV_orders` for the KV bucket `orders`). */
  name: string;
  /** The cluster that holds it, as the server reports it. */
  cluster?: string;
  /** Configured replicas (`num_replicas`). */
  replicas: number;
  storage: 'file' | 'memory';
  /** The servers holding a replica (leader and followers, as reported). */
  peers: string[];
  leader?: string;
  /** Name of the stream it mirrors. */
  mirror?: string;
  /** Names of the streams it sources from. */
  sources?: string[];
}

export interface DrillTopology {
  servers: DrillServer[];
  streams: DrillStream[];
  /** The meta group's size when the server says (it counts servers that are down); default: the JetStream servers listed. */
  metaGroupSize?: number;
  /** Members of the meta group already down before the drill (not among `servers`). */
  metaDown?: number;
}

export interface DrillTarget {
  /** Server names to take away. */
  servers?: readonly string[];
  /** Cluster names whose every server is taken away. */
  clusters?: readonly string[];
}

export interface AssetPrediction {
  kind: AssetKind;
  /** The bucket or store name for `kv`/`objectstore` (as the audit names them), else the stream name. */
  name: string;
  /** The backing stream. */
  stream: string;
  /** Undefined when neither the server nor the replicas' servers say. */
  cluster: string | undefined;
  replicas: number;
  storage: 'file' | 'memory';
  available: boolean;
  data: 'intact' | 'lost';
  /** Mirrors and sources of it (transitively) that stay available, by stream name. */
  copies: string[];
  /** For a mirror whose origin the topology holds: that stream, and whether it stays available. */
  origin?: { stream: string; available: boolean };
  /** Its replicas left / in its group, and the quorum it needs (`assetReason` words them). */
  remaining: number;
  group: number;
  quorum: number;
}

export interface MetaPrediction {
  available: boolean;
  size: number;
  remaining: number;
  quorum: number;
}

export interface DrillResult {
  mode: DrillMode;
  /** The servers taken away, sorted. */
  lost: string[];
  /** The clusters named (each of its servers is in `lost`). */
  lostClusters: string[];
  meta: MetaPrediction;
  assets: AssetPrediction[];
}

/** A drill asked about a server or cluster the topology does not have, or about nothing. */
export class DrillError extends Error {}

/** The votes a replica group of `size` needs to keep or elect a leader. */
export function quorum(size: number): number {
  return Math.floor(size / 2) + 1;
}

/** What kind of asset a stream backs, and the name the asset goes by. */
export function assetOf(stream: string): { kind: AssetKind; name: string } {
  if (stream.startsWith('KV_') && stream.length > 3) return { kind: 'kv', name: stream.slice(3) };
  if (stream.startsWith('OBJ_') && stream.length > 4) return { kind: 'objectstore', name: stream.slice(4) };
  return { kind: 'stream', name: stream };
}

/** The servers `target` takes away; a DrillError names any server or cluster the topology lacks. */
export function resolveTarget(topology: DrillTopology, target: DrillTarget): { servers: Set<string>; clusters: string[] } {
  const known = new Set(topology.servers.map((s) => s.name));
  const clusters = new Set(topology.servers.map((s) => s.cluster).filter((c): c is string => c !== undefined));
  const wantedServers = [...new Set(target.servers ?? [])];
  const wantedClusters = [...new Set(target.clusters ?? [])];
  if (!wantedServers.length && !wantedClusters.length) throw new DrillError('name the servers or clusters to lose');
  const badServers = wantedServers.filter((s) => !known.has(s));
  if (badServers.length) throw new DrillError(`no server ${badServers.map((s) => `'${s}'`).join(', ')} in the topology (servers: ${[...known].sort().join(', ') || 'none'})`);
  const badClusters = wantedClusters.filter((c) => !clusters.has(c));
  if (badClusters.length) throw new DrillError(`no cluster ${badClusters.map((c) => `'${c}'`).join(', ')} in the topology (clusters: ${[...clusters].sort().join(', ') || 'none'})`);
  const lost = new Set(wantedServers);
  for (const s of topology.servers) if (s.cluster !== undefined && wantedClusters.includes(s.cluster)) lost.add(s.name);
  return { servers: lost, clusters: wantedClusters.sort() };
}

/** The cluster of a stream: as reported, else the cluster most of its peers are in. */
function clusterOf(stream: DrillStream, serverCluster: Map<string, string | undefined>): string | undefined {
  if (stream.cluster) return stream.cluster;
  const counts = new Map<string, number>();
  for (const p of stream.peers) {
    const c = serverCluster.get(p);
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [c, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** One line on why the drill predicts what it does for `a` (for the page and the text output). */
export function assetReason(a: AssetPrediction, mode: DrillMode): string {
  const left = `${a.remaining} of ${plural(a.group, 'replica')} left`;
  const avail = a.available
    ? a.remaining === a.group ? 'no replica on a lost server' : `${left}, quorum ${a.quorum}: keeps a leader`
    : `${left}, needs ${a.quorum}: no leader, no writes or reads`;
  let data: string;
  if (a.data === 'lost') data = mode === 'loss' ? 'no replica remains: data lost' : 'memory storage and every replica down: data lost';
  else if (a.remaining > 0) data = 'data intact';
  else data = 'data intact on disk when the servers come back';
  const where = readableFrom(a);
  return `${avail}; ${data}${where.length ? `; readable from ${where.join(', ')}` : ''}`;
}

/** Where the asset's messages can still be read besides itself: its origin (for a mirror) when available, then its copies. */
export function readableFrom(a: AssetPrediction): string[] {
  return [...(a.origin?.available ? [`${a.origin.stream} (origin)`] : []), ...a.copies];
}

/** `peers` without repeats (they are few: a loop beats a Set). */
function distinct(peers: readonly string[]): readonly string[] {
  for (let i = 1; i < peers.length; i++) if (peers.indexOf(peers[i]) < i) return [...new Set(peers)];
  return peers;
}

/**
 * The drill's prediction for taking away `target` from `topology` in `mode`. Throws a DrillError
 * when the target names a server or cluster the topology does not have, or nothing.
 */
export function runDrill(topology: DrillTopology, target: DrillTarget, mode: DrillMode = 'outage'): DrillResult {
  const { servers: lost, clusters } = resolveTarget(topology, target);
  const serverCluster = new Map(topology.servers.map((s) => [s.name, s.cluster]));

  const jsServers = topology.servers.filter((s) => s.jetstream !== false);
  const size = Math.max(topology.metaGroupSize ?? 0, jsServers.length);
  const lostJs = jsServers.filter((s) => lost.has(s.name)).length;
  const remainingMeta = Math.max(0, size - lostJs - (topology.metaDown ?? 0));
  const meta: MetaPrediction = { size, remaining: remainingMeta, quorum: quorum(size), available: remainingMeta >= quorum(size) };

  // Per stream: whether it stays available; then copies (streams that mirror or source it, transitively).
  const available = new Map<string, boolean>();
  const assets: AssetPrediction[] = [];
  for (const s of topology.streams) {
    const peers = distinct(s.peers);
    const group = Math.max(s.replicas, peers.length, 1);
    let remaining = 0;
    for (const p of peers) if (!lost.has(p)) remaining++;
    const q = quorum(group);
    const isAvailable = remaining >= q;
    const intact = remaining > 0 || (mode === 'outage' && s.storage === 'file');
    const { kind, name } = assetOf(s.name);
    assets.push({ kind, name, stream: s.name, cluster: clusterOf(s, serverCluster), replicas: s.replicas, storage: s.storage, available: isAvailable, data: intact ? 'intact' : 'lost', copies: [], remaining, group, quorum: q });
    available.set(s.name, isAvailable);
  }

  const copiedBy = new Map<string, string[]>();
  const copies = (origin: string, copy: string): void => {
    if (origin === copy) return;
    const list = copiedBy.get(origin);
    if (list) list.push(copy);
    else copiedBy.set(origin, [copy]);
  };
  for (const s of topology.streams) {
    if (s.mirror) copies(s.mirror, s.name);
    if (s.sources) for (const origin of s.sources) copies(origin, s.name);
  }
  const copiesOf = (origin: string): string[] => {
    const first = copiedBy.get(origin);
    if (!first) return [];
    const seen = new Set<string>([origin]);
    const queue = [...first];
    const out: string[] = [];
    for (let i = 0; i < queue.length; i++) {
      const next = queue[i];
      if (seen.has(next)) continue;
      seen.add(next);
      if (available.get(next)) out.push(next);
      const further = copiedBy.get(next);
      if (further) queue.push(...further);
    }
    return out.sort();
  };
  for (const a of assets) if (copiedBy.has(a.stream)) a.copies = copiesOf(a.stream);
  const mirrorOf = new Map(topology.streams.filter((s) => s.mirror !== undefined).map((s) => [s.name, s.mirror as string]));
  for (const a of assets) {
    const origin = mirrorOf.get(a.stream);
    if (origin !== undefined && available.has(origin)) a.origin = { stream: origin, available: available.get(origin)! };
  }
  // Unavailable first, then by name (code-unit order: the same on every machine, and fast).
  assets.sort((a, b) => Number(a.available) - Number(b.available) || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  return { mode, lost: [...lost].sort(), lostClusters: clusters, meta, assets };
}

/** Whether every asset stays available (the CLI's exit code 0). */
export function drillPasses(result: DrillResult): boolean {
  return result.assets.every((a) => a.available);
}

/** The drill as JSON: `{meta: {available}, assets: [{kind, name, cluster, replicas, storage, available, data, copies, origin}]}` (`origin`: `{stream, available}` for a mirror, else null). */
export function drillJson(result: DrillResult): { meta: { available: boolean }; assets: Record<string, unknown>[] } {
  return {
    meta: { available: result.meta.available },
    assets: result.assets.map((a) => ({ kind: a.kind, name: a.name, cluster: a.cluster ?? null, replicas: a.replicas, storage: a.storage, available: a.available, data: a.data, copies: a.copies, origin: a.origin ?? null })),
  };
}

/** One sentence on the meta group. */
export function metaText(meta: MetaPrediction): string {
  const counts = `${meta.remaining} of ${plural(meta.size, 'JetStream server')} left, quorum ${meta.quorum}`;
  return meta.available
    ? `Meta group keeps its quorum (${counts}): streams can still be created, updated and deleted.`
    : `Meta group loses its quorum (${counts}): no stream can be created, updated or deleted; streams that keep a leader go on.`;
}

/** The cluster an asset is in, as the drill shows it: `unknown cluster` when no server holds it. */
export function assetCluster(asset: AssetPrediction): string {
  return asset.cluster ?? 'unknown cluster';
}

/** What the drill takes away: `cluster east (east-n1, east-n2)` (`cluster east` without `servers`), `east-n4`. */
export function drillTarget(result: DrillResult, servers = true): string {
  if (!result.lostClusters.length) return result.lost.join(', ');
  const clusters = `cluster${result.lostClusters.length > 1 ? 's' : ''} ${result.lostClusters.join(', ')}`;
  return servers ? `${clusters} (${result.lost.join(', ')})` : clusters;
}

/** The drill's mode and what it means: `loss: the servers and their disks are gone`. */
export function drillModeText(result: DrillResult): string {
  return result.mode === 'outage' ? 'outage: the servers come back with their disks' : 'loss: the servers and their disks are gone';
}

/** One line of what was taken away and how. */
export function drillHeadline(result: DrillResult): string {
  return `Drill: losing ${drillTarget(result)}; ${drillModeText(result)}.`;
}

/** The drill as text: a headline, the meta group, a table of assets, and a summary. */
export function drillText(result: DrillResult): string[] {
  const rows = result.assets.map((a) => [a.kind, a.name, assetCluster(a), `R${a.replicas}`, a.storage, a.available ? 'yes' : 'NO', a.data, readableFrom(a).join(',') || '-']);
  const header = ['KIND', 'NAME', 'CLUSTER', 'REPL', 'STORAGE', 'AVAILABLE', 'DATA', 'READABLE FROM'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const down = result.assets.filter((a) => !a.available).length;
  const lostData = result.assets.filter((a) => a.data === 'lost').length;
  return [
    drillHeadline(result),
    metaText(result.meta),
    '',
    line(header),
    ...rows.map(line),
    '',
    `${plural(result.assets.length, 'asset')}: ${down ? `${down} unavailable` : 'all stay available'}${lostData ? `, ${lostData} with data lost` : ''}.`,
  ];
}
