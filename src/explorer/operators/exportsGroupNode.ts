/** The "Exports" or "Imports" group under an account: what it offers other accounts, what it takes from them. */
import * as vscode from 'vscode';
import { AccountEntry, exportsOf, importProblem, importsOf } from '../../core/trust';
import { ExportNode } from './exportNode';
import { ImportNode } from './importNode';
import { CONTEXT, NodeOptions, TrustNode, TrustTarget } from './node';
import { statusIcon } from './tooltip';

export class ExportsGroupNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly kind: 'exports' | 'imports',
    readonly account: AccountEntry,
    /** The accounts of the operator: the exporting accounts of imports. */
    private readonly accounts: readonly AccountEntry[],
    private readonly options: NodeOptions,
  ) {
    super();
    this.target = { operator: account.operator, account: account.name, publicKey: account.publicKey };
  }

  treeItem(): vscode.TreeItem {
    const count = this.children().length;
    const item = new vscode.TreeItem(this.kind === 'exports' ? 'Exports' : 'Imports', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.kind}:${this.account.operator}/${this.account.name}`;
    item.contextValue = this.kind === 'exports' ? CONTEXT.exports : CONTEXT.imports;
    item.description = String(count);
    const unusable = this.kind === 'imports' ? this.account.problems.filter((p) => p.code === 'import-unusable') : [];
    item.iconPath = statusIcon(this.kind === 'exports' ? 'export' : 'cloud-download', unusable);
    item.tooltip =
      this.kind === 'exports'
        ? `What account '${this.account.name}' offers other accounts: streams they may subscribe to, services they may call`
        : `What account '${this.account.name}' takes from other accounts${unusable.length ? ` (${unusable.length} cannot work)` : ''}`;
    return item;
  }

  children(): TrustNode[] {
    const a = this.account;
    if (this.kind === 'exports') return exportsOf(a.claims).map((e) => new ExportNode(e, a));
    const byKey = new Map(this.accounts.filter((x) => x.claims).map((x) => [x.claims!.sub, x]));
    return importsOf(a.claims).map((i) => {
      const from = byKey.get(i.account);
      return new ImportNode(i, a, from?.name, a.claims ? importProblem(i, a.claims.sub, from?.claims, this.options.now) : undefined);
    });
  }
}
