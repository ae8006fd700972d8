/**
 * Gallery screenshots of the states no other test reaches on screen (the other tests take theirs
 * where they already are): a hover, the quick-fix menu, a problem's peek, a rule page, a broken
 * stream config and a wizard step of Add Connection. Browser launcher only; no NATS server needed.
 * Each state is also checked in the rendered workbench, so a screenshot never shows the wrong thing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, eventually, sleep, UiDriver, uiDriver, workspaceFile } from './helpers';
import { diagnosticsWith, scratchFolder, show } from './explorerHelpers';

/** Waits until an element matching `selector` shows `text`. */
async function showing(ui: UiDriver, selector: string, text: string): Promise<string> {
  return eventually(`${selector} showing "${text}"`, async () => (await ui.texts(selector)).find((t) => t.includes(text)));
}

/** Puts the cursor on the first occurrence of `text` in the editor, scrolled into view. */
function cursorOn(editor: vscode.TextEditor, text: string): void {
  const offset = editor.document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" in ${editor.document.uri.fsPath}`);
  const at = editor.document.positionAt(offset + 1);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
}

/** Opens the fixture `streams/<file>` and waits for its finding of `rule`. */
async function showFinding(file: string, rule: string): Promise<{ editor: vscode.TextEditor; finding: vscode.Diagnostic }> {
  const uri = workspaceFile('streams', file);
  const editor = await show(uri);
  const finding = await eventually(`${rule} on ${file}`, () => diagnosticsWith(uri, rule)[0]);
  return { editor, finding };
}

describe('gallery: the UI states no other test shows on screen', function () {
  this.timeout(60_000);
  const ui = uiDriver();
  const scratch = scratchFolder('gallery');

  before(async function () {
    if (!ui) return this.skip(); // launchers without a browser take no screenshots
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await ui?.press('Escape');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  after(() => scratch.remove());

  it('a hover on a stream config field (editor-hover)', async () => {
    const editor = await show(workspaceFile('streams', 'orders.stream.json'));
    cursorOn(editor, '"num_replicas"');
    await vscode.commands.executeCommand('editor.action.showHover');
    await showing(ui!, '.monaco-hover', 'survives 1 server failure');
    await ui!.gallery('editor-hover', 'Hover on num_replicas: what R3 means for this stream (quorum, failures survived)');
  });

  it('the quick fixes of a finding (editor-quick-fix)', async () => {
    const { editor, finding } = await showFinding('cache.stream.json', 'replicas-even');
    editor.selection = new vscode.Selection(finding.range.start, finding.range.start);
    // The menu opens only once the editor has the focus and its code actions are in: ask again until it shows.
    await eventually('the quick fix menu', async () => {
      await vscode.window.showTextDocument(editor.document, { selection: editor.selection, preserveFocus: false });
      await vscode.commands.executeCommand('editor.action.quickFix');
      await sleep(500);
      return (await ui!.texts('.action-widget')).find((t) => t.includes('Use 3 replicas (R3)'));
    });
    await ui!.gallery('editor-quick-fix', 'Quick fixes of replicas-even (R2 cannot lose a server): use R3, or turn the rule off in the workspace');
  });

  it('a finding peeked in the editor (editor-problem-peek)', async () => {
    const { editor, finding } = await showFinding('cache.stream.json', 'replicas-even');
    // The next marker after the start of its line is this finding.
    editor.selection = new vscode.Selection(finding.range.start.line, 0, finding.range.start.line, 0);
    await vscode.commands.executeCommand('editor.action.marker.next');
    await showing(ui!, '.marker-widget', 'replicas-even');
    await ui!.gallery('editor-problem-peek', 'A finding in the editor: squiggle, message and rule id linked to the rule’s page');
  });

  it('a rule’s page, opened from the link of its finding (page-rule)', async () => {
    const { finding } = await showFinding('cache.stream.json', 'replicas-even');
    const code = finding.code;
    assert.ok(typeof code === 'object' && code !== null && code.target instanceof vscode.Uri, 'the finding links its rule');
    await vscode.commands.executeCommand('vscode.open', code.target);
    await eventually('the rule page', () => (vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes('replicas-even') ? true : undefined));
    await ui!.gallery('page-rule', 'The page of rule replicas-even, the target of its finding’s link: what it checks, why, what to do', { settleMs: 1500 });
  });

  it('a stream config with a JSON syntax error (error-broken-json)', async () => {
    const file = scratch.uri('broken.stream.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from('{\n  "name": "BROKEN",\n  "subjects": ["broken.>"]\n  "num_replicas": 3\n}\n'));
    await show(file);
    await eventually('a syntax error on the file', () => (vscode.languages.getDiagnostics(file).length > 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await showing(ui!, '.markers-panel', 'broken.stream.json');
    await ui!.gallery('error-broken-json', 'A stream config with a missing comma: the syntax error in the editor and the Problems panel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    scratch.remove();
  });

  it('a step of the Add Connection wizard (wizard-add-connection-url)', async () => {
    const pending = vscode.commands.executeCommand('natsWorkbench.addConnection', { name: 'gallery' });
    await showing(ui!, '.quick-input-widget', 'Server URLs');
    await ui!.gallery('wizard-add-connection-url', 'Add Connection: the server URL step, titled with the connection’s name');
    await ui!.press('Escape');
    await pending;
  });
});
