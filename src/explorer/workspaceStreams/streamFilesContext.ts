/**
 * The context key `natsWorkbench.streamConfigPaths`: the paths of the stream config files the
 * analysis knows, so that menus can appear on them only (`resourcePath in natsWorkbench.streamConfigPaths`).
 */
import * as vscode from 'vscode';
import type { StreamAnalysisService } from '../../editor/streamAnalysisService';

export const STREAM_CONFIG_PATHS_KEY = 'natsWorkbench.streamConfigPaths';

export class StreamFilesContext implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private last = '';

  constructor(private readonly analysis: StreamAnalysisService) {
    this.subscription = analysis.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const paths = this.analysis
      .documents()
      .filter((d) => d.streams.length > 0)
      .map((d) => vscode.Uri.parse(d.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath);
    const key = paths.join('\n');
    if (key === this.last) return;
    this.last = key;
    void vscode.commands.executeCommand('setContext', STREAM_CONFIG_PATHS_KEY, paths);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
