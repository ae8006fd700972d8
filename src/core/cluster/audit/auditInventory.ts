/**
 * The audit over collected data: the stream rule catalogue on the live configs, then the audit's
 * own rules. Pure: the same inventory and options give the same findings.
 */
import type { RuleSettings, Severity } from '../../streams';
import { consumerName, rewordFor, streamAsset } from './assets';
import { AUDIT_RULES } from './catalogue';
import { liveConfigFindings } from './liveConfigs';
import { AUDIT_DEFAULTS, AssetKind, AuditFinding, AuditHit, AuditInventory, AuditOptions, IndexedInventory } from './types';

export interface AuditCounts {
  streams: number;
  kv: number;
  objectstore: number;
  consumers: number;
}

export interface AuditResult {
  /** Errors first, then warnings, then infos; within each by asset. */
  findings: AuditFinding[];
  counts: AuditCounts;
  /** What the audit could not check, in words (collection problems, rules that needed the servers). */
  notes: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const KIND_ORDER: Record<AssetKind, number> = { account: 0, stream: 1, kv: 2, objectstore: 3, consumer: 4 };

export function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.stream ?? '').localeCompare(b.stream ?? '') ||
    a.name.localeCompare(b.name) ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

function indexed(inv: AuditInventory): IndexedInventory {
  return { ...inv, byName: new Map(inv.streams.map((s) => [s.config.name, s])), accountInfo: inv.account ?? inv.topology?.jetstream.account };
}

function toFinding(rule: string, severity: Severity, hit: AuditHit): AuditFinding {
  if (hit.consumer) return { kind: 'consumer', name: consumerName(hit.consumer), stream: hit.consumer.stream_name, rule, severity, message: hit.message };
  if (!hit.stream) return { kind: 'account', name: 'account', rule, severity, message: hit.message };
  const name = hit.stream.config.name;
  const asset = streamAsset(hit.stream.config);
  const message = rewordFor(asset, name, hit.message);
  return { kind: asset.kind, name: asset.name, stream: name, rule, severity, message };
}

export function auditInventory(inventory: AuditInventory, options: AuditOptions = {}): AuditResult {
  const settings = options.settings as RuleSettings | undefined;
  const d = AUDIT_DEFAULTS;
  const thresholds = {
    idleMs: options.idleMs ?? d.idleMs,
    pendingThreshold: options.pendingThreshold ?? d.pendingThreshold,
    lagThreshold: options.lagThreshold ?? d.lagThreshold,
    copyStaleMs: options.copyStaleMs ?? d.copyStaleMs,
    nearLimit: options.nearLimit ?? d.nearLimit,
  };
  const inv = indexed(inventory);
  const live = liveConfigFindings(inv, settings);
  const findings = [...live.findings];
  for (const rule of AUDIT_RULES) {
    const setting = settings?.[rule.id];
    if (setting === 'off') continue;
    const severity = setting ?? rule.severity;
    rule.check(inv, thresholds, (hit) => findings.push(toFinding(rule.id, severity, hit)));
  }
  const counts: AuditCounts = { streams: 0, kv: 0, objectstore: 0, consumers: inv.consumers.length };
  for (const s of inv.streams) {
    const kind = streamAsset(s.config).kind;
    counts[kind === 'stream' ? 'streams' : kind]++;
  }
  const notes = [...inv.problems];
  if (live.topologyNote) notes.push(`Stream rules needing the servers' topology did not run: ${live.topologyNote}.`);
  if (!inv.accountInfo) notes.push("The account's JetStream limits are unknown: account-near-limits did not run.");
  const tagged = inv.streams.some((s) => (s.config.placement?.tags?.length ?? 0) > 0);
  if (tagged && inv.topology && !inv.topology.tagsKnown) notes.push("The servers' tags are unknown (they need system-account rights): placement-drift checked clusters only.");
  return { findings: findings.sort(compareFindings), counts, notes };
}
