/** An account: its signing keys, then its users. */
import * as vscode from 'vscode';
import { exportsOf, importsOf } from '../../core/trust';
import type { AccountEntry } from '../../core/trust';
import { formatBytes } from '../../core/streams/format';
import { CONTEXT, NodeOptions, TrustNode, TrustTarget } from './node';
import { ExportsGroupNode } from './exportsGroupNode';
import { SigningKeyNode } from './signingKeyNode';
import { expiresSoon, expiryText, problemsText, statusIcon, Tooltip } from './tooltip';
import { UserNode } from './userNode';

type Limits = Record<string, unknown>;

const count = (v: unknown): string => (v === -1 ? 'unlimited' : String(v));
const size = (v: unknown): string => (v === -1 ? 'unlimited' : typeof v === 'number' ? formatBytes(v) : String(v));

/** `file 1 GiB, memory 256 MiB, 10 streams, unlimited consumers`. */
function jetStreamText(l: Limits): string {
  return `file ${size(l.disk_storage)}, memory ${size(l.mem_storage)}, streams ${count(l.streams)}, consumers ${count(l.consumer)}`;
}

export class AccountNode extends TrustNode {
  readonly target: TrustTarget;

  constructor(
    readonly entry: AccountEntry,
    private readonly options: NodeOptions,
    /** The accounts of its operator (the exporters of its imports). */
    private readonly accounts: readonly AccountEntry[] = [],
  ) {
    super();
    this.target = { operator: entry.operator, account: entry.name, publicKey: entry.publicKey };
  }

  treeItem(): vscode.TreeItem {
    const a = this.entry;
    const item = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `account:${a.operator}/${a.name}`;
    item.contextValue = CONTEXT.account;
    const soon = expiresSoon(a.expires, this.options);
    item.iconPath = statusIcon(a.isSystem ? 'gear' : 'folder-library', a.problems, soon);
    item.description = [a.isSystem ? 'system' : undefined, a.jetstream ? 'JetStream' : undefined, a.changedSincePush ? 'changed since last push' : undefined, a.expires && soon ? expiryText(a.expires, this.options.now) : undefined, problemsText(a.problems)]
      .filter(Boolean)
      .join(', ');
    const limits = (a.claims?.nats.limits ?? {}) as Limits;
    const tiers = (limits.tiered_limits ?? {}) as Record<string, Limits>;
    const tip = new Tooltip(`${a.isSystem ? 'System account' : 'Account'} ${a.name}`)
      .code('Public key', a.publicKey)
      .code('Issuer', a.claims?.iss)
      .line('Signed by', a.signedBy === 'signing-key' ? `a signing key of operator '${a.operator}'` : a.signedBy === 'identity' ? `operator '${a.operator}'` : undefined)
      .seed(a.key, 'it cannot sign users')
      .line('Signing keys', a.signingKeys.length ? String(a.signingKeys.length) : undefined);
    if (a.claims) {
      tip
        .line('Connections', count(limits.conn))
        .line('Subscriptions', count(limits.subs))
        .line('Data', size(limits.data))
        .line('Payload', size(limits.payload))
        .line('JetStream', a.jetstream ? (Object.keys(tiers).length ? 'per replica tier' : jetStreamText(limits)) : 'disabled');
      for (const [tier, l] of Object.entries(tiers)) tip.line(`JetStream ${tier}`, jetStreamText(l));
    }
    tip.line('Last push', a.pushedAt ? `${a.pushedAt.toISOString()} (from this store)${a.changedSincePush ? '; changed since: push it for servers to apply the change' : ''}` : a.changedSincePush ? 'never from this store; changed here: push it for servers to apply the change' : undefined);
    const [exports, imports] = [exportsOf(a.claims).length, importsOf(a.claims).length];
    tip.line('Exports', exports ? String(exports) : undefined).line('Imports', imports ? String(imports) : undefined);
    item.tooltip = tip.expiry(a.expires, a.notBefore, this.options).line('Users', String(a.users.length)).problems(a.problems).build();
    return item;
  }

  children(): TrustNode[] {
    const a = this.entry;
    const groups = (['exports', 'imports'] as const).map((k) => new ExportsGroupNode(k, a, this.accounts, this.options)).filter((g) => g.children().length > 0);
    return [...a.signingKeys.map((k) => new SigningKeyNode(k, { operator: a.operator, account: a.name })), ...groups, ...a.users.map((u) => new UserNode(u, this.options))];
  }
}
