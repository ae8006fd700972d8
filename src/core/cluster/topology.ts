/**
 * What a connection can see of the servers behind it, and what it cannot. `buildTopology` turns the
 * raw facts gathered by `readTopology` (server info, JetStream account info, system-account pings,
 * the monitoring endpoint) into a `ClusterTopology`; the query functions answer the questions of
 * the live rules, each with "unknown, because…" when the facts do not tell.
 */
import type { ConnectedServer } from './connection';
import type { Failure } from './errors';
import { plural } from '../plural';
import { displayText, quoted } from '../trust/quote';

export type TopologySource = 'server-info' | 'jetstream-account' | 'system-account' | 'monitoring';

export interface TopologyServer {
  name: string;
  id?: string;
  version?: string;
  /** Its cluster; undefined for a server without clustering. */
  cluster?: string;
  /** Its `server_tags`; undefined when they are not known. */
  tags?: string[];
  /** Whether JetStream is on; undefined when not known. */
  jetstream?: boolean;
}

export interface TopologyCluster {
  name: string;
  servers: TopologyServer[];
}

/**
 * A member of the JetStream meta group that did not answer (down or cut off). Its name comes from
 * the meta leader's peer list; without one only the group's size tells that it exists. Its cluster
 * is set when it can be told (every server that answered is in one cluster and none has gateways).
 */
export interface DownServer {
  name?: string;
  cluster?: string;
}

export interface JetStreamAccount {
  streams: number;
  consumers: number;
  /** Bytes used. */
  memory: number;
  storage: number;
  domain?: string;
  limits: Record<string, unknown>;
}

export interface JetStreamStatus {
  /** JetStream answers for this connection's account. */
  enabled: boolean;
  account?: JetStreamAccount;
  /** Why it is not enabled, or why that could not be told. */
  problem?: string;
}

export interface ClusterTopology {
  /** The servers (names, clusters, JetStream) are known; when false, `why` says what is missing. */
  known: boolean;
  why?: string;
  /** Every listed server's tags are known. */
  tagsKnown: boolean;
  /** The connected server belongs to a cluster (always known, from its INFO). */
  clustered: boolean;
  /** Where the facts came from. */
  sources: TopologySource[];
  connectedServer: ConnectedServer;
  jetstream: JetStreamStatus;
  /** The servers seen (those that answered, when learned from system-account pings). */
  servers: TopologyServer[];
  /** The servers grouped by cluster; empty for a server without clustering. */
  clusters: TopologyCluster[];
  /** The JetStream meta leader, when known. */
  metaLeader?: string;
  /** Servers in the JetStream meta group (all clusters of a super-cluster), when known. */
  metaClusterSize?: number;
  /** Meta group members that did not answer the system-account pings: they exist, but are down. */
  down?: DownServer[];
  /** What could not be learned and why (no system-account rights, monitoring unreachable…). */
  notes: string[];
  /** Date.now() when the facts were gathered. */
  at: number;
}

/** The header every `$SYS.REQ.SERVER.PING.*` reply carries. */
export interface PingServerHeader {
  name: string;
  id?: string;
  ver?: string;
  cluster?: string;
  tags?: string[];
  jetstream?: boolean;
}

export interface MetaClusterInfo {
  name?: string;
  leader?: string;
  cluster_size?: number;
  /** The other peers of the meta group, in the leader's reply only (servers from 2.10 mark the dead ones `offline`). */
  replicas?: { name: string; offline?: boolean }[];
}

export interface PingReply {
  server: PingServerHeader;
  /** JSZ replies carry `meta_cluster`; VARZ replies `gateway` (`{}` without gateways). */
  data?: { meta_cluster?: MetaClusterInfo; jetstream?: { meta?: MetaClusterInfo }; gateway?: { name?: string } };
}

export interface MonitorVarz {
  server_name?: string;
  server_id?: string;
  version?: string;
  tags?: string[];
  cluster?: { name?: string; urls?: string[] };
  gateway?: { name?: string };
}

export interface MonitorJsz {
  config?: unknown;
  disabled?: boolean;
  meta_cluster?: MetaClusterInfo;
}

/** The raw facts; each part either there or the failure that kept it away. */
export interface TopologyFacts {
  server: ConnectedServer;
  account?: { info: JetStreamAccount } | { failure: Failure };
  /** Replies to `$SYS.REQ.SERVER.PING.JSZ` and `.VARZ` (both merged), or why there are none. */
  system?: { replies: PingReply[] } | { failure: Failure };
  monitoring?: { varz?: MonitorVarz; jsz?: MonitorJsz } | { failure: Failure };
  at?: number;
}

function groupClusters(servers: readonly TopologyServer[]): TopologyCluster[] {
  const byName = new Map<string, TopologyServer[]>();
  for (const s of servers) {
    if (!s.cluster) continue;
    byName.set(s.cluster, [...(byName.get(s.cluster) ?? []), s]);
  }
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => ({ name, servers: list }));
}

