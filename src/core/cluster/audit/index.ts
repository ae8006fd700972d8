/**
 * The audit of what a connection runs: `auditConnection` collects every stream (key-value buckets
 * and object stores included), consumer, the topology and the account's usage, then runs the
 * stream rule catalogue on the live configs and the audit's own rules (`AUDIT_RULES`).
 */
import type { Connection } from '../connection';
import { auditInventory, AuditResult } from './auditInventory';
import { collectInventory, CollectOptions } from './collect';
import type { AuditInventory, AuditOptions } from './types';

export type { AssetKind, AuditConsumerInfo, AuditFinding, AuditInventory, AuditOptions, AuditRule, AuditStreamInfo, RawCopyInfo } from './types';
export { AUDIT_DEFAULTS } from './types';
export type { AuditCounts, AuditResult } from './auditInventory';
export { auditInventory, compareFindings } from './auditInventory';
export { AUDIT_RULES, getAuditRule } from './catalogue';
export type { CollectOptions } from './collect';
export { collectInventory } from './collect';
export { assetLabel, consumerName, streamAsset } from './assets';
export type { StreamAsset } from './assets';
export type { AuditReportMeta } from './report';
export { assetTitle, auditMarkdown, auditSummary, auditText } from './report';

/** Collects and audits in one go; the inventory comes along for callers that show the assets. */
export async function auditConnection(conn: Connection, options: AuditOptions & CollectOptions = {}): Promise<AuditResult & { inventory: AuditInventory }> {
  const inventory = await collectInventory(conn, options);
  return { ...auditInventory(inventory, options), inventory };
}
