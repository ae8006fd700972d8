/** A user of an account. Clicking it shows its decoded JWT. */
import * as vscode from 'vscode';
import { describePermissions } from '../../core/trust';
import type { UserEntry } from '../../core/trust';
import { CONTEXT, NodeOptions, TrustNode, TrustTarget } from './node';
import { expiresSoon, expiryText, problemsText, statusIcon, Tooltip } from './tooltip';

/** `2030-01-31 12:00 UTC`: the minute is enough in a tree row. */
function revokedText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

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
    // A revoked user is greyed, with the revocation time: its credentials are refused once its account is pushed.
    item.iconPath = u.revokedAt ? new vscode.ThemeIcon('person', new vscode.ThemeColor('disabledForeground')) : statusIcon('person', u.problems, soon);
    item.description = [u.revokedAt ? `revoked ${revokedText(u.revokedAt)}` : undefined, u.scope ? `role ${u.scope.role}` : undefined, u.bearer ? 'bearer' : undefined, u.expires && soon ? expiryText(u.expires, this.options.now) : undefined, problemsText(u.problems)].filter(Boolean).join(', ');
    const nats = u.claims?.nats ?? {};
    const tooltip = new Tooltip(`User ${u.name}`)
      .code('Public key', u.publicKey)
      .code('Issuer', u.claims?.iss)
      .line('Signed by', u.signedBy === 'signing-key' ? `a ${u.scope ? 'scoped ' : ''}signing key of account '${u.account}'` : u.signedBy === 'identity' ? `account '${u.account}'` : undefined);
    if (u.scope) tooltip.scope(u.scope, 'user');
    else if (u.claims) for (const l of describePermissions(nats)) tooltip.line(l.label, l.text);
    if (u.revokedAt) tooltip.line('Revoked', `${u.revokedAt.toISOString()}: its JWTs issued until then are refused by servers that have the account's current JWT`);
    item.tooltip = tooltip
      .expiry(u.expires, u.notBefore, this.options)
      .seed(u.key, 'no .creds can be made')
      .problems(u.problems)
      .build();
    item.command = { command: 'natsWorkbench.showDecodedJwt', title: 'Show Decoded JWT', arguments: [this] };
    return item;
  }
}
