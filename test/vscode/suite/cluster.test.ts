/**
 * Round trips between stream config files and the real 3-node cluster the runner started: Apply to
 * Server (create, then update after the diff is shown), a server refusal marked in the file at the
 * field, Pull Stream Config into a file, and the live rules while connected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parse as parseJsonc } from 'jsonc-parser';
import type { JetStreamManager } from 'nats';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer';
import { eventually, sleep, testNats, uiDriver, workspaceFile } from './helpers';
import { TestCluster, connectionChildrenWith, diagnosticsWith, look, openTestCluster, run, scratchFolder, show, synced, writeFile } from './explorerHelpers';

const CONNECTION = 'cluster-roundtrip';
const STREAM = 'ROUNDTRIP';

/** Position of a change line's field in the server's order of the fields these tests change. */
const order = (change: string): number => ['max_msgs', 'max_bytes', 'max_age', 'max_msgs_per_subject', 'discard'].indexOf(change.split(':')[0]);

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The two documents of the diff Apply to Server shows (the active tab), their text and values. */
async function diffShown(): Promise<{ live: Record<string, unknown>; desired: Record<string, unknown>; texts: [string, string] }> {
  const diff = await eventually('the diff editor', () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff && input.original.scheme === 'nats-stream-config' ? input : undefined;
  });
  const texts: [string, string] = [(await vscode.workspace.openTextDocument(diff.original)).getText(), (await vscode.workspace.openTextDocument(diff.modified)).getText()];
  return { live: parseJsonc(texts[0]) as Record<string, unknown>, desired: parseJsonc(texts[1]) as Record<string, unknown>, texts };
}

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
    const { live, desired } = await diffShown();
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

  it('shows in the diff only what the apply changes, not the server’s defaults (screenshot apply-diff)', async function () {
    const file = scratch!.uri('roundtrip.stream.json');
    // Four changes; the file leaves max_consumers, max_msgs… to the server, which holds them already.
    const config = { name: STREAM, subjects: ['roundtrip.>'], max_msgs: 1000, num_replicas: 1, max_age: 3_600_000_000_000, max_bytes: 1_048_576, max_msgs_per_subject: 10, discard: 'new' };
    await writeFile(file, json(config));
    await show(file);
    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true, diff: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    const changes = result.changes as string[];
    assert.deepEqual(changes.map((c) => c.split(':')[0]), ['max_msgs', 'max_bytes', 'max_msgs_per_subject', 'discard']);
    const { live, desired, texts } = await diffShown();
    for (const key of ['max_consumers', 'max_msg_size', 'allow_direct', 'deny_delete', 'sealed']) {
      assert.ok(!texts[0].includes(`"${key}"`) && !texts[1].includes(`"${key}"`), `${key}: a server default neither side changes is not shown:\n${texts[0]}`);
    }
    const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])];
    const differing = keys.filter((k) => JSON.stringify(live[k]) !== JSON.stringify(desired[k]));
    assert.deepEqual(differing.sort(), ['discard', 'max_bytes', 'max_msgs', 'max_msgs_per_subject'], 'the diff and the change list agree');
    assert.deepEqual(Object.keys(desired).sort(), Object.keys(config).sort(), 'the right side holds what the file sets');
    const ui = uiDriver();
    if (ui) {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await eventually('the diff rendered', async () => ((await ui.texts('.monaco-diff-editor .view-line')).some((t) => t.includes('server default') || t.includes('max_msgs_per_subject')) ? true : undefined));
      await sleep(300);
      assert.ok(fs.statSync(await ui.screenshot('apply-diff')).size > 10_000);
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
    }
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

  it('offers to update the file that defines the stream, showing the diff first, and keeps its comments (screenshots pull-choice, pull-update-diff)', async () => {
    const file = scratch!.uri('defined.stream.json');
    const text = ['// Round trips, kept for a day.', '{', '    "name": "ROUNDTRIP",', '    "subjects": ["roundtrip.>"], // all of them', '    "num_replicas": 1,', '    "max_age": 86400000000000', '}', ''].join('\n');
    await writeFile(file, text);
    await show(file);
    const ui = uiDriver();
    if (ui) {
      // Asked without an answer, it offers the files that define ROUNDTRIP and a new file.
      const pending = run('natsWorkbench.pullStreamConfig', { stream: STREAM });
      const items = await eventually('the choice between updating and a new file', async () => {
        const t = (await ui.texts('.quick-input-widget')).join('\n');
        return t.includes('Save as a new file') && t.includes('defined.stream.json') ? t : undefined;
      });
      assert.match(items, /Update .*roundtrip\.stream\.json/);
      await sleep(200);
      assert.ok(fs.statSync(await ui.screenshot('pull-choice')).size > 10_000);
      await ui.press('Escape');
      assert.deepEqual(await pending, { ok: false, cancelled: true });
    }
    // Without `confirm` it shows the diff, then asks (the workbench refuses modal dialogs under test, naming the question).
    const asked = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'existing', existing: file.fsPath });
    assert.equal(asked.ok, false);
    assert.match(asked.error?.message ?? '', /Update .*defined\.stream\.json with the live configuration of ROUNDTRIP on cluster-roundtrip\?/);
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), text, 'nothing is written without a yes');
    const diff = await eventually('the diff of the file and its update', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.toString() === file.toString() ? input : undefined;
    });
    assert.equal(diff.modified.scheme, 'nats-stream-config');
    const proposed = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    assert.ok(proposed.startsWith('// Round trips, kept for a day.\n{\n    "name": "ROUNDTRIP",\n    "subjects": ["roundtrip.>"], // all of them\n'), proposed);
    if (ui) {
      await eventually('the diff rendered', async () => ((await ui.texts('.monaco-diff-editor .view-line')).some((t) => t.includes('max_msgs_per_subject')) ? true : undefined));
      await sleep(300);
      assert.ok(fs.statSync(await ui.screenshot('pull-update-diff')).size > 10_000);
    }
    const result = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'existing', existing: file.fsPath, confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.action, 'updated');
    assert.deepEqual(result.changes, ['max_age: 1d (86400000000000 ns) → 1h (3600000000000 ns)', 'max_bytes: -1 → 1048576', 'max_msgs: -1 → 1000', 'max_msgs_per_subject: -1 → 10', 'discard: "old" → "new"'].sort((a, b) => order(a) - order(b)));
    const written = fs.readFileSync(file.fsPath, 'utf8');
    assert.equal(written, proposed, 'the file now holds what the diff showed');
    assert.match(written, /\n {4}"max_age": 3600000000000,\n/);
    await synced(file);
    const applied = await run('natsWorkbench.applyToServer', { file: file.fsPath });
    assert.equal(applied.action, 'unchanged', 'the updated file applies without changes');
    const again = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'existing', existing: file.fsPath });
    assert.equal(again.action, 'unchanged');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('saves a new file into the streams/ folder, never over another file', async () => {
    const first = workspaceFile('streams', `${STREAM}.stream.json`);
    const second = workspaceFile('streams', `${STREAM}-2.stream.json`);
    try {
      const one = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'new' });
      assert.equal(one.ok, true, JSON.stringify(one));
      assert.equal(one.file, first.fsPath);
      const pulled = fs.readFileSync(first.fsPath, 'utf8');
      assert.equal(JSON.parse(pulled).max_age, 3_600_000_000_000);
      const two = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'new', omitDefaults: true });
      assert.equal(two.ok, true, JSON.stringify(two));
      assert.equal(two.file, second.fsPath, 'a free name beside it');
      assert.equal(fs.readFileSync(first.fsPath, 'utf8'), pulled, 'the first file is untouched');
      assert.ok(!('retention' in JSON.parse(fs.readFileSync(second.fsPath, 'utf8'))), 'omitDefaults leaves the defaults out');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(first.fsPath, { force: true });
      fs.rmSync(second.fsPath, { force: true });
    }
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
