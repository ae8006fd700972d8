/**
 * The stream rule catalogue (src/core/streams) run on the configs a connection sees: the stream
 * and consumer infos become one document, as `nats stream info --json` and `nats consumer info
 * --json` would write them, analysed with the connection's topology for the live rules. Findings on
 * key-value buckets and object stores keep only the rules that fit a bucket and are worded in
 * their terms.
 */
import { analyzeWorkspace, NACK_MAPPINGS, RuleSettings } from '../../streams';
import { analysisTopology } from '../analysisTopology';
import { consumerName, isDurable, rewordFor, streamAsset } from './assets';
import type { AuditFinding, AuditInventory } from './types';

/** Rules about writing a config that say nothing about one that runs. */
const NOT_LIVE = new Set(['sealed-on-create', 'field-name-case', 'jsonc-syntax']);
const BUCKET_RULES = NACK_MAPPINGS.KeyValue.rules;

export interface LiveConfigFindings {
  findings: AuditFinding[];
  /** Whether the rules needing the servers' topology ran, or why not. */
  topologyChecked: boolean;
  topologyNote?: string;
}

export function liveConfigFindings(inv: AuditInventory, settings?: RuleSettings): LiveConfigFindings {
  const items: unknown[] = [];
  for (const s of inv.streams) if (!s.unavailable) items.push(s.cluster ? { config: s.config, cluster: s.cluster } : { config: s.config });
  // Ephemeral consumers (ordered consumers, watchers) come and go with their clients: only durables are checked.
  const durables = inv.consumers.filter(isDurable);
  for (const c of durables) items.push({ stream_name: c.stream_name, name: c.name, config: c.config });
  const text = JSON.stringify(items);
  const topology = inv.topology ? analysisTopology(inv.topology) : { kind: 'unknown' as const, reason: 'the servers were not read' };
  const analysis = analyzeWorkspace([{ uri: 'audit:/live', text }], { settings, topology, serverVersion: inv.serverVersion });
  const doc = analysis.documents[0];
  const byName = new Map(inv.streams.map((s) => [s.config.name, s]));
  // The document's consumers are the durables, in order: a finding belongs to the last one starting before it.
  const consumerStarts = doc.document.consumers.map((c) => doc.document.tree.offset(c.outer));
  const consumerAt = (at: number): number => {
    let lo = 0;
    let hi = consumerStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (consumerStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const findings: AuditFinding[] = [];
  for (const f of doc.findings) {
    if (NOT_LIVE.has(f.rule)) continue;
    const stream = f.stream !== undefined ? byName.get(f.stream) : undefined;
    if (stream) {
      const asset = streamAsset(stream.config);
      if (asset.kind !== 'stream' && BUCKET_RULES && !BUCKET_RULES.has(f.rule)) continue;
      findings.push({ kind: asset.kind, name: asset.name, stream: stream.config.name, rule: f.rule, severity: f.severity, message: rewordFor(asset, stream.config.name, f.message) });
    } else if (consumerStarts.length && f.range.offset >= consumerStarts[0]) {
      const consumer = durables[consumerAt(f.range.offset)];
      findings.push({ kind: 'consumer', name: consumerName(consumer), stream: consumer.stream_name, rule: f.rule, severity: f.severity, message: f.message });
    }
  }
  return { findings, topologyChecked: analysis.live.checked, ...(analysis.live.checked ? {} : { topologyNote: analysis.live.reason }) };
}
