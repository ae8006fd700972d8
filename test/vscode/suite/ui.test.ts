import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, eventually, sleep, uiDriver, workspaceFile } from './helpers';

describe('the workbench as a person sees it', function () {
  const ui = uiDriver();

  before(function () {
    if (!ui) this.skip(); // launchers without a browser (desktop VS Code) cannot take screenshots
  });

  it('opens the NATS view and a stream config, and saves a screenshot', async function () {
    this.timeout(60_000);
    await activateExtension();
    await vscode.commands.executeCommand('workbench.view.extension.nats-workbench');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'orders.stream.json'));
    await vscode.window.showTextDocument(doc);
    // The view's section headers are rendered by the workbench, not by us: read them from the DOM.
    const headers = await eventually('the NATS view to render', async () => {
      const texts = await ui!.texts('.pane-header h3.title');
      return texts.some((t) => /Workspace Streams/i.test(t)) ? texts : undefined;
    });
    assert.ok(headers.some((t) => /Operators/i.test(t)), `view sections: ${headers.join(', ')}`);
    const editorText = await ui!.texts('.monaco-editor .view-lines');
    assert.ok(editorText.join('\n').includes('ORDERS'), 'the stream config is shown in the editor');
    await sleep(500);
    const file = await ui!.gallery('view-nats-sidebar', 'The NATS view container (Operators, Connections, Workspace Streams) beside a stream config with its code lens');
    assert.ok(fs.statSync(file).size > 10_000, 'the screenshot has content');
  });
});
