/** A stream config file in the workspace, with its streams below. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentAnalysis } from '../../core/streams';
import { CONTEXT, WorkspaceStreamsNode, problemCount } from './node';
import { WorkspaceStreamNode } from './streamNode';
import { plural } from '../../core/plural';

export class StreamFileNode extends WorkspaceStreamsNode {
  readonly uri: vscode.Uri;

  constructor(readonly analysis: DocumentAnalysis) {
    super();
    this.uri = vscode.Uri.parse(analysis.uri);
  }

  treeItem(): vscode.TreeItem {
    const a = this.analysis;
    const relative = vscode.workspace.asRelativePath(this.uri, false);
    const item = new vscode.TreeItem(path.basename(this.uri.path), a.streams.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = this.uri.toString();
    item.resourceUri = this.uri;
    const dir = path.dirname(relative);
    const counts = [plural(a.streams.length, 'stream')];
    if (a.findings.length) counts.push(problemCount(a.findings.length));
    item.description = `${dir === '.' ? '' : `${dir} · `}${counts.join(' · ')}`;
    item.tooltip = `${relative}: ${counts.join(', ')}${a.live.checked ? '' : `\n${a.live.reason}`}`;
    item.contextValue = CONTEXT.file;
    if (!a.streams.length) item.command = { command: 'vscode.open', title: 'Open File', arguments: [this.uri] };
    return item;
  }

  children(): WorkspaceStreamsNode[] {
    return this.analysis.streams.map((s) => new WorkspaceStreamNode(this.uri, s));
  }
}
