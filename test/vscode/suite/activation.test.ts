import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, workspaceFile } from './helpers';

describe('extension activation', () => {
  it('activates when a JSON file opens and registers its commands', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'orders.stream.json'));
    await vscode.window.showTextDocument(doc);
    const api = await activateExtension();
    assert.ok(api.services.log);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('natsWorkbench.showLog'));
  });
});