function fromPings(replies: readonly PingReply[]): { servers: TopologyServer[]; meta?: MetaClusterInfo; peers: Set<string>; gateways: boolean; shared: Map<string, string[]> } {
  const byName = new Map<string, TopologyServer>();
  // Each server answers once per ping subject (JSZ, VARZ): one name with two ids is two servers.
  const ids = new Map<string, Set<string>>();
  let meta: MetaClusterInfo | undefined;
  const peers = new Set<string>();
  let gateways = false;
  let leaderSelf: string | undefined;
  for (const reply of replies) {
    if (reply.data?.gateway?.name) gateways = true;
    const h = reply.server;
    if (!h?.name) continue;
    const server: TopologyServer = { name: h.name, tags: h.tags ?? [], jetstream: h.jetstream === true };
    if (h.id) server.id = h.id;
    if (h.ver) server.version = h.ver;
    if (h.cluster) server.cluster = h.cluster;
    byName.set(h.name, server);
    if (h.id) ids.set(h.name, (ids.get(h.name) ?? new Set<string>()).add(h.id));
    const m = reply.data?.meta_cluster ?? reply.data?.jetstream?.meta;
    // The leader's own reply is the one to trust, and lists the group's peers, answering or not.
    const fromLeader = m?.leader === h.name;
    if (m && (fromLeader || ((m.leader || !meta) && leaderSelf === undefined))) meta = m;
    if (m && fromLeader) {
      leaderSelf = h.name;
      for (const peer of [h.name, ...(m.replicas ?? []).map((r) => r.name)]) peers.add(peer);
    }
  }
  // The leader others name is a member too, even when it did not answer (it may have just died).
  if (meta?.leader) peers.add(meta.leader);
  const shared = new Map([...ids].filter(([, set]) => set.size > 1).map(([name, set]) => [name, [...set].sort()]));
  return { servers: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), meta, peers, gateways, shared };
}

/**
 * The meta group's members that did not answer: named from the leader's peer list, the rest (up to
 * the group's size) unnamed. They belong to the one cluster that answered unless gateways join others.
 */
function downServers(servers: readonly TopologyServer[], peers: ReadonlySet<string>, size: number, gateways: boolean): DownServer[] {
  const answered = new Set(servers.map((s) => s.name));
  const clusters = new Set(servers.map((s) => s.cluster));
  const cluster = !gateways && clusters.size === 1 ? [...clusters][0] : undefined;
  const where = cluster ? { cluster } : {};
  const named: DownServer[] = [...peers].filter((p) => !answered.has(p)).sort().map((name) => ({ name, ...where }));
  const jetstream = servers.filter((s) => s.jetstream).length;
  const unnamed = Math.max(0, size - jetstream - named.length);
  return [...named, ...Array.from({ length: unnamed }, () => ({ ...where }))];
}

/** `c1-n3`, `c1-n3 and 1 unnamed server`: the down servers for a note. */
function downNames(down: readonly DownServer[]): string {
  const names = down.flatMap((d) => (d.name ? [d.name] : []));
  const unnamed = down.length - names.length;
  return [...names, ...(unnamed ? [plural(unnamed, 'unnamed server')] : [])].join(', ');
}

function jetStreamStatus(facts: TopologyFacts): JetStreamStatus {
  const account = facts.account;
  if (account && 'info' in account) return { enabled: true, account: account.info };
  if (account && 'failure' in account) {
    const api = account.failure.api;
    const disabled = api?.errCode === 10039 || api?.errCode === 10076 || account.failure.kind === 'no-responders';
    return { enabled: false, problem: disabled ? `JetStream is not enabled for this account (${account.failure.message})` : `JetStream account info failed: ${account.failure.message}` };
  }
  return { enabled: false, problem: 'JetStream account info was not requested' };
}

