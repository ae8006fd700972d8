/** A stream on the server: replicas, storage, leader, health, messages and bytes; its peers below. */
import * as vscode from 'vscode';
import { StreamHealth, StreamSummary } from '../../core/cluster';
import { formatBytes, formatCount } from '../../core/streams';
import { md } from '../markdown';
import { CONTEXT, ConnectionsNode } from './node';
import { ReplicaNode, replicaLook } from './replicaNode';

const HEALTH_ICONS: Record<StreamHealth, vscode.ThemeIcon> = {
  healthy: new vscode.ThemeIcon('database', new vscode.ThemeColor('testing.iconPassed')),
  degraded: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  'no-leader': new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  unavailable: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.errorForeground')),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

const HEALTH_WORDS: Record<StreamHealth, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  'no-leader': 'no leader',
  unavailable: 'unavailable',
  unknown: 'unknown',
};

/**
 * What the description says of a stream that is not healthy: `degraded: survives no further
 * failure`, `unavailable: its only replica is on server c1-n3`; nothing for a healthy one.
 */
export function healthHeadline(s: StreamSummary): string | undefined {
  if (s.health === 'degraded') return `degraded: ${s.healthReason.split(':')[0]}`;
  if (s.health === 'unavailable') return s.healthReason.split(';')[0];
  return undefined;
}

/** `R3 file · leader c1-n2 · 1,024 msgs · 2 MB`, `R3 file · degraded: survives no further failure · leader c1-n2 · …` */
export function streamDescription(s: StreamSummary): string {
  if (s.health === 'unknown' && s.replicas === 0) return 'not reported by the server';
  const parts = [`R${s.replicas} ${s.storage}`];
  const headline = healthHeadline(s);
  if (headline) parts.push(headline);
  if (s.leader) parts.push(`leader ${s.leader}`);
  else if (s.health === 'no-leader') parts.push('no leader');
  // No replica answers for an unavailable stream: its counts are the last ones seen, not what it holds now.
  parts.push(`${s.health === 'unavailable' ? 'last known ' : ''}${formatCount(s.messages)} msgs`, formatBytes(s.bytes));
  return parts.join(' · ');
}

export function streamTooltip(s: StreamSummary): vscode.MarkdownString {
  const rows: [string, string][] = [
    ['Health', `${HEALTH_WORDS[s.health]}: ${s.healthReason}`],
    ['Subjects', s.subjects.length ? s.subjects.join(', ') : '(none)'],
    ['Replicas', String(s.replicas)],
    ['Storage', s.storage],
    ['Retention', s.retention],
  ];
  if (s.cluster) rows.push(['Cluster', s.cluster]);
  rows.push(['Leader', s.leader ?? '(none)']);
  if (s.peers.length) rows.push(['Peers', s.peers.map((p) => `${p.name} ${replicaLook(p).text}`).join(', ')]);
  const lastKnown = s.health === 'unavailable' ? ' (last known)' : '';
  rows.push([`Messages${lastKnown}`, formatCount(s.messages)], [`Bytes${lastKnown}`, formatBytes(s.bytes)], [`Consumers${lastKnown}`, formatCount(s.consumers)]);
  if (s.mirror) rows.push(['Mirror of', s.mirror]);
  if (s.sources.length) rows.push(['Sources', s.sources.join(', ')]);
  if (s.created) rows.push(['Created', s.created]);
  const tooltip = new vscode.MarkdownString(`**${md(s.name)}**${s.description ? `: ${md(s.description)}` : ''}\n\n| | |\n|---|---|\n`);
  tooltip.appendMarkdown(rows.map(([k, v]) => `| ${k} | ${md(v)} |`).join('\n'));
  return tooltip;
}

export class StreamNode extends ConnectionsNode {
  readonly id: string;

  constructor(
    /** The connection's profile id. */
    readonly connectionId: string,
    readonly summary: StreamSummary,
  ) {
    super();
    this.id = `connection/${connectionId}/stream/${summary.name}`;
  }

  get name(): string {
    return this.summary.name;
  }

  treeItem(): vscode.TreeItem {
    const s = this.summary;
    const item = new vscode.TreeItem(s.name, s.peers.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = HEALTH_ICONS[s.health];
    item.description = streamDescription(s);
    item.contextValue = s.mirror ? CONTEXT.streamMirror : CONTEXT.stream;
    return item;
  }

  lazyTooltip(): vscode.MarkdownString {
    return streamTooltip(this.summary);
  }

  children(): ConnectionsNode[] {
    return this.summary.peers.map((peer) => new ReplicaNode(this.id, peer));
  }
}
