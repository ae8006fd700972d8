/** A user of an account. Clicking it shows its decoded JWT. */
import * as vscode from 'vscode';
import { describePermissions } from '../../core/trust';
import type { UserEntry } from '../../core/trust';
import { CONTEXT, NodeOptions, TrustNode, TrustTarget } from './node';
import { escape, expiresSoon, expiryText, statusIcon, Tooltip } from './tooltip';

export class UserNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly entry: UserEntry,
    private readonly options: NodeOptions,
  ) {
    super();
    this.target = { operator: entry.operator, account: entry.account, user: entry.name, publicKey: entry.publicKey };
  }

  treeItem(): vscode.TreeItem {
    const u = this.entry;
    const item = new vscode.TreeItem(u.name, vscode.TreeItemCollapsibleState.None);
    item.id = `user:${u.operator}/${u.account}/${u.name}`;
    item.contextValue = CONTEXT.user;
    const soon = expiresSoon(u.expires, this.options);
    item.iconPath = statusIcon('person', u.problems, soon);
    item.description = [u.scope ? `role ${u.scope.role}` : undefined, u.bearer ? 'bearer' : undefined, u.expires && soon ? expiryText(u.expires, this.options.now) : undefined].filter(Boolean).join(', ');
    const nats = u.claims?.nats ?? {};
    const tooltip = new Tooltip(`User ${u.name}`)
      .code('Public key', u.publicKey)
      .code('Issuer', u.claims?.iss)
      .line('Signed by', u.signedBy === 'signing-key' ? `a ${u.scope ? 'scoped ' : ''}signing key of account '${u.account}'` : u.signedBy === 'identity' ? `account '${u.account}'` : undefined);
    if (u.scope) tooltip.scope(u.scope, 'user');
    else if (u.claims) for (const l of describePermissions(nats)) tooltip.line(l.label, escape(l.text));
    item.tooltip = tooltip
      .expiry(u.expires, u.notBefore, this.options)
      .seed(u.key, 'no .creds can be made')
      .problems(u.problems)
      .build();
    item.command = { command: 'natsWorkbench.showDecodedJwt', title: 'Show Decoded JWT', arguments: [this] };
    return item;
  }
}
