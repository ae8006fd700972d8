/**
 * Quick fixes for the NATS diagnostics: each finding's fixes (the core's text edits), and
 * "Disable rule <id> in this workspace" for every rule with a finding in the range.
 */
import * as vscode from 'vscode';
import { Finding } from '../core/streams';
import { toRange, toWorkspaceEdit } from './convert';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { StreamAnalysisService } from './streamAnalysisService';
import { displayLabel } from '../core/trust/quote';

export const DISABLE_RULE_COMMAND = 'natsWorkbench.streams.disableRule';

function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export class StreamCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analysis: StreamAnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const analysis = this.analysis.analysisFor(document);
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    const disabled = new Set<string>();
    for (const diagnostic of ours) {
      const rule = ruleOf(diagnostic);
      const finding = analysis.findings.find((f: Finding) => f.rule === rule && toRange(f.range).isEqual(diagnostic.range));
      for (const fix of finding?.fixes ?? []) {
        // A title may quote the file (a name to rename to): one line in its own order.
        const action = new vscode.CodeAction(displayLabel(fix.title), vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document, fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        actions.push(action);
      }
      if (rule && !disabled.has(rule)) {
        disabled.add(rule);
        const action = new vscode.CodeAction(`Disable rule ${rule} in this workspace`, vscode.CodeActionKind.QuickFix);
        action.command = { command: DISABLE_RULE_COMMAND, title: action.title, arguments: [{ rule }] };
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }
}
