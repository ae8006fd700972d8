/** A problem of the store as a whole, or a placeholder (e.g. an unusable store setting). */
import * as vscode from 'vscode';
import type { Problem } from '../../core/trust';
import { CONTEXT, TrustNode, TrustTarget } from './node';

export class ProblemNode extends TrustNode {
  readonly target: TrustTarget = {};

  constructor(
    readonly message: string,
    readonly severity: Problem['severity'] | 'info' = 'error',
    readonly path?: string,
  ) {
    super();
  }

  static of(p: Problem): ProblemNode {
    return new ProblemNode(p.message, p.severity, p.path);
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.contextValue = CONTEXT.problem;
    const color = this.severity === 'error' ? 'problemsErrorIcon.foreground' : this.severity === 'warning' ? 'problemsWarningIcon.foreground' : undefined;
    item.iconPath = new vscode.ThemeIcon(this.severity, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = this.path ? `${this.message}\n\n${this.path}` : this.message;
    return item;
  }
}
