/** What several live rules share: replica counts, peers, the stream's servers. */
import { replicaStatuses, ReplicaStatus } from '../../streamHealth';
import type { AuditStreamInfo } from '../types';

/** Configured replicas (0 or absent: 1). */
export function replicasOf(stream: AuditStreamInfo): number {
  return stream.config.num_replicas || 1;
}

/** Every peer of the stream's group, the leader first (empty on a server without clustering). */
export function peersOf(stream: AuditStreamInfo, at: number): ReplicaStatus[] {
  return replicaStatuses(stream.cluster, at);
}

/** A share as a whole percentage: `93%`. */
export function percent(used: number, limit: number): string {
  return `${Math.floor((used / limit) * 100)}%`;
}
