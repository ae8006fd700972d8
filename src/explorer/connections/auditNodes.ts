/**
 * The Audit node under the active connection: expanding it audits the connection (core
 * `auditConnection`), and its findings are shown grouped by severity, then by asset (stream,
 * key-value bucket, object store, consumer, account). An asset or finding opens the asset's stream
 * in the tree; a stream's asset offers Pull Stream Config.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../core/cluster';
import { AuditFinding, AuditResult, assetTitle, auditConnection, auditSummary, getAuditRule } from '../../core/cluster/audit';
import { getRule, Severity } from '../../core/streams';
import { md } from '../markdown';
import { CONTEXT, ConnectionsNode } from './node';
import { NoticeNode } from './noticeNode';

export const REVEAL_AUDIT_ASSET = 'natsWorkbench.revealAuditAsset';

/** One connection's audit: run once when first asked, again on `rerun`. */
export class AuditModel {
  state: 'idle' | 'running' | 'done' | 'failed' = 'idle';
  result: AuditResult | undefined;
  failure: string | undefined;
  at: Date | undefined;
  private running: Promise<AuditResult> | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly connection: Connection,
    private readonly onChange: () => void,
  ) {}

  /** The running audit, or a new one. Rejects with the failure (also kept in `failure`). */
  run(): Promise<AuditResult> {
    if (this.running) return this.running;
    this.state = 'running';
    this.onChange();
    const running = auditConnection(this.connection, { signal: this.abort.signal }).then(
      (result) => {
        this.result = result;
        this.failure = undefined;
        this.state = 'done';
        this.at = new Date();
        return result;
      },
      (e: unknown) => {
        this.failure = e instanceof Error ? e.message : String(e);
        this.state = 'failed';
        throw e;
      },
    );
    this.running = running;
    void running
      .catch(() => undefined)
      .finally(() => {
        if (this.running === running) this.running = undefined;
        this.onChange();
      });
    return running;
  }

  /** A new audit, after the running one (if any) ends. */
  async rerun(): Promise<AuditResult> {
    await this.running?.catch(() => undefined);
    return this.run();
  }

  dispose(): void {
    this.abort.abort();
  }
}

const SEVERITY_LOOK: Record<Severity, { label: string; icon: vscode.ThemeIcon }> = {
  error: { label: 'Errors', icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) },
  warning: { label: 'Warnings', icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) },
  info: { label: 'Information', icon: new vscode.ThemeIcon('info') },
};

const KIND_ICON: Record<AuditFinding['kind'], string> = { stream: 'database', kv: 'symbol-key', objectstore: 'file-binary', consumer: 'inbox', account: 'account' };

/** The command that opens an asset's stream in the Connections tree. */
function revealCommand(stream: string | undefined): vscode.Command | undefined {
  return stream ? { command: REVEAL_AUDIT_ASSET, title: 'Show in Connections', arguments: [{ stream }] } : undefined;
}

