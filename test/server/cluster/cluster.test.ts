import * as assert from 'node:assert/strict';
import { Connection, StreamListing, apply, jetStreamServerCount, listAllStreams, matchPlacement, readTopology } from '../../../src/core/cluster';
import { Cluster, NatsServer, startCluster } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, eventually, profile, watchUnhandledRejections } from './helpers';

const R3 = ['EVENTS', 'ORDERS', 'PAYMENTS'];

describe('cluster: a real 3-node cluster', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  let cluster: Cluster;
  let conn: Connection;

  before(async () => {
    cluster = await startCluster({ extraConfig: ACCOUNTS_CONFIG, tags: [['az:1', 'ssd'], ['az:2'], ['az:3', 'ssd']] });
    conn = await Connection.open(profile('a', cluster.url, { user: 'a' }), { secret: 'a' });
    // The first replicated stream of a fresh cluster may need a moment (nats-facts.md: 150–700 ms).
    for (const name of R3) {
      await eventually(`stream ${name} created`, 20_000, async () => {
        const result = await apply(conn, { name, subjects: [`${name.toLowerCase()}.>`], num_replicas: 3, storage: 'memory' });
        if (!result.ok) throw new Error(result.error.message);
        return true;
      });
    }
  });
  after(async () => {
    await conn?.close();
    await cluster?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  it('topology with system-account rights: every server, its tags and JetStream, the meta leader', async () => {
    const sys = await Connection.open(profile('sys', cluster.url, { user: 'sys' }), { secret: 'sys' });
    try {
      const t = await readTopology(sys);
      assert.equal(t.known, true);
      assert.equal(t.clustered, true);
      assert.deepEqual(t.clusters.map((c) => [c.name, c.servers.map((s) => s.name)]), [['c1', ['c1-n1', 'c1-n2', 'c1-n3']]]);
      assert.deepEqual(t.servers.find((s) => s.name === 'c1-n1')?.tags, ['az:1', 'ssd']);
      assert.ok(t.servers.every((s) => s.jetstream && s.version === '2.9.10'));
      assert.ok(t.metaLeader && t.metaLeader.startsWith('c1-n'));
      assert.equal(t.metaClusterSize, 3);
      assert.deepEqual(jetStreamServerCount(t), { known: true, value: 3 });
      assert.deepEqual(matchPlacement(t, { tags: ['ssd'] }), { known: true, value: { clusterExists: true, matching: 2 } });
      assert.deepEqual(matchPlacement(t, { cluster: 'c2' }), { known: true, value: { clusterExists: false, matching: 0 } });
    } finally {
      await sys.close();
    }
  });

  it('topology without them: clustered, but the servers unknown and why; monitoring gives the JetStream count', async () => {
    const t = await readTopology(conn);
    assert.equal(t.clustered, true);
    assert.equal(t.known, false);
    assert.match(t.why ?? '', /no system-account rights and no monitoring URL/);
    assert.equal(jetStreamServerCount(t).known, false);
    assert.equal(t.jetstream.enabled, true);
    assert.equal(t.jetstream.account?.streams, R3.length);
    const monitored = await readTopology(conn, { monitoringUrl: cluster.servers[0].monitorUrl });
    assert.equal(monitored.known, false);
    assert.match(monitored.why ?? '', /monitoring endpoint describes only c1-n1/);
    assert.deepEqual(jetStreamServerCount(monitored), { known: true, value: 3 });
    assert.equal(matchPlacement(monitored, { tags: ['ssd'] }).known, false);
  });

  it('refuses R4 with 10005 (no suitable peers), marked on num_replicas, or placement when tags ask too much', async () => {
    const r4 = await apply(conn, { name: 'R4', num_replicas: 4 });
    assert.ok(!r4.ok && r4.error.errCode === 10005 && r4.error.field === 'num_replicas', r4.ok ? '' : r4.error.message);
    const tags = await apply(conn, { name: 'GPU', num_replicas: 3, placement: { tags: ['ssd'] } });
    assert.ok(!tags.ok && tags.error.errCode === 10005 && tags.error.field === 'placement', tags.ok ? '' : tags.error.message);
  });

  it('lists R3 streams healthy; one node killed: listed, that replica not current; two killed: no leader', async () => {
    const listed = await listAllStreams(conn);
    for (const name of R3) {
      const s = listed.streams.find((x) => x.name === name);
      assert.ok(s, name);
      assert.equal(s.health, 'healthy', `${name}: ${s.healthReason}`);
      assert.equal(s.replicas, 3);
      assert.equal(s.cluster, 'c1');
      assert.equal(s.peers.length, 3);
      assert.ok(s.leader);
    }
    const connected = conn.server?.name;
    const [first, second] = cluster.servers.filter((s) => s.name !== connected) as [NatsServer, NatsServer];

    await first.kill();
    const started = Date.now();
    const degraded = await eventually(`${first.name} not current in every R3 stream`, 30_000, async () => {
      const listing = await listAllStreams(conn);
      const r3 = R3.map((n) => listing.streams.find((s) => s.name === n));
      const ok = r3.every((s) => s && s.health === 'degraded' && s.peers.find((p) => p.name === first.name)?.state === 'not-current');
      return ok ? listing : undefined;
    });
    console.log(`      ${first.name} shown not current after ${Date.now() - started} ms`);
    for (const name of R3) {
      const s = degraded.streams.find((x) => x.name === name)!;
      assert.ok(s.leader && s.leader !== first.name, `${name} has a leader other than the dead node`);
      assert.match(s.healthReason, new RegExp(`${first.name} not current`));
    }

    await second.kill();
    const killedSecond = Date.now();
    // The last server may still answer the listing for a moment before it notices that the meta
    // group has lost its quorum: wait until the listing falls back to the names known before.
    const leaderless: StreamListing = await eventually('every R3 stream without a leader, listed from the known names', 40_000, async () => {
      const listing = await listAllStreams(conn, { timeoutMs: 3000 });
      const r3 = R3.map((n) => listing.streams.find((s) => s.name === n));
      return r3.every((s) => s && s.health === 'no-leader') && listing.source === 'known-names' ? listing : undefined;
    });
    console.log(`      R3 streams shown without a leader ${Date.now() - killedSecond} ms after the second kill (listing source: ${leaderless.source})`);
    assert.match(leaderless.problems.join(' '), /cannot list streams now .*seen before, asked one by one/);
    for (const name of R3) {
      const s = leaderless.streams.find((x) => x.name === name)!;
      assert.equal(s.leader, undefined);
      assert.ok(s.peers.every((p) => !p.leader && p.state === 'not-current'));
    }

    const sys = await Connection.open(profile('sys', cluster.servers.find((s) => s.name === connected)!.url, { user: 'sys' }), { secret: 'sys' });
    try {
      const t = await readTopology(sys);
      assert.ok(t.notes.some((n) => /1 of 3 JetStream servers answered/.test(n)), t.notes.join('; '));
    } finally {
      await sys.close();
    }

    await Promise.all([first.start(), second.start()]);
    const recovered = Date.now();
    await eventually('every R3 stream healthy again', 60_000, async () => {
      const listing = await listAllStreams(conn);
      return R3.every((n) => listing.streams.find((s) => s.name === n)?.health === 'healthy') ? true : undefined;
    });
    console.log(`      healthy again ${Date.now() - recovered} ms after both restarted`);
  });
});
