/**
 * The failure drill's page: what losing the chosen servers or clusters does to every stream, KV
 * bucket and object store and to the meta group, as a virtual Markdown document shown in its page
 * panel (src/pages/pagePanel.ts). Each drill gets its own URI; the result is kept while the page may be shown.
 */
import * as vscode from 'vscode';
import { DrillResult, assetCluster, assetReason, drillModeText, drillTarget, metaText, readableFrom } from '../../core/cluster';
import { plural } from '../../core/plural';
import { md } from '../../explorer/markdown';

export const DRILL_SCHEME = 'nats-workbench-drill';

const MODES = [
  '- **outage**: the servers come back with their disks. File data survives; memory data is lost only when every replica was down.',
  '- **loss**: the servers and their disks are gone. Data survives only where a replica remains (or in a mirror or source elsewhere).',
].join('\n');

/** The page's Markdown. */
export function drillMarkdown(connection: string, result: DrillResult, notes: readonly string[]): string {
  const down = result.assets.filter((a) => !a.available);
  const lost = result.assets.filter((a) => a.data === 'lost');
  const lines = [
    `# Failure drill: losing ${md(drillTarget(result, false))}`,
    '',
    `**Drilled on:** ${md(connection)} · **mode** ${md(drillModeText(result))}.`,
    ...(result.lostClusters.length ? ['', `**Servers lost:** ${md(result.lost.join(', '))}.`] : []),
    '',
    `**${md(metaText(result.meta))}**`,
    '',
    `${plural(result.assets.length, 'asset')}: ${down.length ? `**${down.length} unavailable**` : 'all stay available'}${lost.length ? `, **${lost.length} with data lost**` : ''}.`,
    '',
  ];
  if (result.assets.length) {
    // "Readable from" only when some copy is: an empty column would narrow the others.
    const readable = result.assets.some((a) => readableFrom(a).length > 0);
    lines.push(`| Asset | Cluster | Replicas | Available | Data |${readable ? ' Readable from |' : ''} Why |`, `|---|---|---|---|---|${readable ? '---|' : ''}---|`);
    for (const a of result.assets) {
      const name = a.kind === 'stream' ? md(a.name) : `${a.kind === 'kv' ? 'KV' : 'object store'} ${md(a.name)}`;
      const from = readable ? ` ${md(readableFrom(a).join(', ')) || '—'} |` : '';
      lines.push(`| ${name} | ${md(assetCluster(a))} | R${a.replicas} ${a.storage} | ${a.available ? 'yes' : '**no**'} | ${a.data === 'lost' ? '**lost**' : 'intact'} |${from} ${md(assetReason(a, result.mode))} |`);
    }
  } else {
    lines.push('The account has no streams.');
  }
  lines.push('', '## The two modes', '', MODES, '');
  lines.push('A stream keeps (or elects) a leader while a quorum of its replicas — floor(R/2)+1 — remains. The meta group, every JetStream server of the super-cluster, needs its own quorum to create, update or delete streams; streams that keep a leader go on without it.', '');
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${md(n)}`), '');
  return lines.join('\n');
}

export class DrillPageProvider implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private next = 1;

  /** Keeps a drill's page and returns its URI. */
  add(connection: string, result: DrillResult, notes: readonly string[]): vscode.Uri {
    const what = result.lostClusters.length ? result.lostClusters.join(', ') : result.lost.join(', ');
    const uri = vscode.Uri.from({ scheme: DRILL_SCHEME, path: `/Drill ${what.replace(/[^\w.,-]+/g, '_')} (${result.mode}).md`, query: `id=${this.next++}` });
    this.pages.set(uri.toString(), drillMarkdown(connection, result, notes));
    // Only the last few drills stay readable.
    while (this.pages.size > 20) this.pages.delete(this.pages.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '# Failure drill\n\nThis drill is no longer kept: run it again.\n';
  }
}
