/**
 * What the live-server rules check a stream against: the servers a connection sees (or a
 * declared layout). When it is `unknown`, those rules do not run and the analysis says so.
 */
import { plural } from '../plural';

export interface TopologyServer {
  name: string;
  /** `server_tags`, compared case-insensitively. */
  tags: string[];
  /** False for servers in the cluster that do not run JetStream. */
  jetstream: boolean;
  /** A member of the cluster that does not answer now: it still counts towards the cluster's size. */
  down?: boolean;
}

export interface TopologyCluster {
  name: string;
  servers: TopologyServer[];
}

export type Topology =
  | { kind: 'unknown'; reason?: string }
  /** One JetStream server, not clustered: it refuses any stream with more than one replica. */
  | { kind: 'standalone'; server?: TopologyServer }
  | {
      kind: 'clustered';
      /** Every cluster of the (super-)cluster. */
      clusters: TopologyCluster[];
      /** The cluster a stream without `placement.cluster` is tried in first (the connected one). */
      defaultCluster?: string;
      /**
       * Set when only the connected cluster's JetStream server count is known (not the other
       * clusters, nor any server's tags), saying why: `placement` cannot be checked then.
       */
      partial?: string;
    };

export type KnownTopology = Exclude<Topology, { kind: 'unknown' }>;

/** A server as monitoring or `$SYS` reports it: the inputs of `topologyFromServers`. */
export interface ServerReport {
  name: string;
  /** The cluster name; absent or empty for a standalone server. */
  cluster?: string;
  tags?: string[];
  jetstream: boolean;
  down?: boolean;
}

function topologyServer(s: ServerReport): TopologyServer {
  const server: TopologyServer = { name: s.name, tags: s.tags ?? [], jetstream: s.jetstream };
  if (s.down) server.down = true;
  return server;
}

/**
 * Builds a topology from reports of every server: standalone when none is in a cluster,
 * otherwise one entry per cluster name. `defaultCluster` is the connected server's cluster.
 */
export function topologyFromServers(servers: ServerReport[], defaultCluster?: string): Topology {
  if (servers.length === 0) return { kind: 'unknown', reason: 'no server reported' };
  const clustered = servers.filter((s) => s.cluster);
  if (clustered.length === 0) {
    return { kind: 'standalone', server: topologyServer(servers[0]) };
  }
  const clusters = new Map<string, TopologyCluster>();
  for (const s of clustered) {
    const name = s.cluster as string;
    if (!clusters.has(name)) clusters.set(name, { name, servers: [] });
    clusters.get(name)!.servers.push(topologyServer(s));
  }
  return { kind: 'clustered', clusters: [...clusters.values()], defaultCluster };
}

/** JetStream servers of a cluster, optionally only those carrying every tag in `tags`. */
export function jetStreamServers(cluster: TopologyCluster, tags: readonly string[] = []): number {
  const wanted = tags.map((t) => t.toLowerCase());
  return cluster.servers.filter((s) => s.jetstream && wanted.every((t) => s.tags.some((x) => x.toLowerCase() === t))).length;
}

/** JetStream servers of a cluster that are down: `, 1 down`, or nothing. */
function downText(servers: readonly TopologyServer[]): string {
  const down = servers.filter((s) => s.jetstream && s.down).length;
  return down ? `, ${down} down` : '';
}

/** A short description for messages: `cluster east (3 JetStream servers)`, `(3 JetStream servers, 1 down)`. */
export function describeTopology(topology: Topology): string {
  switch (topology.kind) {
    case 'unknown':
      return `unknown${topology.reason ? ` (${topology.reason})` : ''}`;
    case 'standalone':
      return 'a single server, not clustered';
    case 'clustered': {
      const clusters = topology.clusters.map((c) => `cluster ${c.name} (${jetStreamServers(c)} JetStream servers${downText(c.servers)})`).join(', ');
      return topology.partial ? `${clusters}; placement not checked: ${topology.partial}` : clusters;
    }
  }
}

/**
 * A few words for a tree row: `3 servers` (JetStream servers) and where (`cluster c1`,
 * `2 clusters`, `not clustered`); the rest of describeTopology belongs in a tooltip.
 */
export function topologyLabel(topology: KnownTopology): { servers: string; where: string } {
  if (topology.kind === 'standalone') return { servers: '1 server', where: 'not clustered' };
  const servers = topology.clusters.reduce((n, c) => n + jetStreamServers(c), 0);
  const where = topology.clusters.length === 1 ? `cluster ${topology.clusters[0].name}` : plural(topology.clusters.length, 'cluster');
  return { servers: `${plural(servers, 'server')}${downText(topology.clusters.flatMap((c) => c.servers))}`, where };
}