export class AuditFindingNode extends ConnectionsNode {
  constructor(
    readonly parent: AuditAssetNode,
    readonly finding: AuditFinding,
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const f = this.finding;
    const item = new vscode.TreeItem(f.rule, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parent.id}/${f.rule}/${f.message}`;
    item.description = f.message;
    item.iconPath = SEVERITY_LOOK[f.severity].icon;
    item.contextValue = CONTEXT.auditFinding;
    const rule = getAuditRule(f.rule) ?? getRule(f.rule);
    item.tooltip = new vscode.MarkdownString(`**${md(f.rule)}** (${f.severity})${rule ? `: ${md(rule.title)}` : ''}\n\n${md(f.message)}${rule ? `\n\n${rule.explanation}` : ''}`);
    const command = revealCommand(f.stream);
    if (command) item.command = command;
    return item;
  }
}

export class AuditAssetNode extends ConnectionsNode {
  /** The asset's stream, for Pull Stream Config (`{ stream }`) and Show in Connections. */
  readonly stream: string | undefined;

  constructor(
    readonly parent: AuditGroupNode,
    readonly id: string,
    readonly title: string,
    readonly findings: AuditFinding[],
  ) {
    super();
    this.stream = findings[0].stream;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(KIND_ICON[this.findings[0].kind]);
    item.description = this.findings.map((f) => f.rule).join(', ');
    item.contextValue = this.stream ? CONTEXT.auditStream : CONTEXT.auditAccount;
    const command = revealCommand(this.stream);
    if (command) item.command = command;
    return item;
  }

  children(): ConnectionsNode[] {
    return this.findings.map((f) => new AuditFindingNode(this, f));
  }
}

export class AuditGroupNode extends ConnectionsNode {
  constructor(
    readonly parent: AuditNode,
    readonly id: string,
    readonly severity: Severity,
    readonly findings: AuditFinding[],
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const look = SEVERITY_LOOK[this.severity];
    const item = new vscode.TreeItem(look.label, this.severity === 'info' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = look.icon;
    item.description = String(this.findings.length);
    item.contextValue = CONTEXT.auditGroup;
    return item;
  }

  children(): ConnectionsNode[] {
    const byAsset = new Map<string, AuditFinding[]>();
    for (const f of this.findings) {
      const title = assetTitle(f);
      byAsset.set(title, [...(byAsset.get(title) ?? []), f]);
    }
    return [...byAsset].map(([title, list]) => new AuditAssetNode(this, `${this.id}/${title}`, title, list));
  }
}

export class AuditNode extends ConnectionsNode {
  readonly id: string;

  constructor(
    readonly connectionId: string,
    readonly model: AuditModel,
  ) {
    super();
    this.id = `connection/${connectionId}/audit`;
  }

  treeItem(): vscode.TreeItem {
    const m = this.model;
    const item = new vscode.TreeItem('Audit', m.state === 'done' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = CONTEXT.audit;
    const errors = m.result?.findings.filter((f) => f.severity === 'error').length ?? 0;
    item.iconPath =
      m.state === 'running'
        ? new vscode.ThemeIcon('loading~spin')
        : m.state === 'failed' || errors
          ? SEVERITY_LOOK.error.icon
          : m.result?.findings.length
            ? SEVERITY_LOOK.warning.icon
            : new vscode.ThemeIcon(m.state === 'done' ? 'pass' : 'checklist');
    item.description =
      m.state === 'idle' ? 'expand to audit the streams, buckets and consumers' : m.state === 'running' ? 'auditing…' : m.state === 'failed' ? `failed: ${m.failure}` : auditSummary(m.result!).replace(/\.$/, '');
    item.tooltip = m.at ? `Audited at ${m.at.toLocaleTimeString()}` : 'Runs the stream rules on the live configurations and the live-only rules';
    return item;
  }

  children(): ConnectionsNode[] {
    const m = this.model;
    if (m.state === 'idle' || m.state === 'running') {
      if (m.state === 'idle') void m.run().catch(() => undefined);
      return [new NoticeNode('loading', 'Auditing…', { id: `${this.id}/running` })];
    }
    if (m.state === 'failed') return [new NoticeNode('error', `The audit failed: ${m.failure}`, { id: `${this.id}/failed` })];
    const result = m.result!;
    const out: ConnectionsNode[] = [];
    for (const severity of ['error', 'warning', 'info'] as const) {
      const list = result.findings.filter((f) => f.severity === severity);
      if (list.length) out.push(new AuditGroupNode(this, `${this.id}/${severity}`, severity, list));
    }
    if (!out.length) out.push(new NoticeNode('info', 'No findings', { id: `${this.id}/none`, description: auditSummary(result) }));
    for (const [i, note] of result.notes.entries()) out.push(new NoticeNode('warning', note, { id: `${this.id}/note/${i}` }));
    return out;
  }
}

/** The parent of an audit node in the tree (the Audit node's is its connection, which the tree knows). */
export function auditParent(node: ConnectionsNode): ConnectionsNode | undefined {
  return node instanceof AuditGroupNode || node instanceof AuditAssetNode || node instanceof AuditFindingNode ? node.parent : undefined;
}
