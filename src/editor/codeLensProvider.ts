/**
 * Code lenses above each stream: what it survives and what a restart does, or first why the server
 * would refuse it (click: the fault tolerance page); what it copies and where copies of it live in
 * the workspace; and the count of its problems.
 */
import * as vscode from 'vscode';
import { StreamReport } from '../core/streams';
import { toRange } from './convert';
import { SECTION } from './settings';
import { StreamAnalysisService } from './streamAnalysisService';
import { plural } from '../core/plural';
import { displayLabel, pickLabel } from '../core/trust/quote';

/** A lens's title and each line of its tooltip: names from the file on one line, cut when long, `$(…)` as text. */
const LENS_MAX = 300;

export const EXPLAIN_COMMAND = 'natsWorkbench.streams.explainFaultTolerance';

function problemsTitle(stream: StreamReport): string {
  const count = (severity: string): number => stream.findings.filter((f) => f.severity === severity).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('info'), 'info'],
  ]
    .filter(([n]) => n)
    .map(([n, word]) => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`);
  const total = stream.findings.length;
  const icon = count('error') ? '$(error)' : count('warning') ? '$(warning)' : '$(info)';
  return `${icon} ${plural(total, 'problem')} (${parts.join(', ')})`;
}

export class StreamCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly analysis: StreamAnalysisService) {
    this.disposables = [
      this.changed,
      analysis.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.codeLens.enabled`)) this.changed.fire();
      }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.analysis.settings.codeLensEnabled) return [];
    const analysis = this.analysis.analysisFor(document);
    if (!analysis) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const stream of analysis.streams) {
      const range = toRange(stream.anchorRange);
      const explain = { command: EXPLAIN_COMMAND, arguments: [{ uri: document.uri.toString(), stream: stream.entry.index }] };
      const { summary } = stream;
      lenses.push(
        new vscode.CodeLens(range, { ...explain, title: pickLabel([summary.headline, summary.restart].filter(Boolean).join(' · '), LENS_MAX), tooltip: `Explain the fault tolerance of ${displayLabel(summary.name)}: R1/R3/R5 and disaster recovery` }),
      );
      const related = [...summary.copiesFrom, ...summary.copies];
      const copy = related.length === 1 ? related[0] : undefined;
      lenses.push(
        new vscode.CodeLens(
          range,
          copy
            ? { title: pickLabel(summary.copiesText, LENS_MAX), command: 'vscode.open', arguments: [vscode.Uri.parse(copy.uri)], tooltip: `Open ${displayLabel(copy.name)}` }
            : { ...explain, title: pickLabel(summary.copiesText, LENS_MAX), tooltip: 'Disaster recovery: replicas, mirrors in another region, backups' },
        ),
      );
      if (stream.findings.length > 0) {
        lenses.push(new vscode.CodeLens(range, { title: problemsTitle(stream), command: 'workbench.actions.view.problems', tooltip: stream.findings.map((f) => `${f.rule}: ${displayLabel(f.message, LENS_MAX)}`).join('\n') }));
      }
    }
    return lenses;
  }
}
