/**
 * "NATS: Explain Stream Fault Tolerance": the readable page on what a stream survives, the R1/R3/R5
 * trade-offs and the disaster-recovery options. Takes `{ uri, stream }` (stream: 0-based index or
 * name); without it, the stream under the cursor, else a pick of the workspace's streams.
 * Shows it in its page panel; returns the page's URI (undefined when cancelled).
 */
import * as vscode from 'vscode';
import { DocumentAnalysis, StreamReport } from '../../core/streams';
import { EXPLAIN_COMMAND } from '../../editor/codeLensProvider';
import { faultTolerancePageUri } from '../../editor/faultTolerancePage';
import type { PagePanels } from '../../pages/pagePanel';
import { StreamAnalysisService } from '../../editor/streamAnalysisService';
import { pickLabel } from '../../core/trust/quote';
import * as notify from '../../notifications';

export interface ExplainFaultToleranceArgs {
  uri?: string | vscode.Uri;
  stream?: number | string;
}

interface Target {
  uri: vscode.Uri;
  stream: StreamReport;
}

function pickStream(analysis: DocumentAnalysis, stream: number | string | undefined, offset?: number): StreamReport | undefined {
  if (typeof stream === 'number') return analysis.streams[stream];
  if (typeof stream === 'string') return analysis.streams.find((s) => s.summary.name === stream);
  if (offset !== undefined) {
    const around = analysis.streams.filter((s) => s.range.offset <= offset);
    if (around.length > 0) return around[around.length - 1];
  }
  return analysis.streams[0];
}

async function fromArgs(analysis: StreamAnalysisService, args: ExplainFaultToleranceArgs): Promise<Target | undefined> {
  const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri!;
  const document = await vscode.workspace.openTextDocument(uri);
  const result = analysis.analysisFor(document);
  if (!result) throw new Error(`${vscode.workspace.asRelativePath(uri)} is not a stream configuration`);
  const editor = vscode.window.activeTextEditor;
  const offset = editor?.document === document ? document.offsetAt(editor.selection.active) : undefined;
  const stream = pickStream(result, args.stream, offset);
  if (!stream) throw new Error(`${vscode.workspace.asRelativePath(uri)} has no stream ${JSON.stringify(args.stream ?? '')}`);
  return { uri, stream };
}

async function fromEditorOrPick(analysis: StreamAnalysisService): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  const active = editor ? analysis.analysisFor(editor.document) : undefined;
  if (editor && active && active.streams.length > 0) {
    return { uri: editor.document.uri, stream: pickStream(active, undefined, editor.document.offsetAt(editor.selection.active))! };
  }
  await analysis.whenScanned();
  const items = analysis.documents().flatMap((a) =>
    a.streams.map((stream) => ({ label: pickLabel(stream.summary.name), description: pickLabel(stream.summary.headline), detail: pickLabel(vscode.workspace.asRelativePath(vscode.Uri.parse(a.uri))), target: { uri: vscode.Uri.parse(a.uri), stream } })),
  );
  if (items.length === 0) {
    void notify.showInformationMessage('No stream configuration is open or in the workspace.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder: 'The stream to explain', matchOnDescription: true, matchOnDetail: true }))?.target;
}

export function registerExplainFaultTolerance(analysis: StreamAnalysisService, pages: PagePanels): vscode.Disposable {
  return vscode.commands.registerCommand(EXPLAIN_COMMAND, async (args?: ExplainFaultToleranceArgs): Promise<vscode.Uri | undefined> => {
    try {
      const target = args?.uri ? await fromArgs(analysis, args) : await fromEditorOrPick(analysis);
      if (!target) return undefined;
      const page = faultTolerancePageUri(target.uri, target.stream.entry.index, target.stream.summary.name);
      // Beside the stream's file, so that both stay in view.
      const fromEditor = vscode.window.activeTextEditor?.document.uri.toString() === target.uri.toString();
      await pages.show(page, { viewColumn: fromEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active });
      return page;
    } catch (e) {
      void notify.showErrorMessage(`Explain Stream Fault Tolerance: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  });
}