/** Turns gathered facts into the topology. Pure: the same facts give the same topology. */
export function buildTopology(facts: TopologyFacts): ClusterTopology {
  const server = facts.server;
  const notes: string[] = [];
  const sources: TopologySource[] = ['server-info'];
  const jetstream = jetStreamStatus(facts);
  if (jetstream.enabled) sources.push('jetstream-account');
  const clustered = server.cluster !== undefined;
  const topology: ClusterTopology = {
    known: false,
    tagsKnown: false,
    clustered,
    sources,
    connectedServer: server,
    jetstream,
    servers: [],
    clusters: [],
    notes,
    at: facts.at ?? Date.now(),
  };
  const system = facts.system;
  const monitoring = facts.monitoring;
  if (system && 'failure' in system) notes.push(`System-account server pings unavailable: ${system.failure.message}`);
  if (monitoring && 'failure' in monitoring) notes.push(`Monitoring endpoint unavailable: ${monitoring.failure.message}`);

  if (system && 'replies' in system && system.replies.length > 0) {
    const { servers, meta, peers, gateways, shared } = fromPings(system.replies);
    sources.push('system-account');
    for (const [name, list] of shared) {
      notes.push(`${list.length} servers report the name ${quoted(name)} (ids ${displayText(list.join(', '))}); only one of them is shown. Servers, replicas and the meta group go by name, so give each server a server_name of its own.`);
    }
    topology.servers = servers;
    topology.known = true;
    topology.tagsKnown = true;
    if (meta?.leader) topology.metaLeader = meta.leader;
    if (meta?.cluster_size) {
      topology.metaClusterSize = meta.cluster_size;
      const down = downServers(servers, peers, meta.cluster_size, gateways);
      if (down.length) {
        topology.down = down;
        const answered = servers.filter((s) => s.jetstream).length;
        notes.push(`${answered} of ${meta.cluster_size} JetStream servers answered; down or cut off: ${downNames(down)}.`);
      }
    }
  } else if (monitoring && !('failure' in monitoring) && monitoring.varz) {
    const varz = monitoring.varz;
    sources.push('monitoring');
    const monitored: TopologyServer = { name: varz.server_name ?? server.name, tags: varz.tags ?? [], jetstream: monitoring.jsz ? monitoring.jsz.disabled !== true && monitoring.jsz.config !== undefined : undefined };
    if (varz.server_id) monitored.id = varz.server_id;
    if (varz.version) monitored.version = varz.version;
    if (varz.cluster?.name) monitored.cluster = varz.cluster.name;
    topology.servers = [monitored];
    const meta = monitoring.jsz?.meta_cluster;
    if (meta?.leader) topology.metaLeader = meta.leader;
    if (meta?.cluster_size) topology.metaClusterSize = meta.cluster_size;
    if (!monitored.cluster) {
      topology.known = true;
      topology.tagsKnown = true;
    } else {
      topology.why = `the monitoring endpoint describes only ${monitored.name}; the other servers of cluster ${monitored.cluster} (their tags and JetStream) need system-account rights to be seen`;
    }
  } else {
    const self: TopologyServer = { name: server.name, id: server.id, version: server.version, jetstream: server.jetstream };
    if (server.cluster) self.cluster = server.cluster;
    topology.servers = [self];
    const without = 'the connection has no system-account rights and no monitoring URL answered';
    if (clustered) {
      topology.why = `${without}, so the servers of cluster ${server.cluster} cannot be seen (${server.connectUrls.length} client URLs are advertised, which says nothing about JetStream or tags)`;
    } else {
      topology.known = true;
      notes.push(`The server's tags are unknown: ${without}.`);
    }
  }
  topology.clusters = groupClusters(topology.servers);
  if (!topology.tagsKnown && topology.known && !notes.some((n) => n.includes('tags'))) notes.push('Server tags are unknown.');
  if (!topology.known && !topology.why) topology.why = 'the servers could not be learned';
  return topology;
}

export type Knowable<T> = { known: true; value: T } | { known: false; why: string };

function unknown<T>(why: string): Knowable<T> {
  return { known: false, why };
}

/** The cluster a question is about: the given one, or the connected server's. */
function targetCluster(t: ClusterTopology, cluster?: string): string | undefined {
  return cluster ?? t.connectedServer.cluster;
}

/**
 * How many JetStream servers the cluster has (default: the connected server's cluster); 1 or 0 for
 * a server without clustering. For `replicas-exceed-cluster`.
 */
export function jetStreamServerCount(t: ClusterTopology, cluster?: string): Knowable<number> {
  if (!t.clustered) return { known: true, value: t.connectedServer.jetstream ? 1 : 0 };
  const name = targetCluster(t, cluster);
  if (t.known) {
    // Servers that are down still count: they hold replicas and come back.
    const down = (t.down ?? []).filter((d) => d.cluster === name).length;
    return { known: true, value: t.servers.filter((s) => s.cluster === name && s.jetstream).length + down };
  }
  const single = t.sources.includes('monitoring') && name === t.connectedServer.cluster;
  if (single && t.metaClusterSize !== undefined) return { known: true, value: t.metaClusterSize };
  return unknown(t.why ?? 'the servers are not known');
}

export interface PlacementMatch {
  /** The named cluster exists (true when none is named and the server is clustered). */
  clusterExists: boolean;
  /** JetStream servers in that cluster that carry every requested tag. */
  matching: number;
}

/** Whether a `placement` can be met (tags compared case-insensitively, as the server does). For `placement-unmatched`. */
export function matchPlacement(t: ClusterTopology, placement: { cluster?: string; tags?: string[] }): Knowable<PlacementMatch> {
  const tags = placement.tags ?? [];
  if (!t.known) return unknown(t.why ?? 'the servers are not known');
  if (tags.length && !t.tagsKnown) return unknown('the servers’ tags are not known (they need system-account rights or a monitoring URL)');
  const name = placement.cluster ?? (t.clustered ? t.connectedServer.cluster : undefined);
  const candidates = t.servers.filter((s) => s.jetstream && (name === undefined ? !s.cluster : s.cluster === name));
  const clusterExists = name === undefined ? true : t.clusters.some((c) => c.name === name);
  const wanted = tags.map((tag) => tag.toLowerCase());
  const matching = candidates.filter((s) => wanted.every((tag) => (s.tags ?? []).some((x) => x.toLowerCase() === tag))).length;
  return { known: true, value: { clusterExists, matching } };
}
