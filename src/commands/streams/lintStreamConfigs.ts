/**
 * "NATS: Lint Stream Configs in Workspace": reads every stream config of the workspace, shows all
 * their findings in the Problems panel and reveals it. Returns the counts.
 */
import * as vscode from 'vscode';
import { StreamDiagnostics } from '../../editor/diagnostics';
import { StreamAnalysisService } from '../../editor/streamAnalysisService';
import { plural } from '../../core/plural';
import { walkthroughDone, WALKTHROUGH_KEYS } from '../walkthrough';
import * as notify from '../../notifications';

export const LINT_COMMAND = 'natsWorkbench.streams.lintWorkspace';

export interface LintResult {
  files: number;
  streams: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function registerLintStreamConfigs(analysis: StreamAnalysisService, diagnostics: StreamDiagnostics): vscode.Disposable {
  return vscode.commands.registerCommand(LINT_COMMAND, async (): Promise<LintResult> => {
    const result = await notify.withProgress({ location: vscode.ProgressLocation.Window, title: 'Linting stream configs' }, async () => {
      await analysis.scanWorkspace();
      diagnostics.showAll();
      const documents = analysis.documents();
      // Checked against the servers of a connection: the walkthrough's last step is done.
      if (documents.some((d) => (analysis.topologyFor(vscode.Uri.parse(d.uri))?.kind ?? 'unknown') !== 'unknown')) walkthroughDone(WALKTHROUGH_KEYS.liveChecked);
      const findings = documents.flatMap((d) => d.findings);
      const count = (severity: string): number => findings.filter((f) => f.severity === severity).length;
      return {
        files: documents.length,
        streams: documents.reduce((n, d) => n + d.streams.length, 0),
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
      };
    });
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void notify.showInformationMessage(
      `Linted ${plural(result.files, 'stream config file')} (${plural(result.streams, 'stream')}): ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${plural(result.infos, 'info')}.`,
    );
    return result;
  });
}
