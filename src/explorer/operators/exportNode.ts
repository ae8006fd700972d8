/** One export of an account: a stream or service other accounts may import. */
import * as vscode from 'vscode';
import type { AccountEntry, ExportInfo } from '../../core/trust';
import { CONTEXT, TrustNode, TrustTarget } from './node';
import { Tooltip } from './tooltip';

export class ExportNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly info: ExportInfo,
    readonly account: AccountEntry,
  ) {
    super();
    this.target = { operator: account.operator, account: account.name, subject: info.subject, type: info.type };
  }

  treeItem(): vscode.TreeItem {
    const e = this.info;
    const item = new vscode.TreeItem(e.subject, vscode.TreeItemCollapsibleState.None);
    item.id = `export:${this.account.operator}/${this.account.name}/${e.type}/${e.subject}`;
    item.contextValue = CONTEXT.export;
    item.iconPath = new vscode.ThemeIcon(e.type === 'service' ? 'symbol-method' : 'broadcast');
    item.description = [e.type, e.private ? 'private' : 'public', e.type === 'service' && e.responseType && e.responseType !== 'Singleton' ? `${e.responseType} responses` : undefined, e.name].filter(Boolean).join(', ');
    item.tooltip = new Tooltip(`${e.private ? 'Private' : 'Public'} ${e.type} export of account '${this.account.name}'`)
      .code('Subject', e.subject)
      .line('Name', e.name)
      .line('Responses', e.type === 'service' ? (e.responseType ?? 'Singleton') : undefined)
      .line('Importers', e.private ? 'only accounts holding an activation token from this account (made by Add Import for accounts of this store)' : 'any account of the operator')
      .build();
    return item;
  }
}
