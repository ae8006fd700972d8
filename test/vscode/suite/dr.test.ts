/**
 * The DR commands in the extension host: Promote Mirror edits a mirror's config file in place (the
 * Workspace Streams node of a mirror carries the context value its menu needs); Back Up Stream and
 * Restore Stream on the runner's cluster, the restore promoting a mirror's backup to a writable
 * stream; refusals name what is wrong.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseStreamDocument } from '../../../src/core/streams';
import { eventually } from './helpers';
import { TestCluster, explorer, look, openTestCluster, run, scratchFolder, synced } from './explorerHelpers';

const ORIGIN = 'DR_CMD_ORDERS';
const COPY = 'DR_CMD_COPY';
const BLOCKER = 'DR_CMD_BLOCKER';

const MIRROR_FILE = `{
  // Orders, copied to the other region.
  "name": "ORDERS_WEST",
  "mirror": { "name": "ORDERS" },
  "num_replicas": 3,
  "placement": { "cluster": "west" }
}
`;

describe('DR actions: Promote Mirror, Back Up Stream, Restore Stream', function () {
  this.timeout(120_000);
  const scratch = scratchFolder('dr-actions');
  let cluster: TestCluster | undefined;

  after(async () => {
    if (cluster) {
      for (const name of [COPY, ORIGIN, BLOCKER]) await cluster.jsm.streams.delete(name).catch(() => undefined);
      await run('natsWorkbench.disconnect');
      await run('natsWorkbench.removeConnection', { name: 'dr-actions', confirm: true });
      await cluster.nc.close();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    scratch.remove();
  });

  it('Promote Mirror turns the mirror file into a writable stream, in place, keeping its comment', async () => {
    const ex = await explorer();
    const uri = scratch.uri('orders-west.stream.json');
    fs.writeFileSync(uri.fsPath, MIRROR_FILE);
    await synced(uri);
    const file = await eventually('the scratch file in Workspace Streams', async () => (await ex.workspaceStreamsTree.getChildren()).find((f) => look(f).label === 'orders-west.stream.json'));
    const [node] = await ex.workspaceStreamsTree.getChildren(file);
    assert.equal(look(node).context, 'nats.workspaceStream.mirror', 'the menu of a mirror');

    const result = await run('natsWorkbench.promoteMirror', { file: uri.toString(), subjects: ['orders.>'], confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(text, /\/\/ Orders, copied to the other region\.\n {2}"subjects": \["orders\.>"\],\n {2}"name": "ORDERS_WEST",/);
    const stream = parseStreamDocument(text, uri.toString()).streams[0];
    assert.equal(stream.config.mirror, undefined);
    assert.deepEqual(stream.config.subjects, ['orders.>']);
    await eventually('the node is no mirror any more', async () => {
      const f = (await ex.workspaceStreamsTree.getChildren()).find((n) => look(n).label === 'orders-west.stream.json');
      const [n] = f ? await ex.workspaceStreamsTree.getChildren(f) : [];
      return n && look(n).context === 'nats.workspaceStream' ? true : undefined;
    });
  });

  it('Promote Mirror refuses a stream that is no mirror and bad subjects, leaving the file as it was', async () => {
    const uri = scratch.uri('orders-west.stream.json');
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    const notMirror = await run('natsWorkbench.promoteMirror', { file: uri.toString(), subjects: ['x'], confirm: true });
    assert.equal(notMirror.ok, false);
    assert.match(notMirror.error!.message, /ORDERS_WEST in .*orders-west\.stream\.json is not a mirror/);
    const mirror = scratch.uri('mirror.stream.json');
    fs.writeFileSync(mirror.fsPath, MIRROR_FILE);
    const bad = await run('natsWorkbench.promoteMirror', { file: mirror.toString(), subjects: ['orders. x'], confirm: true });
    assert.equal(bad.ok, false);
    assert.match(bad.error!.message, /The subject "orders\. x" /);
    assert.equal(fs.readFileSync(mirror.fsPath, 'utf8'), MIRROR_FILE);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), before);
  });

  it('Back Up Stream and Restore Stream round-trip a mirror on the cluster, promoting it on restore', async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    const { jsm, nc } = cluster;
    await eventually('the origin created', async () => (await jsm.streams.add({ name: ORIGIN, subjects: ['drcmd.>'], num_replicas: 3 })) && true, 30_000);
    const js = nc.jetstream();
    for (let i = 0; i < 300; i++) await js.publish(`drcmd.${i % 3}`, new TextEncoder().encode(`m${i}`));
    await jsm.streams.add({ name: COPY, mirror: { name: ORIGIN }, num_replicas: 1 });
    await eventually('the mirror caught up', async () => ((await jsm.streams.info(COPY)).state.messages === 300 ? true : undefined), 30_000);
    assert.equal((await run('natsWorkbench.addConnection', { name: 'dr-actions', url: cluster.url, connect: true })).ok, true);

    const dir = path.join(scratch.dir, 'copy-backup');
    const backup = await run('natsWorkbench.backupStream', { name: COPY, dir });
    assert.equal(backup.ok, true, JSON.stringify(backup));
    assert.equal(backup.messages, 300);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['backup.json', 'stream.tar.s2']);
    const bounded = path.join(scratch.dir, 'bounded-backup');
    const tooBig = await run('natsWorkbench.backupStream', { name: COPY, dir: bounded, maxBytes: 1000 });
    assert.equal(tooBig.ok, false);
    assert.match(tooBig.error!.message, /passes the bound of 1000 bytes, the maximum size given\. The backup was stopped and nothing was kept/);
    assert.deepEqual(fs.readdirSync(scratch.dir).filter((f) => f.includes('bounded-backup')), [], 'no folder, no staging folder');
    const badBound = await run('natsWorkbench.backupStream', { name: COPY, dir: bounded, maxBytes: '1G' });
    assert.match(badBound.error?.message ?? '', /The argument "maxBytes" must be a positive whole number of bytes, not "1G"/);
    const again = await run('natsWorkbench.backupStream', { name: COPY, dir });
    assert.equal(again.ok, false);
    assert.match(again.error!.message, /is not empty/);

    const exists = await run('natsWorkbench.restoreStream', { dir, confirm: true });
    assert.equal(exists.ok, false, 'the stream still exists');
    assert.match(exists.error!.message, /Stream 'DR_CMD_COPY' already exists on \S+ \(cluster \S+\), connection 'dr-actions', no credentials \(the server's default account\): a restore creates the stream and never replaces one/);

    await jsm.streams.delete(COPY);
    // Subjects overlapping another stream: refused before anything is sent, naming that stream.
    await jsm.streams.add({ name: BLOCKER, subjects: ['drcopy.x'] });
    const overlapping = await run('natsWorkbench.restoreStream', { dir, subjects: ['drcopy.>'], confirm: true });
    assert.equal(overlapping.ok, false);
    assert.match(overlapping.error?.message ?? '', /The subjects of 'DR_CMD_COPY' overlap those of stream 'DR_CMD_BLOCKER' \('drcopy\.x'\) on \S+ \(cluster \S+\): nats-server would refuse to create it \(10065\) after the whole backup was sent\. Nothing was sent/);
    await jsm.streams.delete(BLOCKER);
    // Without `confirm` it asks, saying what it creates and where (the workbench refuses modal dialogs under test, naming the question).
    const asked = await run('natsWorkbench.restoreStream', { dir, subjects: ['drcopy.>'] });
    assert.equal(asked.ok, false);
    assert.match(asked.error?.message ?? '', /Restore stream 'DR_CMD_COPY' onto \S+ \(cluster \S+\) as a writable stream \(no longer a mirror of 'DR_CMD_ORDERS'\)\?/);
    await assert.rejects(jsm.streams.info(COPY), /stream not found/, 'nothing is restored without a yes');
    const restored = await run('natsWorkbench.restoreStream', { dir, subjects: ['drcopy.>'], confirm: true });
    assert.equal(restored.ok, true, JSON.stringify(restored));
    assert.equal(restored.messages, 300);
    const info = await jsm.streams.info(COPY);
    assert.equal(info.config.mirror, undefined);
    assert.deepEqual(info.config.subjects, ['drcopy.>']);
    assert.equal((await js.publish('drcopy.x', new TextEncoder().encode('new'))).stream, COPY, 'the promoted copy takes writes');
  });
});
