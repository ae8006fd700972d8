/** A line of information in the Connections tree: loading, a failure, what the live checks use. */
import * as vscode from 'vscode';
import { CONTEXT, ConnectionsNode } from './node';

export type NoticeKind = 'info' | 'loading' | 'warning' | 'error';

const ICONS: Record<NoticeKind, vscode.ThemeIcon> = {
  info: new vscode.ThemeIcon('info'),
  loading: new vscode.ThemeIcon('loading~spin'),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

export class NoticeNode extends ConnectionsNode {
  constructor(
    readonly kind: NoticeKind,
    readonly label: string,
    private readonly extra: { description?: string; tooltip?: string | vscode.MarkdownString; command?: vscode.Command; id?: string } = {},
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = ICONS[this.kind];
    item.contextValue = CONTEXT.notice;
    if (this.extra.id) item.id = this.extra.id;
    if (this.extra.description) item.description = this.extra.description;
    item.tooltip = this.extra.tooltip ?? this.label;
    if (this.extra.command) item.command = this.extra.command;
    return item;
  }
}
