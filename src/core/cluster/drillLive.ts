/**
 * The failure drill's topology from a live connection: the servers from what the connection can
 * see (`readTopology`: system-account pings, else the monitoring endpoint) completed by the servers
 * the streams' replicas live on, and every stream from the stream listing (`listAllStreams`) with
 * its cluster, peers, leader, storage and mirror/sources. What cannot be seen becomes a note.
 */
import { Connection } from './connection';
import { DrillServer, DrillStream, DrillTopology } from './drill';
import { StreamSummary, listAllStreams } from './streamList';
import { ClusterTopology } from './topology';
import { readTopology } from './topologyProbe';
import { plural } from '../plural';

export interface LiveDrillTopology {
  topology: DrillTopology;
  /** What the drill cannot account for (servers not seen, streams not described). */
  notes: string[];
}

/** The drill's topology from a connection's topology and its streams. Pure. */
export function drillTopologyFrom(cluster: ClusterTopology, streams: readonly StreamSummary[]): LiveDrillTopology {
  const notes = [...cluster.notes];
  const servers = new Map<string, DrillServer>();
  for (const s of cluster.servers) {
    const server: DrillServer = { name: s.name, jetstream: s.jetstream !== false };
    if (s.cluster) server.cluster = s.cluster;
    servers.set(s.name, server);
  }
  const fromPeers = new Set<string>();
  const drillStreams: DrillStream[] = [];
  const undescribed: string[] = [];
  for (const s of streams) {
    if (s.health === 'unknown' || s.replicas < 1) {
      undescribed.push(s.name);
      continue;
    }
    // A stream on a server without clustering has no peers in its info: its one replica is that server.
    const peers = s.peers.length ? s.peers.map((p) => p.name) : !cluster.clustered ? [cluster.connectedServer.name] : [];
    for (const p of peers) {
      if (servers.has(p)) continue;
      const server: DrillServer = { name: p, jetstream: true };
      if (s.cluster) server.cluster = s.cluster;
      servers.set(p, server);
      fromPeers.add(p);
    }
    const stream: DrillStream = { name: s.name, replicas: s.replicas, storage: s.storage, peers };
    if (s.cluster) stream.cluster = s.cluster;
    if (s.leader) stream.leader = s.leader;
    if (s.mirror) stream.mirror = s.mirror;
    if (s.sources.length) stream.sources = [...s.sources];
    drillStreams.push(stream);
  }
  if (undescribed.length) notes.push(`${plural(undescribed.length, 'stream')} left out: the server could not describe ${undescribed.length === 1 ? 'it' : 'them'} (${undescribed.slice(0, 5).join(', ')}${undescribed.length > 5 ? ', …' : ''}).`);
  if (fromPeers.size) notes.push(`${plural(fromPeers.size, 'server')} known only as a replica's home (${[...fromPeers].sort().join(', ')}); a server holding no replica is seen only with system-account rights.`);
  const topology: DrillTopology = { servers: [...servers.values()].sort((a, b) => a.name.localeCompare(b.name)), streams: drillStreams };
  const jsCount = topology.servers.filter((s) => s.jetstream !== false).length;
  if (cluster.metaClusterSize !== undefined) {
    topology.metaGroupSize = cluster.metaClusterSize;
    // Pings reach every live server: the members that did not answer are down already.
    if (cluster.sources.includes('system-account') && cluster.metaClusterSize > jsCount) topology.metaDown = cluster.metaClusterSize - jsCount;
  } else if (cluster.clustered) {
    notes.push(`The meta group's size is not known (it needs system-account rights or a monitoring URL): counted as the ${plural(jsCount, 'JetStream server')} seen.`);
  }
  return { topology, notes };
}

export interface ReadDrillOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Monitoring endpoint (default: the profile's). */
  monitoringUrl?: string;
}

/** Reads the drill's topology from a connection (its topology and every stream). */
export async function readDrillTopology(conn: Connection, options: ReadDrillOptions = {}): Promise<LiveDrillTopology> {
  const [cluster, listing] = await Promise.all([
    readTopology(conn, { signal: options.signal, timeoutMs: options.timeoutMs, ...(options.monitoringUrl ? { monitoringUrl: options.monitoringUrl } : {}) }),
    listAllStreams(conn, { signal: options.signal, timeoutMs: options.timeoutMs }),
  ]);
  const live = drillTopologyFrom(cluster, listing.streams);
  live.notes.push(...listing.problems);
  return live;
}
