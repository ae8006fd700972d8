/**
 * "NATS: Disable Stream Rule in Workspace": sets the rule to "off" in `natsWorkbench.streams.rules`
 * of the workspace settings. Takes `{ rule }` (a rule id); without it, asks which rule.
 */
import * as vscode from 'vscode';
import { getRule, ruleCatalogue } from '../../core/streams';
import { DISABLE_RULE_COMMAND } from '../../editor/codeActionProvider';
import { SECTION, disableRuleInWorkspace } from '../../editor/settings';
import * as notify from '../../notifications';

export function registerDisableStreamRule(): vscode.Disposable {
  return vscode.commands.registerCommand(DISABLE_RULE_COMMAND, async (args?: { rule?: string } | string): Promise<boolean> => {
    let rule = typeof args === 'string' ? args : args?.rule;
    if (rule === undefined) {
      const picked = await vscode.window.showQuickPick(
        ruleCatalogue().map((r) => ({ label: r.id, description: `${r.severity} · ${r.title}` })),
        { placeHolder: 'The stream rule to turn off in this workspace' },
      );
      rule = picked?.label;
      if (!rule) return false;
    }
    if (!getRule(rule)) {
      void notify.showErrorMessage(`Disable Stream Rule: "${rule}" is not a stream rule id.`);
      return false;
    }
    const target = await disableRuleInWorkspace(rule);
    const where = target === vscode.ConfigurationTarget.Workspace ? 'this workspace' : 'your user settings (no folder is open)';
    void notify.showInformationMessage(`Stream rule ${rule} is off in ${where} (setting ${SECTION}.rules).`);
    return true;
  });
}
