/**
 * NACK resources in a real VS Code: a `.yaml` file holding a Stream and a KeyValue gets the
 * core's diagnostics at NACK's camelCase keys, code lenses, hovers in NACK's names, and a quick
 * fix that edits the YAML in place and keeps its comment; a screenshot shows it as a person sees it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { analyzeWorkspace } from '../../../src/core/streams';
import { activateExtension, eventually, sleep, uiDriver, workspaceFile } from './helpers';

function natsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'NATS');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('NACK resources in YAML', function () {
  this.timeout(60_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows diagnostics and lenses at the camelCase keys, hovers, and a quick fix that keeps the comment', async () => {
    await activateExtension();
    const uri = workspaceFile('nack', 'orders.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: false });
    const text = doc.getText();
    const core = analyzeWorkspace([{ uri: uri.toString(), text }]).documents[0];
    const expected = core.findings.map((f) => `${f.rule} ${f.range.start.line}:${f.range.start.character}`).sort();
    assert.ok(expected.some((e) => e.startsWith('replicas-even')) && expected.some((e) => e.startsWith('kv-history-over-max')), expected.join(', '));

    const diagnostics = await eventually('the NACK diagnostics', () => {
      const ds = natsDiagnostics(uri);
      const got = ds.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}`).sort();
      return JSON.stringify(got) === JSON.stringify(expected) ? ds : undefined;
    });
    const even = diagnostics.find((d) => codeOf(d) === 'replicas-even')!;
    assert.equal(doc.getText(even.range), 'replicas');
    const history = diagnostics.find((d) => codeOf(d) === 'kv-history-over-max')!;
    assert.equal(doc.getText(history.range), 'history');
    assert.match(history.message, /history is 100/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.includes('R2 · file')), titles.join(' | '));
    assert.ok(titles.some((t) => t.includes('R3 · file')), titles.join(' | '));
    const streamLens = lenses.find((l) => l.command?.title.includes('R2'))!;
    assert.equal(doc.lineAt(streamLens.range.start.line).text.trim(), 'name: NACK_ORDERS');

    const at = doc.positionAt(text.indexOf('replicas: 2') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, /\*\*replicas\*\* — R2/);

    const ui = uiDriver();
    if (ui) {
      await eventually('the code lens to render', async () => {
        const rendered = await ui.texts('.monaco-editor .contentWidgets .codelens-decoration');
        return rendered.some((t) => t.includes('R2 · file')) ? rendered : undefined;
      });
      await sleep(300);
      const file = await ui.screenshot('nack-yaml');
      assert.ok(fs.statSync(file).size > 10_000, 'the screenshot has content');
    }

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, even.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Use 3 replicas (R3)');
    assert.ok(fix?.edit, `the R3 fix is offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), text.replace('replicas: 2 # keep this comment', 'replicas: 3 # keep this comment'));
    await eventually('replicas-even to go', () => (natsDiagnostics(uri).some((d) => codeOf(d) === 'replicas-even') ? undefined : true));
  });

  it('leaves other YAML alone', async () => {
    const api = await activateExtension();
    const analysis = api.services.streamAnalysis!;
    const doc = await vscode.workspace.openTextDocument(workspaceFile('other', 'deploy.yaml'));
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.equal(doc.languageId, 'yaml');
    assert.equal(analysis.isStreamConfig(doc), false);
    assert.deepEqual(natsDiagnostics(doc.uri), []);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    assert.deepEqual(lenses.map((l) => l.command?.title), []);
  });
});
