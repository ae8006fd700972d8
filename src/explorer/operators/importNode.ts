/** One import of an account: a stream or service taken from another account, and whether it can work. */
import * as vscode from 'vscode';
import type { AccountEntry, ImportInfo } from '../../core/trust';
import { CONTEXT, TrustNode, TrustTarget } from './node';
import { statusIcon, Tooltip } from './tooltip';

export class ImportNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly info: ImportInfo,
    readonly account: AccountEntry,
    /** The exporting account's name, when it is in the store. */
    readonly fromName: string | undefined,
    /** Why the server would not let it work, or undefined. */
    readonly unusable: string | undefined,
  ) {
    super();
    this.target = { operator: account.operator, account: account.name, fromAccount: fromName ?? info.account, subject: info.subject, type: info.type };
  }

  treeItem(): vscode.TreeItem {
    const i = this.info;
    const from = this.fromName ?? `${i.account.slice(0, 12)}…`;
    const item = new vscode.TreeItem(i.localSubject ?? i.subject, vscode.TreeItemCollapsibleState.None);
    item.id = `import:${this.account.operator}/${this.account.name}/${i.account}/${i.type}/${i.subject}`;
    item.contextValue = CONTEXT.import;
    const problems = this.unusable ? [{ code: 'import-unusable' as const, severity: 'error' as const, message: this.unusable }] : [];
    item.iconPath = statusIcon(i.type === 'service' ? 'symbol-method' : 'broadcast', problems);
    item.description = [`${i.type} from ${from}`, i.localSubject ? `'${i.subject}' there` : undefined, i.token ? 'activation token' : undefined].filter(Boolean).join(', ');
    item.tooltip = new Tooltip(`${i.type === 'service' ? 'Service' : 'Stream'} import of account '${this.account.name}'`)
      .line('From account', this.fromName ? `'${this.fromName}'` : 'not in this store')
      .code('Its public key', i.account)
      .code('Subject there', i.subject)
      .code('Subject here', i.localSubject ?? i.subject)
      .line('Name', i.name)
      .line('Activation token', i.token ? 'embedded' : undefined)
      .problems(problems)
      .build();
    return item;
  }
}
