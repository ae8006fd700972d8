import * as vscode from 'vscode';

/** Long-lived objects shared by the editor, explorer and command adapters. */
export interface Services {
  context: vscode.ExtensionContext;
  /** The extension's single log channel. Never write secrets (seeds, passwords, tokens) to it. */
  log: vscode.LogOutputChannel;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('NATS Workbench', { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand('natsWorkbench.showLog', () => log.show()));
  return { context, log };
}
