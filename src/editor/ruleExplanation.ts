/**
 * One page per rule (`nats-workbench-rule:/<id>.md`), the target of each diagnostic's code link:
 * what the rule checks, why it matters and what to do, from the rule table. Shown in its page
 * panel (pagePanel.ts), also when the link opens it as a text document.
 */
import * as vscode from 'vscode';
import { getAuditRule } from '../core/cluster/audit';
import { getRule, ruleMarkdown } from '../core/streams';
import { SECTION } from './settings';
import { md } from '../core/markdown';

export const RULE_SCHEME = 'nats-workbench-rule';

export function ruleUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${id}.md` });
}

export function ruleIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

/** The title of a rule's page panel: `Rule replicas-even`. */
export function ruleTitle(uri: vscode.Uri): string {
  return `Rule ${ruleIdOf(uri)}`;
}

export class RuleExplanationProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = ruleIdOf(uri);
    const audit = getAuditRule(id);
    if (audit) return `${ruleMarkdown(audit)}\n---\n\nReported by **NATS: Audit Connection** and the Audit node of a connection.\n`;
    const rule = getRule(id);
    if (!rule) return `# ${md(id)}\n\nNo stream rule has this id.\n`;
    const setting = `Change its severity or turn it off with the setting \`${SECTION}.rules\`, e.g. \`{ "${rule.id}": "off" }\`.`;
    return `${ruleMarkdown(rule)}\n---\n\n${setting}\n`;
  }
}
