import * as vscode from 'vscode';
import { registerClusterCommands } from './commands/cluster';
import { registerDrCommands } from './commands/dr';
import { registerStreamCommands } from './commands/streams';
import { registerTrust } from './commands/trust';
import { registerWalkthrough } from './commands/walkthrough';
import { registerStreamEditor } from './editor';
import { registerExplorer } from './explorer';
import { createServices, Services } from './services';

/**
 * Entry point. Creates the shared services once, then lets each area register its providers,
 * views and commands, handing each what it uses of the layers below it. Imports run one way:
 * extension → commands / explorer → editor → core (test/unit/packaging/imports.test.ts checks
 * it). Nothing here knows NATS: that lives in src/core.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const services = createServices(context);
  const editor = registerStreamEditor(services);
  registerStreamCommands(services, editor);
  registerTrust(services);
  const explorer = registerExplorer(services, editor);
  const cluster = registerClusterCommands(services, explorer);
  registerDrCommands(services, explorer, editor, cluster);
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
