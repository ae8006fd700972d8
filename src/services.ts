import * as vscode from 'vscode';
import { PagePanels } from './pages/pagePanel';
import { oneLineLog } from './logLines';

/** Long-lived objects shared by the editor, explorer and command adapters. */
export interface Services {
  context: vscode.ExtensionContext;
  /** The extension's single log channel, one line per message (logLines.ts). Never write secrets (seeds, passwords, tokens) to it. */
  log: vscode.LogOutputChannel;
  /** The webview panels of the readable pages (fault tolerance, rules, decoded JWTs). */
  pages: PagePanels;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = oneLineLog(vscode.window.createOutputChannel('NATS Workbench', { log: true }));
  const pages = new PagePanels();
  context.subscriptions.push(log, pages, vscode.commands.registerCommand('natsWorkbench.showLog', () => log.show()));
  return { context, log, pages };
}
