/**
 * The Problems panel: one diagnostic per finding of every stream config open in an editor tab (and
 * of every stream config in the workspace after "Lint Stream Configs in Workspace"). Source "NATS",
 * the rule id as code linking to the rule's page. Updated when the analysis changes (edits, other
 * files for the workspace rules, settings, topology); cleared when the file's last tab closes.
 * Syntax errors of a JSON or JSONC document open in a tab are left to VS Code's JSON language
 * service, which reports them already (the CLI and unopened linted files still get them from us).
 */
import * as vscode from 'vscode';
import { Finding } from '../core/streams';
import { displayLabel } from '../core/trust/quote';
import { parseError } from '../core/streams/rules/parseError';
import { toRange, toSeverity } from './convert';
import { ruleUri } from './ruleExplanation';
import { StreamAnalysisService } from './streamAnalysisService';

export const DIAGNOSTIC_SOURCE = 'NATS';

/** Languages whose documents VS Code's JSON language service checks for syntax while they are open. */
const JSON_CHECKED = new Set(['json', 'jsonc']);

/** The longest message a diagnostic shows: a message quotes names from the file, which may be 100 KB. */
const MESSAGE_MAX = 1000;

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  // One line in its own order: a name's line break or bidirectional override shown as an escape.
  const d = new vscode.Diagnostic(toRange(f.range), displayLabel(f.message, MESSAGE_MAX), toSeverity(f.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: ruleUri(f.rule) };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.uri), toRange(r.range)), displayLabel(r.message, MESSAGE_MAX)));
  }
  return d;
}

function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  return [];
}

/** URIs shown in any editor tab (VS Code keeps closed documents in memory for a while). */
function uriInTabs(): Set<string> {
  return new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap(tabUris)).map((u) => u.toString()));
}

export class StreamDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('nats-streams');
  /** Files shown because the workspace was linted, until their editor closes. */
  private readonly linted = new Set<string>();
  private tabs = uriInTabs();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly analysis: StreamAnalysisService) {
    this.disposables = [
      this.collection,
      analysis.onDidChange(({ uris }) => uris.forEach((u) => this.refresh(u))),
      vscode.window.tabGroups.onDidChangeTabs((e) => this.tabsChanged([...e.opened, ...e.changed], e.closed)),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.tabsChanged([], [])),
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d.uri, d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d.uri)),
    ];
    for (const d of vscode.workspace.textDocuments) this.refresh(d.uri, d);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Shows the findings of every stream config of the workspace, open or not. */
  showAll(): void {
    for (const a of this.analysis.documents()) {
      this.linted.add(a.uri);
      this.refresh(vscode.Uri.parse(a.uri));
    }
  }

  private tabsChanged(opened: readonly vscode.Tab[], closed: readonly vscode.Tab[]): void {
    this.tabs = uriInTabs();
    for (const uri of closed.flatMap(tabUris)) if (!this.tabs.has(uri.toString())) this.closed(uri);
    for (const uri of opened.flatMap(tabUris)) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      this.refresh(uri, doc);
    }
  }

  private closed(uri: vscode.Uri): void {
    this.linted.delete(uri.toString());
    this.collection.delete(uri);
  }

  private refresh(uri: vscode.Uri, document?: vscode.TextDocument): void {
    if (document) this.analysis.isStreamConfig(document); // analyses a newly opened document now
    const key = uri.toString();
    const shown = (this.analysis.isOpen(uri) && this.tabs.has(key)) || this.linted.has(key);
    const analysis = shown ? this.analysis.analysisFor(uri) : undefined;
    if (!analysis) {
      this.closed(uri);
      return;
    }
    const open = this.tabs.has(key) ? (document ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)) : undefined;
    const syntaxShownByJson = open !== undefined && JSON_CHECKED.has(open.languageId);
    const findings = syntaxShownByJson ? analysis.findings.filter((f) => f.rule !== parseError.id) : analysis.findings;
    this.collection.set(uri, findings.map(toDiagnostic));
  }
}
