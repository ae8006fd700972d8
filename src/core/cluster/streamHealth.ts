/**
 * Replica health of a stream from its info's `cluster` block, and the stream's overall health.
 *
 * The server lists the leader in `cluster.leader` and the other peers in `cluster.replicas`; when
 * the group has no leader, every peer (including the answering server) is in `replicas` with
 * `current: false`. Servers from 2.10 on also flag `offline` peers; 2.9 only stops calling a dead
 * peer current a few seconds after it went away.
 */
import { plural } from '../plural';

export interface RawPeerInfo {
  name: string;
  current?: boolean;
  offline?: boolean;
  /** Nanoseconds since the peer was last seen. */
  active?: number;
  /** Operations behind the leader. */
  lag?: number;
}

export interface RawClusterInfo {
  name?: string;
  leader?: string;
  replicas?: RawPeerInfo[];
}

/**
 * - `current`: up to date with the leader (the leader itself is always current);
 * - `lagging`: the server counts it current but it is `lag` operations behind;
 * - `not-current`: the server does not count it current (down, cut off, or far behind);
 * - `offline`: the server flags it offline (2.10+).
 */
export type ReplicaState = 'current' | 'lagging' | 'not-current' | 'offline';

export interface ReplicaStatus {
  /** Server name of the peer. */
  name: string;
  leader: boolean;
  state: ReplicaState;
  /** Operations behind the leader, when the server reports a lag. */
  lag?: number;
  /** Milliseconds since the leader last heard from the peer (followers, when reported). */
  seenAgoMs?: number;
  /** Date.now() when the leader last heard from the peer: what "seen … ago" is rendered from, so it stays current. */
  seenAt?: number;
}

/**
 * - `healthy`: a leader and every configured replica current (or lagging slightly);
 * - `degraded`: a leader, but some replica not current, offline or missing;
 * - `no-leader`: a replicated stream without a leader: it takes no writes;
 * - `unavailable`: the server cannot report a stream it reported before (its servers are down);
 * - `unknown`: the server could not report the stream.
 */
export type StreamHealth = 'healthy' | 'degraded' | 'no-leader' | 'unavailable' | 'unknown';

export interface HealthVerdict {
  health: StreamHealth;
  /** One line for a tooltip, e.g. "c1-n1 not current (2 behind, seen 6.6 s ago)". */
  reason: string;
}

/**
 * A follower the leader has not heard from for this long is not current, whatever the server says:
 * 2.9 keeps calling a dead follower current for several seconds, while a live one answers the
 * leader's heartbeats every second.
 */
export const STALE_PEER_MS = 4000;

function peerState(peer: RawPeerInfo, hasLeader: boolean): ReplicaState {
  if (peer.offline) return 'offline';
  if (!hasLeader || !peer.current) return 'not-current';
  if (peer.active !== undefined && peer.active / 1e6 > STALE_PEER_MS) return 'not-current';
  return peer.lag ? 'lagging' : 'current';
}

/** Every peer of the group, the leader first. Empty for a stream on a server without clustering. */
export function replicaStatuses(cluster: RawClusterInfo | undefined, now = Date.now()): ReplicaStatus[] {
  if (!cluster) return [];
  const hasLeader = Boolean(cluster.leader);
  const peers: ReplicaStatus[] = hasLeader ? [{ name: cluster.leader as string, leader: true, state: 'current' }] : [];
  for (const peer of cluster.replicas ?? []) {
    const status: ReplicaStatus = { name: peer.name, leader: false, state: peerState(peer, hasLeader) };
    if (peer.lag) status.lag = peer.lag;
    if (hasLeader && peer.active !== undefined && peer.active > 0) {
      status.seenAgoMs = Math.round(peer.active / 1e6);
      status.seenAt = now - status.seenAgoMs;
    }
    peers.push(status);
  }
  return peers;
}

/** The fault tolerance of a replicated stream in words, from its configured and current peers. */
export function survivalText(replicas: number, currentPeers: number): string {
  const quorum = Math.floor(replicas / 2) + 1;
  const spare = currentPeers - quorum;
  if (spare <= 0) return 'survives no further failure';
  return `survives ${plural(spare, 'more failure')}`;
}

/** One peer in words: `c1-n1 not current (2 behind, seen 6.6 s ago)`. */
export function describePeer(peer: ReplicaStatus): string {
  const bits: string[] = [];
  if (peer.lag) bits.push(`${peer.lag} behind`);
  if (peer.seenAgoMs !== undefined) bits.push(`seen ${(peer.seenAgoMs / 1000).toFixed(1)} s ago`);
  const state = peer.state === 'not-current' ? 'not current' : peer.state;
  return `${peer.name} ${state}${bits.length ? ` (${bits.join(', ')})` : ''}`;
}

/**
 * The stream's health from its configured replica count and its peers (from `replicaStatuses`).
 * `clustered` says whether the info had a cluster block (a stream on a standalone server has none).
 */
export function classifyHealth(replicas: number, peers: readonly ReplicaStatus[], clustered: boolean): HealthVerdict {
  if (!clustered) return { health: 'healthy', reason: 'on a single server, not replicated' };
  const leader = peers.find((p) => p.leader);
  if (!leader) {
    const names = peers.map((p) => p.name).join(', ');
    const seen = names ? ` (${peers.length === 1 ? 'replica' : 'replicas'} seen: ${names})` : '';
    return { health: 'no-leader', reason: `no leader elected${seen}: the stream takes no writes until one is elected` };
  }
  const bad = peers.filter((p) => p.state === 'not-current' || p.state === 'offline');
  const missing = Math.max(0, replicas - peers.length);
  if (bad.length || missing) {
    const parts = bad.map(describePeer);
    if (missing) parts.push(`${plural(missing, 'replica')} missing`);
    const current = peers.length - bad.length;
    return { health: 'degraded', reason: `${survivalText(Math.max(replicas, peers.length), current)}: leader ${leader.name}; ${parts.join('; ')}` };
  }
  const lagging = peers.filter((p) => p.state === 'lagging');
  const count = `${peers.length} of ${Math.max(replicas, peers.length)} replica${peers.length > 1 ? 's' : ''} current`;
  return { health: 'healthy', reason: `leader ${leader.name}; ${count}${lagging.length ? `; catching up: ${lagging.map(describePeer).join(', ')}` : ''}` };
}
