/**
 * The audit's own rules: what only a running system shows. Each has a stable id and a page like the
 * stream rules (`ruleMarkdown`); the stream rule catalogue runs on the live configs beside them.
 */
import { accountNearLimits } from './rules/accountNearLimits';
import { consumerIdlePending } from './rules/consumerIdlePending';
import { consumerReplicasDiffer } from './rules/consumerReplicasDiffer';
import { copyError } from './rules/copyError';
import { copyLagging } from './rules/copyLagging';
import { discardNewNearLimit } from './rules/discardNewNearLimit';
import { placementDrift } from './rules/placementDrift';
import { r1InCluster } from './rules/r1InCluster';
import { replicaLagging } from './rules/replicaLagging';
import { replicaOffline } from './rules/replicaOffline';
import { streamNoLeader } from './rules/streamNoLeader';
import type { AuditRule } from './types';

export const AUDIT_RULES: readonly AuditRule[] = [
  r1InCluster,
  streamNoLeader,
  replicaOffline,
  replicaLagging,
  copyError,
  copyLagging,
  consumerReplicasDiffer,
  consumerIdlePending,
  discardNewNearLimit,
  placementDrift,
  accountNearLimits,
];

const byId = new Map<string, AuditRule>(AUDIT_RULES.map((r) => [r.id, r]));

/** One audit rule by id, or undefined. */
export function getAuditRule(id: string): AuditRule | undefined {
  return byId.get(id);
}
