/**
 * The Workspace Streams tree: the stream config files of the workspace (from the shared stream
 * analysis), each with its streams, their summaries and problem counts. Empty: the welcome view.
 */
import * as vscode from 'vscode';
import type { StreamAnalysisService } from '../../editor/streamAnalysisService';
import { StreamFileNode } from './fileNode';
import { WorkspaceStreamsNode } from './node';
import { displayItem } from '../displayItem';

export const WORKSPACE_STREAMS_VIEW = 'natsWorkbench.workspaceStreams';

export class WorkspaceStreamsTreeProvider implements vscode.TreeDataProvider<WorkspaceStreamsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkspaceStreamsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private redrawTimer: NodeJS.Timeout | undefined;

  constructor(private readonly analysis: StreamAnalysisService) {
    this.subscription = analysis.onDidChange(() => this.scheduleRedraw());
  }

  /** Scans the workspace's files again. */
  async refresh(): Promise<void> {
    await this.analysis.scanWorkspace();
    this.changed.fire(undefined);
  }

  getTreeItem(node: WorkspaceStreamsNode): vscode.TreeItem {
    return displayItem(node.treeItem());
  }

  async getChildren(node?: WorkspaceStreamsNode): Promise<WorkspaceStreamsNode[]> {
    if (node) return node.children();
    await this.analysis.whenScanned();
    return this.analysis
      .documents()
      .filter((d) => d.streams.length > 0 || d.findings.length > 0)
      .map((d) => new StreamFileNode(d))
      .sort((a, b) => vscode.workspace.asRelativePath(a.uri).localeCompare(vscode.workspace.asRelativePath(b.uri)));
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => this.changed.fire(undefined), 100);
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
