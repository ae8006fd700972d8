/**
 * The DR map's model: regions (clusters) → servers → streams, with the mirrors and sources between
 * streams as edges (across regions where a copy lives elsewhere). Built from a live connection's
 * streams and topology, or from the workspace's stream config files (`placement.cluster` and the
 * names in `mirror` / `sources`; "unknown cluster" where placement does not say). Pure.
 */
import type { ClusterTopology, StreamHealth, StreamSummary } from '../cluster';
import type { StreamEntry } from '../streams';
import { clusterOf } from '../streams';

/** The region of a stream whose cluster is not known (no placement, or a server without clustering). */
export const UNKNOWN_REGION = 'unknown cluster';

/** Health of a stream on the map: the live verdict, or `config` for a stream known only from a file. */
export type DrHealth = StreamHealth | 'config';

/** Where a stream on the map comes from: what clicking it opens. */
export type DrOrigin = { kind: 'live'; connectionId?: string } | { kind: 'file'; uri: string; index: number; line: number };

export interface DrStream {
  /** Unique on the map: `s<n>`. */
  id: string;
  name: string;
  region: string;
  /** The server whose box holds it (its leader, else its first replica); undefined when not known. */
  server?: string;
  replicas: number;
  storage: 'file' | 'memory';
  leader?: string;
  /** Its replicas (leader first), each current or not; empty when not known. */
  peers: DrReplica[];
  health: DrHealth;
  /** Why it has this health, in words. */
  healthReason: string;
  mirror?: string;
  sources: string[];
  origin: DrOrigin;
}

export interface DrReplica {
  server: string;
  leader: boolean;
  /** Up to date with the leader (the leader always is). */
  current: boolean;
}

export interface DrServer {
  name: string;
  region: string;
  /** False when no stream's replica and no topology report put it there as a JetStream server. */
  jetstream: boolean;
}

export interface DrRegion {
  name: string;
  servers: DrServer[];
}

export interface DrEdge {
  id: string;
  kind: 'mirror' | 'source';
  /** The stream copied (id). */
  from: string;
  /** The copy (id). */
  to: string;
  /**
   * The copy lives in another region than the origin, both known (a stream without placement is
   * made in the cluster of the client that creates it: perhaps the other's).
   */
  crossRegion: boolean;
}

/** True when two regions are known and differ: an "unknown cluster" may be either. */
function crossesRegions(a: string, b: string): boolean {
  return a !== b && a !== UNKNOWN_REGION && b !== UNKNOWN_REGION;
}

export interface DrMap {
  source: 'live' | 'workspace';
  regions: DrRegion[];
  streams: DrStream[];
  edges: DrEdge[];
  /** Copies whose origin is not on the map (`mirror` / `sources` naming a stream not seen). */
  missingOrigins: { stream: string; kind: 'mirror' | 'source'; origin: string }[];
}

interface Draft {
  regions: Map<string, Map<string, DrServer>>;
  streams: DrStream[];
}

function region(draft: Draft, name: string): Map<string, DrServer> {
  let servers = draft.regions.get(name);
  if (!servers) draft.regions.set(name, (servers = new Map()));
  return servers;
}

function addServer(draft: Draft, regionName: string, name: string, jetstream: boolean): void {
  const servers = region(draft, regionName);
  const known = servers.get(name);
  if (known) known.jetstream ||= jetstream;
  else servers.set(name, { name, region: regionName, jetstream });
}

/** Edges between streams by name, and the copies whose origin is missing. */
function finish(source: DrMap['source'], draft: Draft): DrMap {
  const byName = new Map<string, DrStream[]>();
  for (const s of draft.streams) {
    const same = byName.get(s.name);
    if (same) same.push(s);
    else byName.set(s.name, [s]);
  }
  const edges: DrEdge[] = [];
  const missingOrigins: DrMap['missingOrigins'] = [];
  const link = (copy: DrStream, kind: DrEdge['kind'], name: string): void => {
    const origins = (byName.get(name) ?? []).filter((o) => o !== copy);
    if (origins.length === 0) missingOrigins.push({ stream: copy.name, kind, origin: name });
    for (const origin of origins) {
      edges.push({ id: `e${edges.length}`, kind, from: origin.id, to: copy.id, crossRegion: crossesRegions(origin.region, copy.region) });
    }
  };
  for (const s of draft.streams) {
    if (s.mirror) link(s, 'mirror', s.mirror);
    for (const name of s.sources) link(s, 'source', name);
  }
  const regions = [...draft.regions.entries()]
    .sort(([a], [b]) => (a === UNKNOWN_REGION ? 1 : b === UNKNOWN_REGION ? -1 : a.localeCompare(b)))
    .map(([name, servers]) => ({ name, servers: [...servers.values()].sort((a, b) => a.name.localeCompare(b.name)) }));
  return { source, regions, streams: draft.streams, edges, missingOrigins };
}

