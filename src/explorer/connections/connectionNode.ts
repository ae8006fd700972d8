/** A connection profile; when it is the active connection, its state and (connected) its streams. */
import * as vscode from 'vscode';
import { ConnectionProfile, describeAuth, displayServers } from '../../core/cluster';
import { ActiveConnection, LinkState, profileId } from './connectionManager';
import { md } from '../markdown';
import { CONTEXT, ConnectionsNode } from './node';

/** What a connection node needs from the tree. */
export interface ConnectionNodeHost {
  active(): ActiveConnection | undefined;
  connectionChildren(node: ConnectionNode): Promise<ConnectionsNode[]>;
}

const STATE_LOOK: Record<LinkState, { icon: vscode.ThemeIcon; text: (a: ActiveConnection) => string }> = {
  connecting: { icon: new vscode.ThemeIcon('loading~spin'), text: () => 'connecting…' },
  connected: { icon: new vscode.ThemeIcon('vm-active', new vscode.ThemeColor('testing.iconPassed')), text: (a) => `connected${a.server ? ` to ${a.server}` : ''}` },
  disconnected: { icon: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground')), text: () => 'disconnected, reconnecting…' },
  reconnecting: { icon: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground')), text: () => 'disconnected, reconnecting…' },
  closed: { icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), text: () => 'closed' },
};

export class ConnectionNode extends ConnectionsNode {
  constructor(
    public profile: ConnectionProfile,
    private readonly host: ConnectionNodeHost,
  ) {
    super();
  }

  get id(): string {
    return profileId(this.profile);
  }

  /** The active connection when it is this one. */
  get active(): ActiveConnection | undefined {
    const active = this.host.active();
    return active?.id === this.id ? active : undefined;
  }

  treeItem(): vscode.TreeItem {
    const p = this.profile;
    const active = this.active;
    const item = new vscode.TreeItem(p.name, active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `connection/${this.id}`;
    const fromContext = p.source === 'nats-context';
    const errors = p.problems.filter((x) => x.severity === 'error');
    if (active) {
      const look = STATE_LOOK[active.state];
      item.iconPath = look.icon;
      item.description = look.text(active);
    } else {
      item.iconPath = errors.length
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : p.problems.length
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('plug');
      const origin = fromContext ? `nats context${p.selected ? ' (selected)' : ''} · ` : '';
      // A profile that cannot connect says why on the node itself (a SOCKS proxy, a bad reference…).
      item.description = `${origin}${errors.length ? `cannot connect: ${errors[0].message.replace(`${p.file ?? ''}: `, '')}` : displayServers(p.servers)}`;
    }
    item.contextValue = fromContext ? (active ? CONTEXT.natsContextActive : CONTEXT.natsContext) : active ? CONTEXT.connectionActive : CONTEXT.connection;
    item.tooltip = this.tooltip(active);
    return item;
  }

  private tooltip(active: ActiveConnection | undefined): vscode.MarkdownString {
    const p = this.profile;
    const lines = [`**${md(p.name)}**${p.description ? `: ${md(p.description)}` : ''}`, ''];
    lines.push(`Servers: ${md(displayServers(p.servers))}  `);
    lines.push(`Authentication: ${md(describeAuth(p.auth))}  `);
    if (p.tls) lines.push(`TLS: ${md([p.tls.ca && `CA ${p.tls.ca}`, p.tls.cert && `certificate ${p.tls.cert}`].filter(Boolean).join(', ') || 'on')}  `);
    if (p.monitoringUrl) lines.push(`Monitoring: ${md(p.monitoringUrl)}  `);
    lines.push(`From: ${p.source === 'nats-context' ? `nats context ${md(p.file ?? p.name)}` : 'settings (natsWorkbench.connections)'}  `);
    if (active) {
      lines.push(`State: ${md(STATE_LOOK[active.state].text(active))} since ${new Date(active.since).toLocaleTimeString()}  `);
      if (active.failure) lines.push(`Closed: ${md(active.failure.message)}  `);
    }
    for (const problem of p.problems) lines.push(`$(${problem.severity === 'error' ? 'error' : 'warning'}) ${md(problem.message)}  `);
    return new vscode.MarkdownString(lines.join('\n'), true);
  }

  children(): Promise<ConnectionsNode[]> {
    return this.host.connectionChildren(this);
  }
}
