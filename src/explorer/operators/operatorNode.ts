/** An operator: its signing keys, then its accounts. */
import * as vscode from 'vscode';
import type { OperatorEntry } from '../../core/trust';
import { AccountNode } from './accountNode';
import { CONTEXT, NodeOptions, TrustNode, TrustTarget } from './node';
import { SigningKeyNode } from './signingKeyNode';
import { expiresSoon, expiryText, problemsText, statusIcon, Tooltip } from './tooltip';
import { plural } from '../../core/plural';

export class OperatorNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly entry: OperatorEntry,
    private readonly options: NodeOptions,
  ) {
    super();
    this.target = { operator: entry.name, publicKey: entry.publicKey };
  }

  treeItem(): vscode.TreeItem {
    const op = this.entry;
    const item = new vscode.TreeItem(op.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `operator:${op.name}`;
    item.contextValue = CONTEXT.operator;
    const soon = expiresSoon(op.expires, this.options);
    item.iconPath = statusIcon('organization', op.problems, soon);
    item.description = [plural(op.accounts.length, 'account'), op.expires && soon ? expiryText(op.expires, this.options.now) : undefined, problemsText(op.problems)].filter(Boolean).join(', ');
    const system = op.accounts.find((a) => a.isSystem);
    const urls = op.claims?.nats.operator_service_urls;
    item.tooltip = new Tooltip(`Operator ${op.name}`)
      .code('Public key', op.publicKey)
      .seed(op.key, 'it cannot sign accounts')
      .codes('System account', op.systemAccount ? [op.systemAccount] : [], system?.name)
      .line('System account', op.systemAccount ? undefined : 'none')
      .line('Signing keys', String(op.signingKeys.length))
      .codes('Service URLs', Array.isArray(urls) ? urls.map((u) => String(u)) : [])
      .expiry(op.expires, op.notBefore, this.options)
      .code('Folder', op.dir)
      .problems(op.problems)
      .build();
    return item;
  }

  children(): TrustNode[] {
    const op = this.entry;
    return [...op.signingKeys.map((k) => new SigningKeyNode(k, { operator: op.name })), ...op.accounts.map((a) => new AccountNode(a, this.options, op.accounts))];
  }
}
