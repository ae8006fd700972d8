/**
 * The readable page on a stream's fault tolerance (what it survives, R1/R3/R5 trade-offs, disaster
 * recovery), served as a virtual markdown document and shown in its page panel (pagePanel.ts). The
 * text is the core's; the page follows the analysis as the stream's file changes. Each problem
 * links to its rule's page, the footer to the stream's file.
 */
import * as vscode from 'vscode';
import { md, mdCode } from '../core/markdown';
import { faultTolerancePage } from '../core/streams';
import { ruleUri } from './ruleExplanation';
import { StreamAnalysisService } from './streamAnalysisService';

export const FAULT_TOLERANCE_SCHEME = 'nats-workbench-explain';

/** The page of stream number `streamIndex` (0-based) of the stream config at `document`. */
export function faultTolerancePageUri(document: vscode.Uri, streamIndex: number, label: string): vscode.Uri {
  const name = label.replace(/[^\w.-]+/g, '_') || 'stream';
  const query = new URLSearchParams({ uri: document.toString(), stream: String(streamIndex) }).toString();
  return vscode.Uri.from({ scheme: FAULT_TOLERANCE_SCHEME, path: `/${name} fault tolerance.md`, query });
}

function target(page: vscode.Uri): { document: vscode.Uri; index: number } | undefined {
  const params = new URLSearchParams(page.query);
  const uri = params.get('uri');
  const index = Number(params.get('stream'));
  return uri && Number.isInteger(index) && index >= 0 ? { document: vscode.Uri.parse(uri), index } : undefined;
}

export class FaultTolerancePageProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Every page built so far, by the stream file it shows: open as text, in a panel, or no longer. */
  private readonly served = new Map<string, vscode.Uri>();

  constructor(private readonly analysis: StreamAnalysisService) {
    this.subscription = analysis.onDidChange(({ uris }) => {
      const touched = new Set(uris.map((u) => u.toString()));
      for (const page of this.served.values()) {
        const t = target(page);
        if (t && touched.has(t.document.toString())) this.changed.fire(page);
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    this.served.set(uri.toString(), uri);
    const t = target(uri);
    if (!t) return '# Stream fault tolerance\n\nThis page names no stream.\n';
    const analysis = this.analysis.analysisFor(t.document);
    const stream = analysis?.streams[t.index];
    if (!analysis || !stream) {
      return `# Stream fault tolerance\n\nStream #${t.index + 1} is no longer in ${md(vscode.workspace.asRelativePath(t.document))}.\n`;
    }
    // Messages quote the file (names, subjects): escaped, so only the extension's own links are live.
    const problems = stream.findings.map((f) => `${f.severity}: ${md(f.message)} ([${mdCode(f.rule)}](${ruleUri(f.rule).toString()}))`);
    const where = `[${md(vscode.workspace.asRelativePath(t.document))}](<${t.document.toString()}>)`;
    return `${faultTolerancePage(stream.entry, analysis.workspace, problems, stream.findings)}\n---\n\n${where}\n`;
  }
}
