/** A stream in a config file: its summary and problems; clicking opens the file at the stream. */
import * as vscode from 'vscode';
import { StreamReport } from '../../core/streams';
import { md } from '../markdown';
import { CONTEXT, WorkspaceStreamsNode, problemCount, problemIcon } from './node';

export class WorkspaceStreamNode extends WorkspaceStreamsNode {
  constructor(
    readonly uri: vscode.Uri,
    readonly report: StreamReport,
  ) {
    super();
  }

  /** The stream's name (or `stream #N`). */
  get name(): string {
    return this.report.entry.label;
  }

  /** The 0-based position of the stream in its file. */
  get index(): number {
    return this.report.entry.index;
  }

  treeItem(): vscode.TreeItem {
    const { summary, findings, anchorRange } = this.report;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.uri.toString()}#${this.index}`;
    item.iconPath = problemIcon(findings, new vscode.ThemeIcon('database'));
    item.description = findings.length ? `${summary.headline} · ${problemCount(findings.length)}` : summary.headline;
    const tooltip = new vscode.MarkdownString(`**${md(this.name)}**: ${md(summary.text)}`);
    for (const f of findings) tooltip.appendMarkdown(`\n- ${f.severity}: ${md(f.message)} (\`${f.rule}\`, line ${f.range.start.line + 1})`);
    item.tooltip = tooltip;
    item.contextValue = this.report.entry.config.mirror ? CONTEXT.streamMirror : CONTEXT.stream;
    const start = new vscode.Position(anchorRange.start.line, anchorRange.start.character);
    item.command = {
      command: 'vscode.open',
      title: 'Open Stream Config',
      arguments: [this.uri, { selection: new vscode.Range(start, start), preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }
}
