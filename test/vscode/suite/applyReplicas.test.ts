/**
 * Apply to Server lowering num_replicas against the runner's 3-node cluster: the question says the
 * fault tolerance lost, and the command's result names the leader kept and the peers whose copies
 * go; after the update the stream has that one peer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { JetStreamManager, NatsConnection } from 'nats';
import * as vscode from 'vscode';
import { testNats } from './helpers';
import { openTestCluster, run, scratchFolder } from './explorerHelpers';

const CONNECTION = 'apply-replicas';
const STREAM = 'APPLY_REPLICAS';

describe('applyReplicas: Apply to Server says what lowering num_replicas gives up', function () {
  this.timeout(90_000);
  const scratch = testNats() ? scratchFolder('applyreplicas') : undefined;
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager;

  before(async function () {
    const cluster = await openTestCluster();
    if (!cluster) return this.skip();
    ({ nc, jsm } = cluster);
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, monitoringUrl: cluster.monitor })).ok, true);
    const connected = await run('natsWorkbench.connect', { name: CONNECTION });
    assert.equal(connected.ok, true, JSON.stringify(connected));
    await jsm.streams.add({ name: STREAM, subjects: ['apply.replicas'], num_replicas: 3 });
    for (let i = 0; i < 10; i++) await nc.jetstream().publish('apply.replicas', new TextEncoder().encode(`m${i}`));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    scratch?.remove();
  });

  it('asks with the fault tolerance lost, changes nothing without a yes, and keeps the stated peer', async () => {
    const file = scratch!.uri('replicas.stream.json');
    fs.writeFileSync(file.fsPath, `${JSON.stringify({ name: STREAM, subjects: ['apply.replicas'], num_replicas: 1 }, null, 2)}\n`);
    const asked = await run('natsWorkbench.applyToServer', { file: file.fsPath });
    assert.equal(asked.ok, false);
    assert.match(asked.error?.message ?? '', /Update stream APPLY_REPLICAS on apply-replicas\? Removes 2 replicas \(num_replicas 3 → 1\): the stream then survives no server failure \(now it survives 1 server failure\)\./);
    assert.equal((await jsm.streams.info(STREAM)).config.num_replicas, 3, 'nothing changes without a yes');

    const result = await run('natsWorkbench.applyToServer', { file: file.fsPath, confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    const planned = result.plannedReplicas as { from: number; to: number; leader: string; kept: string[]; dropped: string[] };
    assert.deepEqual([planned.from, planned.to, planned.kept, planned.dropped.length], [3, 1, [planned.leader], 2]);
    const info = await jsm.streams.info(STREAM);
    assert.equal(info.cluster?.leader, planned.leader, 'the stated peer holds the stream');
    assert.deepEqual(info.cluster?.replicas ?? [], []);
    assert.equal(info.state.messages, 10);
  });
});
