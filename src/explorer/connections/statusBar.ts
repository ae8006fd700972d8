/** The status-bar item of the active connection: connected, reconnecting or disconnected; click to pick a connection. */
import * as vscode from 'vscode';
import { ActiveConnection, ConnectionManager } from './connectionManager';
import { pickLabel } from '../../core/trust/quote';

/** Text, tooltip and background of the item for the active connection (or none). */
export function statusLook(active: ActiveConnection | undefined): { text: string; tooltip: string; background?: string } {
  if (!active) return { text: '$(plug) NATS', tooltip: 'No NATS connection. Click to connect.' };
  // The status bar draws `$(name)` as an icon and has one line: the name shown as text.
  const name = pickLabel(active.profile.name);
  switch (active.state) {
    case 'connecting':
      return { text: `$(loading~spin) NATS: ${name}`, tooltip: `Connecting to ${name}…` };
    case 'connected':
      return { text: `$(vm-active) NATS: ${name}`, tooltip: `Connected to ${name}${active.server ? ` (server ${active.server})` : ''}. Click to switch connections.` };
    case 'disconnected':
    case 'reconnecting':
      return { text: `$(debug-disconnect) NATS: ${name} (reconnecting)`, tooltip: `Disconnected from ${name}; reconnecting…`, background: 'statusBarItem.warningBackground' };
    case 'closed':
      return { text: `$(error) NATS: ${name} (disconnected)`, tooltip: `The connection ${name} is closed${active.failure ? `: ${active.failure.message}` : ''}. Click to connect.`, background: 'statusBarItem.errorBackground' };
  }
}

export class ConnectionStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('natsWorkbench.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: ConnectionManager) {
    this.item.name = 'NATS Connection';
    this.item.command = 'natsWorkbench.connect';
    this.subscription = manager.onDidChange(() => void this.update());
    void this.update();
  }

  /** Shown while a connection is active or any connection is configured. */
  private async update(): Promise<void> {
    const active = this.manager.active;
    const look = statusLook(active);
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    void vscode.commands.executeCommand('setContext', 'natsWorkbench.connectionState', active?.state ?? 'none');
    const configured = active !== undefined || (await this.manager.profiles()).profiles.length > 0;
    if (configured) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
