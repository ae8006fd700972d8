/**
 * Read-only pages `nats-cluster:/<title>.md` with the result of Push to Cluster (which servers
 * stored each account, the login check) and of Compare to Cluster (how each account on the
 * cluster differs from the store), each in its own page panel (pagePanel.ts).
 */
import * as vscode from 'vscode';
import { md } from '../../core/markdown';
import { ClusterAccountPush, PullFromClusterResult, PushToClusterResult, redactSeeds } from '../../core/trust';

export const CLUSTER_SCHEME = 'nats-cluster';

/**
 * Markdown table cell: names, server names and messages come from the store and the cluster, so
 * escaped (md): one line, `|` kept in its cell, no link, image or HTML.
 */
const cell = (text: string): string => md(text);
const names = (list: string[]): string => (list.length ? list.map(cell).join(', ') : '—');

function pushRow(a: ClusterAccountPush, total: number): string {
  const result = a.accepted ? 'stored' : 'not stored';
  const check = a.check === undefined ? '—' : `${a.works === false ? '**failed**: ' : ''}${cell(a.check)}`;
  return `| ${cell(a.name)}${a.changedSincePush ? ' (changed)' : ''} | ${result} | ${a.stored.length} of ${total}: ${names(a.stored)} | ${names(a.missing)} | ${check} |`;
}

export function pushMarkdown(title: string, r: PushToClusterResult): string {
  const lines = [`# ${md(title)}`, '', `Servers of the cluster (answered the ping): ${names(r.servers)}.`, '', '| Account | Result | Stored by | No reply from | Login check |', '| --- | --- | --- | --- | --- |'];
  lines.push(...r.accounts.map((a) => pushRow(a, r.servers.length)));
  const problems = r.accounts.flatMap((a) => a.problems.map((p) => `- ${cell(p.message)}`));
  if (problems.length) lines.push('', '## Problems', '', ...problems);
  lines.push('', r.ok ? 'Every account was stored by every server and works.' : 'Some accounts were not stored by every server, or do not work.');
  return redactSeeds(`${lines.join('\n')}\n`);
}

const WORDS: Record<string, string> = {
  same: 'same as the store',
  'missing-on-server': 'missing on the cluster: push it',
  'older-on-server': 'older on the cluster than in the store: push it',
  'newer-on-server': 'newer on the cluster than in the store (pushed from elsewhere)',
  differs: 'another JWT of the same second on the cluster',
  'unknown-on-server': 'on the cluster, unknown to the store',
};

export function pullMarkdown(title: string, r: PullFromClusterResult): string {
  const lines = [`# ${md(title)}`, '', `Servers of the cluster: ${names(r.servers)}.`, '', '| Account | Public key | Cluster vs store | On servers | Not on |', '| --- | --- | --- | --- | --- |'];
  for (const a of r.accounts) {
    const status = `${WORDS[a.status]}${a.inconsistent ? `; the servers hold ${a.serverJwts.length} different JWTs` : ''}`;
    lines.push(`| ${cell(a.name ?? '(no name)')} | ${cell(a.publicKey)} | ${status} | ${names(a.servers)} | ${names(a.missingOn)} |`);
  }
  lines.push('', r.inSync ? "The cluster holds exactly the store's accounts." : 'The cluster differs from the store.');
  return `${lines.join('\n')}\n`;
}

export class ClusterReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly texts = new Map<string, { title: string; markdown: string }>();

  /**
   * Keeps `markdown` as the page `title` (replacing an earlier one of that title) and returns its
   * URI; the title (which holds URLs, so slashes) is in the query, not in the path.
   */
  put(title: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: '/cluster.md', query: title });
    this.texts.set(uri.toString(), { title, markdown });
    this.emitter.fire(uri);
    return uri;
  }

  /** The panel title of a page. */
  title(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())?.title ?? uri.query;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())?.markdown ?? '# Cluster\n\nRun Push to Cluster or Compare to Cluster again.\n';
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The pages of the trust area's cluster commands (registered with the page panels in registerTrust). */
export const clusterReports = new ClusterReports();
