/**
 * Read-only virtual documents (`nats-stream-config:`) holding a live stream configuration or a
 * file's configuration as it would be sent: the two sides of the diff shown before Apply to Server.
 */
import * as vscode from 'vscode';

export const STREAM_CONFIG_SCHEME = 'nats-stream-config';

export class StreamConfigDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(STREAM_CONFIG_SCHEME, this);

  /** Sets the text of `nats-stream-config:/<path>` and returns that URI. */
  set(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: STREAM_CONFIG_SCHEME, path: `/${path.replace(/^\/+/, '')}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