/**
 * The map of a live connection: its topology's clusters and servers (when known), each stream in
 * its cluster, in the box of its leader (else its first replica).
 */
export function drMapFromLive(streams: readonly StreamSummary[], topology?: Pick<ClusterTopology, 'servers'>, connectionId?: string): DrMap {
  const draft: Draft = { regions: new Map(), streams: [] };
  for (const s of topology?.servers ?? []) addServer(draft, s.cluster ?? UNKNOWN_REGION, s.name, s.jetstream !== false);
  const regionOfServer = new Map<string, string>();
  for (const [name, servers] of draft.regions) for (const server of servers.keys()) regionOfServer.set(server, name);
  for (const s of streams) {
    const peers = s.peers.map((p) => ({ server: p.name, leader: p.leader, current: p.leader || p.state === 'current' }));
    const server = s.leader ?? peers[0]?.server;
    const regionName = s.cluster ?? (server ? regionOfServer.get(server) : undefined) ?? UNKNOWN_REGION;
    for (const peer of peers) if (!regionOfServer.has(peer.server)) addServer(draft, regionName, peer.server, true);
    if (!draft.regions.has(regionName)) region(draft, regionName);
    const stream: DrStream = {
      id: `s${draft.streams.length}`,
      name: s.name,
      region: regionName,
      replicas: s.replicas,
      storage: s.storage,
      peers,
      health: s.health,
      healthReason: s.healthReason,
      sources: s.sources,
      origin: connectionId === undefined ? { kind: 'live' } : { kind: 'live', connectionId },
    };
    if (server) stream.server = server;
    if (s.leader) stream.leader = s.leader;
    if (s.mirror) stream.mirror = s.mirror;
    draft.streams.push(stream);
  }
  return finish('live', draft);
}

/**
 * The map of the workspace's stream configs: each stream in the region its `placement.cluster`
 * (or the cluster of a `nats stream info` document) names, else in "unknown cluster"; servers
 * are not known from files, except the leader an info document names.
 */
export function drMapFromFiles(entries: readonly StreamEntry[]): DrMap {
  const draft: Draft = { regions: new Map(), streams: [] };
  for (const entry of entries) {
    const config = entry.config;
    const regionName = clusterOf(entry) ?? UNKNOWN_REGION;
    region(draft, regionName);
    const leader = entry.cluster?.leader;
    const peers = leader ? [{ server: leader, leader: true, current: true }] : [];
    if (leader) addServer(draft, regionName, leader, true);
    const node = entry.node;
    const line = entry.document.lines.positionAt(node >= 0 ? entry.document.tree.offset(node) : 0).line;
    const stream: DrStream = {
      id: `s${draft.streams.length}`,
      name: entry.label,
      region: regionName,
      replicas: config.num_replicas,
      storage: config.storage === 'memory' ? 'memory' : 'file',
      peers,
      health: 'config',
      healthReason: `from ${fileName(entry.uri)}${config.placement?.cluster ? '' : ' (no placement.cluster)'}`,
      sources: config.sources.map((s) => s?.name).filter((n): n is string => typeof n === 'string' && n !== ''),
      origin: { kind: 'file', uri: entry.uri, index: entry.index, line },
    };
    if (leader) stream.server = stream.leader = leader;
    if (config.mirror?.name) stream.mirror = config.mirror.name;
    draft.streams.push(stream);
  }
  return finish('workspace', draft);
}

function fileName(uri: string): string {
  return uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
}
