/** A signing key of an operator or an account. */
import * as vscode from 'vscode';
import type { KeyInfo } from '../../core/trust';
import { CONTEXT, TrustNode, TrustTarget } from './node';
import { statusIcon, Tooltip } from './tooltip';

export class SigningKeyNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly key: KeyInfo,
    readonly owner: { operator: string; account?: string },
  ) {
    super();
    this.target = { ...owner, signingKey: key.publicKey, publicKey: key.publicKey };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`${this.key.publicKey.slice(0, 12)}…`, vscode.TreeItemCollapsibleState.None);
    item.id = `sk:${this.owner.operator}/${this.owner.account ?? ''}/${this.key.publicKey}`;
    const scope = this.key.scope;
    item.description = [scope ? `role ${scope.role}` : 'signing key', this.key.hasSeed ? undefined : 'no seed'].filter(Boolean).join(', ');
    item.contextValue = CONTEXT.signingKey;
    item.iconPath = statusIcon('key', [], !this.key.hasSeed);
    const owner = this.owner.account ? `account '${this.owner.account}'` : `operator '${this.owner.operator}'`;
    const tooltip = new Tooltip(scope ? `Scoped signing key of ${owner}` : `Signing key of ${owner}`)
      .code('Public key', this.key.publicKey)
      .codes('Seed', this.key.hasSeed ? [this.key.seedPath] : [], 'in the keystore:')
      .line('Seed', this.key.hasSeed ? undefined : 'not in the keystore: this key cannot sign here');
    if (scope) tooltip.scope(scope);
    item.tooltip = tooltip.build();
    return item;
  }
}
