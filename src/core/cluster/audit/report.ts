/** The audit's findings as a Markdown report (for the workspace) and as text (for the CLI). */
import { md } from '../../markdown';
import { plural } from '../../plural';
import type { Severity } from '../../streams';
import type { AuditResult } from './auditInventory';
import type { AssetKind, AuditFinding } from './types';

export interface AuditReportMeta {
  /** The connection's name. */
  connection: string;
  /** Its servers, as shown. */
  servers: string;
  /** When the audit ran. */
  at: Date;
}

const NOUN: Record<AssetKind, string> = { stream: 'Stream', kv: 'Key-value bucket', objectstore: 'Object store', consumer: 'Consumer', account: 'Account' };
const HEADING: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

/** `Stream ORDERS`, `Consumer worker (stream ORDERS)`, `Account`. */
export function assetTitle(f: AuditFinding): string {
  if (f.kind === 'account') return 'Account';
  if (f.kind === 'consumer') return `Consumer ${f.name} (stream ${f.stream})`;
  return `${NOUN[f.kind]} ${f.name}`;
}

/** One line of totals: `3 errors, 1 warning, 0 infos in 12 streams, 2 key-value buckets, 1 object store and 40 consumers`. */
export function auditSummary(result: AuditResult): string {
  const by = (s: Severity): number => result.findings.filter((f) => f.severity === s).length;
  const c = result.counts;
  const scope = `${plural(c.streams, 'stream')}, ${plural(c.kv, 'key-value bucket')}, ${plural(c.objectstore, 'object store')} and ${plural(c.consumers, 'consumer')}`;
  return result.findings.length === 0 ? `No findings in ${scope}.` : `${plural(by('error'), 'error')}, ${plural(by('warning'), 'warning')}, ${plural(by('info'), 'info')} in ${scope}.`;
}

export function auditMarkdown(result: AuditResult, meta: AuditReportMeta): string {
  const lines = [`# Audit of ${md(meta.connection)}`, '', `Servers: ${md(meta.servers)}  `, `Audited: ${meta.at.toISOString()}`, '', auditSummary(result), ''];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const list = result.findings.filter((f) => f.severity === severity);
    if (!list.length) continue;
    lines.push(`## ${HEADING[severity]} (${list.length})`, '');
    let asset = '';
    for (const f of list) {
      const title = assetTitle(f);
      if (title !== asset) {
        lines.push('', `### ${md(title)}`, '');
        asset = title;
      }
      lines.push(`- \`${f.rule}\`: ${md(f.message)}`);
    }
    lines.push('');
  }
  if (result.notes.length) lines.push('## Not checked', '', ...result.notes.map((n) => `- ${md(n)}`), '');
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** One finding a line (`error stream-no-leader Stream ORDERS: …`), then the totals and notes. */
export function auditText(result: AuditResult): string {
  const lines = result.findings.map((f) => `${f.severity} ${f.rule} ${assetTitle(f)}: ${f.message}`);
  if (lines.length) lines.push('');
  lines.push(auditSummary(result));
  for (const n of result.notes) lines.push(`Note: ${n}`);
  return lines.join('\n') + '\n';
}
