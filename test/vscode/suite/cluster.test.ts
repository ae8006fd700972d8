/**
 * Round trips between stream config files and the real 3-node cluster the runner started: Apply to
 * Server (create, then update after the diff is shown), a server refusal marked in the file at the
 * field, Pull Stream Config into a file, and the live rules while connected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { JetStreamManager } from 'nats';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer';
import { eventually, testNats, uiDriver, workspaceFile } from './helpers';
import { TestCluster, connectionChildrenWith, diagnosticsWith, look, openTestCluster, run, scratchFolder, show, synced, writeFile } from './explorerHelpers';

const CONNECTION = 'cluster-roundtrip';
const STREAM = 'ROUNDTRIP';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('cluster: Apply to Server, Pull Stream Config and live rules against a real cluster', function () {
  this.timeout(90_000);
  const scratch = testNats() ? scratchFolder('cluster') : undefined;
  let cluster: TestCluster | undefined;
  let ex: ExplorerApi;
  let jsm: JetStreamManager;

  before(async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    ({ ex, jsm } = cluster);
    assert.equal(ex.connections.natsLoadedAtActivation, false, 'activating the extension does not load the nats client');
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, monitoringUrl: cluster.monitor })).ok, true);
    const connected = await run('natsWorkbench.connect', { name: CONNECTION });
    assert.equal(connected.ok, true, JSON.stringify(connected));
    assert.equal(ex.connections.natsLoaded, true, 'the first connection loads it');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await cluster?.nc.close();
    scratch?.remove();
  });

  it('creates a stream from a config file, then it is listed in the tree', async () => {
    const file = scratch!.uri('roundtrip.stream.json');
    fs.writeFileSync(file.fsPath, json({ name: STREAM, subjects: ['roundtrip.>'], num_replicas: 1 }));
    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.action, 'created');
    const info = await jsm.streams.info(STREAM);
    assert.equal(info.config.num_replicas, 1);
    assert.deepEqual(info.config.subjects, ['roundtrip.>']);
    const children = await connectionChildrenWith(ex, CONNECTION, [STREAM]);
    assert.match(look(children.find((c) => look(c).label === STREAM)!).description, /^R1 file/);
  });

  it('updates it after showing the diff between the live config and the file', async function () {
    const file = scratch!.uri('roundtrip.stream.json');
    await writeFile(file, json({ name: STREAM, subjects: ['roundtrip.>'], num_replicas: 1, max_age: 3_600_000_000_000 }));
    // The workbench refuses modal dialogs under test, so `confirm` answers the question; `diff` still shows the diff.
    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true, diff: true });
    const diff = await eventually('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === 'nats-stream-config' ? input : undefined;
    });
    const live = JSON.parse((await vscode.workspace.openTextDocument(diff.original)).getText());
    const desired = JSON.parse((await vscode.workspace.openTextDocument(diff.modified)).getText());
    assert.equal(live.max_age, 0, 'left: the live config');
    assert.equal(desired.max_age, 3_600_000_000_000, 'right: the file’s config');
    assert.equal(live.num_replicas, desired.num_replicas);
    await uiDriver()?.gallery('editor-apply-diff', 'Apply to Server: the diff between the live stream config (left) and the file (right) before the update', { settleMs: 800 });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.action, 'updated');
    assert.deepEqual(result.changes, ['max_age: 0 (unlimited) → 1h (3600000000000 ns)']);
    assert.equal((await jsm.streams.info(STREAM)).config.max_age, 3_600_000_000_000);
    const again = await run('natsWorkbench.applyToServer', { file: file.fsPath });
    assert.equal(again.action, 'unchanged', 'applying the same file again changes nothing, without asking');
  });

  it('marks a refusal in the file at the field, with the error code, and clears it on edit', async () => {
    const file = scratch!.uri('too-many.stream.json');
    fs.writeFileSync(file.fsPath, json({ name: 'TOO_MANY', subjects: ['too.many.>'], num_replicas: 5 }));
    const editor = await show(file);
    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true });
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'refused');
    assert.equal(result.error?.errCode, 10005);
    assert.equal(result.error?.field, 'num_replicas');
    const [mark] = diagnosticsWith(file, 10005);
    assert.ok(mark, 'a diagnostic with code 10005');
    assert.equal(mark.source, 'NATS server');
    assert.equal(mark.severity, vscode.DiagnosticSeverity.Error);
    const doc = editor.document;
    assert.equal(doc.getText(mark.range), '"num_replicas"');
    assert.equal(vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection), '"num_replicas"', 'the editor shows the field');
    const ui = uiDriver();
    if (ui) {
      await ui.gallery('error-apply-refused', 'Apply to Server refused by the cluster (R5 on 3 servers): the error code marked at the field in the file, and the message', { notifications: true });
      const button = '.editor-actions .action-label[aria-label="Apply to Server"]';
      await eventually('Apply to Server in the editor title of a stream config', async () => ((await ui.texts(button)).length === 1 ? true : undefined));
      await vscode.window.showTextDocument(workspaceFile('other', 'package.json'));
      await eventually('no Apply to Server on other JSON files', async () => ((await ui.texts(button)).length === 0 ? true : undefined));
    }
    await assert.rejects(jsm.streams.info('TOO_MANY'), 'nothing was created');
    // The live rule says so before any apply, too: R5 on a cluster of 3.
    const [live] = await eventually('replicas-exceed-cluster', () => diagnosticsWith(file, 'replicas-exceed-cluster')[0] && diagnosticsWith(file, 'replicas-exceed-cluster'));
    assert.equal(doc.getText(live.range), '"num_replicas"');
    assert.match(live.message, /R5 needs 5 JetStream servers, but cluster test-cluster has 3/);

    const shown = await vscode.window.showTextDocument(doc);
    await shown.edit((e) => e.replace(doc.getWordRangeAtPosition(doc.positionAt(doc.getText().indexOf('5')))!, '3'));
    await eventually('the refusal mark to go', () => (diagnosticsWith(file, 10005).length === 0 ? true : undefined));
    await eventually('the live finding to go', () => (diagnosticsWith(file, 'replicas-exceed-cluster').length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('pulls a live stream config into a file, asking before overwriting', async () => {
    const target = scratch!.uri('pulled.stream.json');
    const pulled = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, file: target.fsPath });
    assert.equal(pulled.ok, true, JSON.stringify(pulled));
    const config = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
    assert.equal(config.name, STREAM);
    assert.equal(config.max_age, 3_600_000_000_000);
    assert.deepEqual(Object.keys(config).slice(0, 3), ['name', 'subjects', 'retention']);
    await writeFile(target, '{"name": "KEEP"}\n');
    const refused = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, file: target.fsPath, overwrite: false });
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.kind, 'exists');
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), '{"name": "KEEP"}\n', 'the file is untouched');
    const replaced = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, file: target.fsPath, overwrite: true });
    assert.equal(replaced.ok, true);
    assert.equal(JSON.parse(fs.readFileSync(target.fsPath, 'utf8')).name, STREAM);
    await synced(target);
    const applied = await run('natsWorkbench.applyToServer', { file: target.fsPath });
    assert.equal(applied.action, 'unchanged', 'a pulled file applies without changes');
    const missing = await run('natsWorkbench.pullStreamConfig', { stream: 'NO_SUCH_STREAM', file: scratch!.uri('missing.json').fsPath });
    assert.equal(missing.ok, false);
    assert.equal(fs.existsSync(scratch!.uri('missing.json').fsPath), false, 'no file for a stream that does not exist');
  });

  it('clears the live findings on disconnect', async () => {
    const file = scratch!.uri('r5.stream.json');
    fs.writeFileSync(file.fsPath, json({ name: 'R5', subjects: ['r5.>'], num_replicas: 5 }));
    await show(file);
    await eventually('replicas-exceed-cluster while connected', () => (diagnosticsWith(file, 'replicas-exceed-cluster').length === 1 ? true : undefined));
    await run('natsWorkbench.disconnect');
    await eventually('no live finding after disconnect', () => (diagnosticsWith(file, 'replicas-exceed-cluster').length === 0 ? true : undefined));
    assert.ok(vscode.languages.getDiagnostics(file).every((d) => d.source !== 'NATS server'));
  });
});
