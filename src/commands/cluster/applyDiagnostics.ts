/**
 * Server refusals from Apply to Server, marked in the stream config file at the field the error
 * concerns (with the JetStream error code). A mark stays until the file is edited or the stream is
 * applied successfully.
 */
import * as vscode from 'vscode';
import { ApplyError } from '../../core/cluster';
import { StreamEntry, StreamField } from '../../core/streams';

export const APPLY_SOURCE = 'NATS server';

export class ApplyDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('nats-apply');
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length) this.collection.delete(e.document.uri);
  });

  /** Marks `error` on `entry` (its field, else its name) in the file `uri`, replacing an earlier mark of that stream. */
  mark(uri: vscode.Uri, entry: StreamEntry, error: ApplyError): vscode.Diagnostic {
    const span = entry.keySpan((error.field ?? 'name') as StreamField);
    const range = entry.document.range(span);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
      error.message,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = APPLY_SOURCE;
    if (error.errCode !== undefined) diagnostic.code = error.errCode;
    this.collection.set(uri, [...this.others(uri, entry), diagnostic]);
    return diagnostic;
  }

  /** Removes the marks of `entry`'s stream in `uri`. */
  clear(uri: vscode.Uri, entry: StreamEntry): void {
    this.collection.set(uri, this.others(uri, entry));
  }

  private others(uri: vscode.Uri, entry: StreamEntry): vscode.Diagnostic[] {
    const span = entry.span;
    const start = entry.document.range({ offset: span.offset, length: 0 }).start.line;
    const end = entry.document.range({ offset: span.offset + span.length, length: 0 }).start.line;
    return (this.collection.get(uri) ?? []).filter((d) => d.range.start.line < start || d.range.start.line > end);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
