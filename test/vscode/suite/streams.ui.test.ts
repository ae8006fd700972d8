import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, eventually, sleep, uiDriver, workspaceFile } from './helpers';

describe('stream code lenses as a person sees them', function () {
  const ui = uiDriver();

  before(function () {
    if (!ui) this.skip(); // launchers without a browser (desktop VS Code) cannot read the DOM
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('renders the fault tolerance summary above the stream, and saves a screenshot', async function () {
    this.timeout(60_000);
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'orders.stream.json'));
    await vscode.window.showTextDocument(doc, { preview: false });
    // The editor renders code lenses as content widgets: read what is on screen.
    const texts = await eventually('the code lens to render', async () => {
      const rendered = await ui!.texts('.monaco-editor .contentWidgets .codelens-decoration');
      return rendered.some((t) => t.includes('R3 · file · survives 1 server failure')) ? rendered : undefined;
    });
    const line = texts.join(' | ');
    assert.match(line, /restart: data kept on disk/);
    assert.match(line, /mirrored by ORDERS_DR in cluster west/);
    await sleep(300);
    const file = await ui!.gallery('editor-code-lens', 'The fault-tolerance code lens above a stream: replicas, storage, failures survived, restart, copies');
    assert.ok(fs.statSync(file).size > 10_000, 'the screenshot has content');
  });
});
