/**
 * Apply to Server lowering num_replicas, checked on a real 3-node nats-server 2.9.10 cluster: the
 * plan says the fault tolerance lost and which peers keep their copy, and after the update the
 * stream has the stated peers, the left-out peers' copies are gone from their stores, and no
 * message was deleted.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JetStreamManager } from 'nats';
import { Connection, apply, planApply } from '../../../src/core/cluster';
import { Cluster, startCluster, waitFor } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile, watchUnhandledRejections } from './helpers';

describe('Apply to Server: lowering num_replicas says what it gives up, checked on a 3-node cluster', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  let cluster: Cluster;
  let conn: Connection;
  let jsm: JetStreamManager;

  before(async () => {
    cluster = await startCluster({ extraConfig: ACCOUNTS_CONFIG });
    conn = await Connection.open(profile('a', cluster.url, { user: 'a' }), { secret: 'a' });
    jsm = await conn.nats.jetstreamManager();
  });
  after(async () => {
    await conn?.close();
    await cluster?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  /** Whether the server `name` holds a copy of `stream` in its store. */
  const holds = (name: string, stream: string): boolean => {
    const server = cluster.servers.find((s) => s.name === name);
    assert.ok(server, `no server ${name}`);
    return fs.existsSync(path.join(server.dir, 'js', 'jetstream', 'A', 'streams', stream));
  };
  const peersOf = async (stream: string): Promise<string[]> => {
    const info = await jsm.streams.info(stream);
    return [info.cluster?.leader ?? '', ...(info.cluster?.replicas ?? []).map((r) => r.name)].filter(Boolean).sort();
  };

  async function r3(name: string): Promise<{ leader: string; followers: string[] }> {
    await jsm.streams.add({ name, subjects: [`${name.toLowerCase()}.>`], num_replicas: 3 });
    const js = conn.nats.jetstream();
    for (let i = 0; i < 50; i++) await js.publish(`${name.toLowerCase()}.${i}`, new TextEncoder().encode(`m${i}`));
    const info = await waitFor(`${name} to have 3 current peers`, 20_000, async () => {
      const i = await jsm.streams.info(name);
      return i.cluster?.leader && (i.cluster.replicas ?? []).filter((r) => r.current).length === 2 ? i : undefined;
    });
    const followers = (info.cluster?.replicas ?? []).map((r) => r.name).sort();
    for (const p of [info.cluster!.leader!, ...followers]) assert.ok(holds(p, name), `${p} holds a copy before the update`);
    return { leader: info.cluster!.leader!, followers };
  }

  it('R3 → R1: says it survives no server failure where it survived 1, keeps the leader, deletes the other two copies', async () => {
    const { leader, followers } = await r3('DOWN1');
    const desired = { name: 'DOWN1', subjects: ['down1.>'], num_replicas: 1 };
    const plan = await planApply(conn, desired);
    const r = plan.replicas;
    assert.ok(r, 'the plan says what lowering num_replicas gives up');
    assert.deepEqual([r.from, r.to, r.leader, r.kept, [...r.dropped].sort()], [3, 1, leader, [leader], followers]);
    assert.equal(r.summary, 'Removes 2 replicas (num_replicas 3 → 1): the stream then survives no server failure (now it survives 1 server failure).');
    assert.equal(r.lines[0], 'num_replicas 3 → 1: fault tolerance survives 1 server failure → survives no server failure (quorum 1 of 1 instead of 2 of 3).');
    assert.equal(r.lines[1], `Kept: the leader's copy (${leader} now). Deleted: the copies on ${r.dropped.join(', ')}, which stop holding the stream. If another server leads by the time of the update, the server keeps its copy instead.`);
    assert.equal(plan.loss?.deleted.max, 0, 'no message is predicted deleted');
    const result = await apply(conn, desired, { expectedLive: plan.liveConfig, ...(plan.loss ? { expectedLoss: plan.loss } : {}) });
    assert.ok(result.ok, JSON.stringify(result));
    const after = await waitFor('the stream to have one peer', 20_000, async () => {
      const peers = await peersOf('DOWN1');
      return peers.length === 1 ? peers : undefined;
    });
    assert.deepEqual(after, r.kept, 'the stream has the stated peer');
    await waitFor('the dropped copies to be deleted', 20_000, () => (r.dropped.every((p) => !holds(p, 'DOWN1')) ? true : undefined));
    assert.ok(holds(leader, 'DOWN1'), 'the kept peer still holds its copy');
    assert.equal((await jsm.streams.info('DOWN1')).state.messages, 50, 'no message was deleted');
  });

  it('R3 → R2: keeps the leader and one of the two others, deletes the third copy', async () => {
    const { leader, followers } = await r3('DOWN2');
    const desired = { name: 'DOWN2', subjects: ['down2.>'], num_replicas: 2 };
    const plan = await planApply(conn, desired);
    const r = plan.replicas;
    assert.ok(r);
    assert.deepEqual([r.from, r.to, r.kept, r.dropped], [3, 2, [leader], []], 'which follower stays is the server\'s choice');
    assert.equal(r.summary, 'Removes a replica (num_replicas 3 → 2): the stream then survives no server failure (now it survives 1 server failure).');
    assert.equal(r.lines[1], `Kept: the leader's copy (${leader} now) and those of 1 of ${followers.join(', ')} (online peers, in the server's order). Deleted: the copies on the other one, which stop holding the stream.`);
    const result = await apply(conn, desired, { expectedLive: plan.liveConfig, ...(plan.loss ? { expectedLoss: plan.loss } : {}) });
    assert.ok(result.ok, JSON.stringify(result));
    const after = await waitFor('the stream to have two peers', 20_000, async () => {
      const peers = await peersOf('DOWN2');
      return peers.length === 2 ? peers : undefined;
    });
    assert.ok(after.includes(leader), `the leader ${leader} is kept: ${after.join(', ')}`);
    const gone = followers.filter((f) => !after.includes(f));
    assert.equal(gone.length, 1, `one follower left out: ${after.join(', ')}`);
    await waitFor('the left-out copy to be deleted', 20_000, () => (!holds(gone[0], 'DOWN2') ? true : undefined));
    assert.equal((await jsm.streams.info('DOWN2')).state.messages, 50);
  });

  it('num_replicas unchanged or raised: nothing said about replicas', async () => {
    await jsm.streams.add({ name: 'UP', subjects: ['up.>'], num_replicas: 1 });
    assert.equal((await planApply(conn, { name: 'UP', subjects: ['up.>'], num_replicas: 3 })).replicas, undefined);
    assert.equal((await planApply(conn, { name: 'UP', subjects: ['up.x'], num_replicas: 1 })).replicas, undefined);
  });
});
