/**
 * Apply to Server against the runner's real servers, when the file's limits are below what the
 * stream holds: the confirmation says first how many messages the update deletes and its button
 * says so; the command's result carries the prediction, and the server's state afterwards matches it.
 * Lowering num_replicas: the question says the fault tolerance lost, the result the peer kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { JetStreamManager, NatsConnection } from 'nats';
import * as vscode from 'vscode';
import { testNats } from './helpers';
import { openTestCluster, run, scratchFolder } from './explorerHelpers';

const CONNECTION = 'apply-loss';
const STREAM = 'APPLY_LOSS';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('applyLoss: Apply to Server says what an update deletes before it happens', function () {
  this.timeout(90_000);
  const scratch = testNats() ? scratchFolder('applyloss') : undefined;
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager;

  before(async function () {
    const cluster = await openTestCluster();
    if (!cluster) return this.skip();
    ({ nc, jsm } = cluster);
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, monitoringUrl: cluster.monitor })).ok, true);
    const connected = await run('natsWorkbench.connect', { name: CONNECTION });
    assert.equal(connected.ok, true, JSON.stringify(connected));
    await jsm.streams.add({ name: STREAM, subjects: ['apply.loss'], max_msgs: 1_000_000 });
    const js = nc.jetstream();
    for (let i = 0; i < 50; i++) await js.publish('apply.loss', new TextEncoder().encode(`m${i}`));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    scratch?.remove();
  });

  it('asks with the deletion figure first, deletes nothing without a yes, and reports what it deleted', async () => {
    const file = scratch!.uri('loss.stream.json');
    fs.writeFileSync(file.fsPath, json({ name: STREAM, subjects: ['apply.loss'], max_msgs: 20 }));
    // Without `confirm` it asks (the workbench refuses modal dialogs under test, naming the question).
    const asked = await run('natsWorkbench.applyToServer', { file: file.fsPath });
    assert.equal(asked.ok, false);
    assert.match(asked.error?.message ?? '', /Update stream APPLY_LOSS on apply-loss\? Deletes 30 of 50 messages now: max_msgs 1,000,000 → 20\./);
    assert.equal((await jsm.streams.info(STREAM)).state.messages, 50, 'nothing is deleted without a yes');

    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.action, 'updated');
    const planned = result.plannedLoss as { summary: string; deleted: { min: number; max: number } };
    assert.equal(planned.summary, 'Deletes 30 of 50 messages now: max_msgs 1,000,000 → 20.');
    assert.deepEqual((result.loss as { deleted: unknown }).deleted, { min: 30, max: 30 });
    const { state } = await jsm.streams.info(STREAM);
    assert.equal(state.messages, 20);
    assert.equal(state.first_seq, 31);
  });

  it('lowering num_replicas: asks with the fault tolerance lost, changes nothing without a yes, and keeps the stated peer', async () => {
    const stream = 'APPLY_REPLICAS';
    await jsm.streams.add({ name: stream, subjects: ['apply.replicas'], num_replicas: 3 });
    try {
      for (let i = 0; i < 10; i++) await nc!.jetstream().publish('apply.replicas', new TextEncoder().encode(`m${i}`));
      const file = scratch!.uri('replicas.stream.json');
      fs.writeFileSync(file.fsPath, json({ name: stream, subjects: ['apply.replicas'], num_replicas: 1 }));
      const asked = await run('natsWorkbench.applyToServer', { file: file.fsPath });
      assert.equal(asked.ok, false);
      assert.match(asked.error?.message ?? '', /Update stream APPLY_REPLICAS on apply-loss\? Removes 2 replicas \(num_replicas 3 → 1\): the stream then survives no server failure \(now it survives 1 server failure\)\./);
      assert.equal((await jsm.streams.info(stream)).config.num_replicas, 3, 'nothing changes without a yes');

      const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true });
      assert.equal(result.ok, true, JSON.stringify(result));
      const planned = result.plannedReplicas as { from: number; to: number; leader: string; kept: string[]; dropped: string[] };
      assert.deepEqual([planned.from, planned.to, planned.kept, planned.dropped.length], [3, 1, [planned.leader], 2]);
      const info = await jsm.streams.info(stream);
      assert.equal(info.cluster?.leader, planned.leader, 'the stated peer holds the stream');
      assert.deepEqual(info.cluster?.replicas ?? [], []);
      assert.equal(info.state.messages, 10);
    } finally {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
  });
});
