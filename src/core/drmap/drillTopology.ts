/**
 * The failure drill over the workspace's stream files: a drill topology from the DR map's file
 * model (each stream's region from `placement.cluster`, its replicas, storage, mirror and sources)
 * with the clusters and servers a connection reports, the cluster sizes given, or, with neither,
 * each cluster as large as its largest stream asks. Files do not say which servers of a cluster
 * hold a stream's replicas (the server chooses), so `worstCasePlacement` puts them, per stream, on
 * the servers the drill takes away first: the prediction is the worst the placement could do.
 * Pure: no I/O, no `vscode`.
 */
import { DrillServer, DrillStream, DrillTarget, DrillTopology, resolveTarget } from '../cluster/drill';
import type { LiveDrillTopology } from '../cluster/drillLive';
import { plural } from '../plural';
import { DrMap, UNKNOWN_REGION } from './model';

export interface FileDrillClusters {
  /** The servers a connection reports (name, cluster, JetStream), as the live drill reads them. */
  servers?: readonly DrillServer[];
  /** With `servers`: the meta group's size and members already down, as the connection says. */
  metaGroupSize?: number;
  metaDown?: number;
  /** Where a stream without placement goes: the cluster of the server a client connects to. */
  defaultCluster?: string;
  /** Without `servers`: cluster sizes (`--cluster NAME=SIZE`); servers are named `NAME-n1`…. */
  sizes?: ReadonlyMap<string, number>;
}

export interface FileDrillTopology {
  topology: DrillTopology;
  /** How the clusters were sized, and the streams left out (and why). */
  notes: string[];
}

/**
 * The clusters of a connection for the files' drill: the servers (and meta group) its live drill
 * topology reports, and the notes on them (those on its streams do not concern the files).
 */
export function fileDrillClustersFrom(live: LiveDrillTopology, connectedCluster: string | undefined): { clusters: FileDrillClusters; notes: string[] } {
  const { servers, metaGroupSize, metaDown } = live.topology;
  const clusters: FileDrillClusters = { servers };
  if (connectedCluster) clusters.defaultCluster = connectedCluster;
  if (metaGroupSize !== undefined) clusters.metaGroupSize = metaGroupSize;
  if (metaDown !== undefined) clusters.metaDown = metaDown;
  return { clusters, notes: live.notes.filter((n) => !/\bstreams?\b/.test(n)) };
}

function list(names: readonly string[]): string {
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
}

