import * as vscode from 'vscode';
import { registerClusterCommands } from './commands/cluster';
import { registerTrust } from './commands/trust';
import { registerWalkthrough } from './commands/walkthrough';
import { registerStreamEditor } from './editor';
import { registerExplorer } from './explorer';
import { createServices, Services } from './services';

/**
 * Entry point. Creates the shared services once, then lets each area register its providers,
 * views and commands. Nothing here knows NATS: that lives in src/core.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const services = createServices(context);
  registerStreamEditor(services);
  registerTrust(services);
  registerExplorer(services);
  registerClusterCommands(services);
  registerWalkthrough(services);
  services.log.info('NATS Workbench activated');
  return { services };
}

export function deactivate(): void {
  /* disposables registered on the context are released by VS Code */
}

/** What the extension returns from activate(): tests reach the live services through it. */
export interface ExtensionApi {
  services: Services;
}