/** The drill's topology from a map of the workspace's files and the clusters to put it on. */
export function drillTopologyFromFiles(map: DrMap, clusters: FileDrillClusters = {}): FileDrillTopology {
  const notes: string[] = [];
  const members = new Map<string, string[]>();
  const servers: DrillServer[] = [];
  const add = (cluster: string, server: DrillServer): void => {
    servers.push(server);
    const known = members.get(cluster);
    if (known) known.push(server.name);
    else members.set(cluster, [server.name]);
  };
  const fromFiles = !clusters.servers && !clusters.sizes;
  if (clusters.servers) {
    for (const s of clusters.servers) add(s.cluster ?? UNKNOWN_REGION, { ...s });
  } else if (clusters.sizes) {
    for (const [name, size] of clusters.sizes) for (let i = 1; i <= size; i++) add(name, { name: `${name}-n${i}`, cluster: name });
  }
  const clusterNames = [...members.keys()];
  const fallback = clusters.defaultCluster ?? (clusterNames.length === 1 ? clusterNames[0] : undefined);

  // Each stream once (the first file that defines it), in the cluster it asks for.
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const wanted: { stream: (typeof map.streams)[number]; cluster: string }[] = [];
  const unplaced: string[] = [];
  for (const s of map.streams) {
    if (seen.has(s.name)) {
      duplicates.push(s.name);
      continue;
    }
    seen.add(s.name);
    let cluster = s.region;
    if (cluster === UNKNOWN_REGION && fallback !== undefined) {
      cluster = fallback;
      unplaced.push(s.name);
    }
    wanted.push({ stream: s, cluster });
  }
  if (fromFiles) {
    // No connection and no sizes: each cluster as large as its largest stream asks.
    const sizes = new Map<string, number>();
    for (const { stream, cluster } of wanted) sizes.set(cluster, Math.max(sizes.get(cluster) ?? 1, stream.replicas));
    for (const [name, size] of [...sizes].sort(([a], [b]) => a.localeCompare(b))) {
      for (let i = 1; i <= size; i++) add(name, { name: `${name === UNKNOWN_REGION ? 'unplaced' : name}-n${i}`, ...(name === UNKNOWN_REGION ? {} : { cluster: name }) });
    }
    if (sizes.size) notes.push(`No connection: each cluster has as many servers as its largest stream has replicas (${[...sizes].map(([c, n]) => `${c}: ${n}`).join(', ')}).`);
  }
  if (unplaced.length) notes.push(`${plural(unplaced.length, 'stream')} without placement.cluster put in ${fallback} (${list(unplaced)}).`);
  if (duplicates.length) notes.push(`${plural(duplicates.length, 'stream')} defined in more than one place: the first one counted (${list([...new Set(duplicates)])}).`);

  const streams: DrillStream[] = [];
  const noCluster: string[] = [];
  const tooLarge: string[] = [];
  for (const { stream: s, cluster } of wanted) {
    const names = members.get(cluster);
    if (!names) {
      noCluster.push(`${s.name} (${cluster})`);
      continue;
    }
    if (s.replicas > names.length) {
      tooLarge.push(`${s.name} (R${s.replicas} in ${cluster} of ${names.length})`);
      continue;
    }
    const stream: DrillStream = { name: s.name, replicas: s.replicas, storage: s.storage, peers: names.slice(0, Math.max(1, s.replicas)) };
    if (cluster !== UNKNOWN_REGION) stream.cluster = cluster;
    if (s.mirror) stream.mirror = s.mirror;
    if (s.sources.length) stream.sources = [...s.sources];
    streams.push(stream);
  }
  if (noCluster.length) notes.push(`${plural(noCluster.length, 'stream')} left out: placed in a cluster the connection does not have (${list(noCluster)}).`);
  if (tooLarge.length) notes.push(`${plural(tooLarge.length, 'stream')} left out: more replicas than the cluster has servers, which the server refuses (${list(tooLarge)}).`);
  notes.push('Which servers of a cluster hold a stream’s replicas is the server’s choice: the drill puts them on the lost servers first (the worst case).');

  const topology: DrillTopology = { servers: servers.sort((a, b) => a.name.localeCompare(b.name)), streams };
  if (clusters.servers && clusters.metaGroupSize !== undefined) topology.metaGroupSize = clusters.metaGroupSize;
  if (clusters.servers && clusters.metaDown !== undefined) topology.metaDown = clusters.metaDown;
  return { topology, notes };
}

/**
 * The topology with each stream's replicas on the servers of its cluster that `target` takes away
 * first, then on the others: the worst case of a placement the files do not fix. A DrillError names
 * a server or cluster the topology lacks.
 */
export function worstCasePlacement(topology: DrillTopology, target: DrillTarget): DrillTopology {
  const lost = resolveTarget(topology, target).servers;
  const byCluster = new Map<string | undefined, string[]>();
  for (const s of topology.servers) {
    const names = byCluster.get(s.cluster);
    if (names) names.push(s.name);
    else byCluster.set(s.cluster, [s.name]);
  }
  for (const names of byCluster.values()) names.sort((a, b) => Number(lost.has(b)) - Number(lost.has(a)) || a.localeCompare(b));
  const streams = topology.streams.map((s) => {
    const names = byCluster.get(s.cluster);
    return names ? { ...s, peers: names.slice(0, s.peers.length) } : s;
  });
  return { ...topology, streams };
}
