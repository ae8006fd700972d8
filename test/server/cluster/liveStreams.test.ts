/**
 * The live refresh of a connection's streams against real servers: one STREAM.INFO request per
 * changed stream after a burst of advisories (counted by a second client subscribed to the API
 * subjects), deletions without a request, polling where advisories are denied, and on a 3-node
 * cluster a killed node shown within 10 s: R1 unavailable naming its server, R3 degraded.
 */
import * as assert from 'node:assert/strict';
import { NatsConnection, connect } from 'nats';
import { Connection, LiveStreams, LiveStreamsSink, StreamSummary, apply, knownStreamNames } from '../../../src/core/cluster';
import { StreamListModel } from '../../../src/explorer/connections/streamListModel';
import { Cluster, NatsServer, startCluster, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, addMemoryStreams, eventually, profile, watchUnhandledRejections } from './helpers';

/** Counts the STREAM.INFO requests the account's clients send (a subscriber sees them as the server does). */
async function infoCounter(url: string, user: string): Promise<{ count(): number; reset(): void; close(): Promise<void> }> {
  const nc: NatsConnection = await connect({ servers: url, user, pass: user });
  let n = 0;
  const sub = nc.subscribe('$JS.API.STREAM.INFO.*', { callback: () => n++ });
  await nc.flush();
  return { count: () => n, reset: () => (n = 0), close: async () => (sub.unsubscribe(), await nc.close()) };
}

async function listed(conn: Connection): Promise<StreamListModel> {
  const model = new StreamListModel(conn);
  await model.done;
  assert.equal(model.state, 'done', model.failure?.message);
  return model;
}

describe('cluster: live refresh of the streams', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  afterEach(() => rejections.check());
  after(() => rejections.stop());

  describe('on one server', () => {
    let server: NatsServer;
    let conn: Connection;
    let counter: Awaited<ReturnType<typeof infoCounter>>;
    const live: LiveStreams[] = [];

    before(async () => {
      server = await startServer({
        extraConfig: [
          'accounts {',
          '  SYS { users: [{ user: sys, password: sys }] }',
          '  A { jetstream: enabled, users: [{ user: a, password: a }, { user: quiet, password: quiet, permissions: { subscribe: { deny: ["$JS.EVENT.>"] } } }] }',
          '}',
          'system_account: SYS',
        ].join('\n'),
      });
      conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
      for (let i = 0; i < 40; i++) {
        const r = await apply(conn, { name: `S${String(i).padStart(2, '0')}`, subjects: [`s${i}.>`], storage: 'memory' });
        assert.ok(r.ok);
      }
      counter = await infoCounter(server.url, 'a');
    });
    after(async () => {
      for (const l of live) l.stop();
      await counter?.close();
      await conn?.close();
      await server?.stop();
    });

    it('asks once per changed stream after a burst of advisories, and not at all for a deleted one', async () => {
      const model = await listed(conn);
      const l = new LiveStreams(conn, model, { pollMs: 0, debounceMs: 150 });
      live.push(l);
      await l.start();
      assert.equal(l.advisoryState, 'subscribed');
      counter.reset();
      // 10 streams updated 3 times each (30 UPDATED advisories), 2 deleted, 1 created.
      const changed = Array.from({ length: 10 }, (_, i) => `S${String(i).padStart(2, '0')}`);
      for (let round = 0; round < 3; round++) {
        await Promise.all(changed.map((name, i) => apply(conn, { name, subjects: [`s${i}.>`], storage: 'memory', description: `round ${round}` })));
      }
      await conn.request('$JS.API.STREAM.DELETE.S38', '');
      await conn.request('$JS.API.STREAM.DELETE.S39', '');
      assert.ok((await apply(conn, { name: 'NEW', subjects: ['new.>'], storage: 'memory' })).ok);
      await eventually('the burst acted on', 10_000, async () => {
        await l.settled();
        return model.stream('NEW') && !model.stream('S39') && model.stream('S09')?.description === 'round 2' ? true : undefined;
      });
      // `apply` itself asks for each stream's info before updating it: those are its requests, not the tree's.
      assert.equal(l.infoRequests, changed.length + 1, 'one request per changed stream (10 updated, 1 created), none for the 2 deleted');
      assert.ok(l.flushes <= 3, `the advisories came in ${l.flushes} bursts`);
      assert.deepEqual(model.streams.map((s) => s.name).filter((n) => n.startsWith('S3')), ['S30', 'S31', 'S32', 'S33', 'S34', 'S35', 'S36', 'S37']);
      assert.ok(model.streams.findIndex((s) => s.name === 'NEW') < model.streams.findIndex((s) => s.name === 'S00'), 'a new stream takes its place in name order');
      // The names a listing falls back on when the server cannot list: the stream that arrived by advisory too, not the deleted ones.
      const known = knownStreamNames(conn);
      assert.ok(known.includes('NEW') && !known.includes('S38') && !known.includes('S39') && known.includes('S00'), known.join(' '));
      console.log(`      ${l.infoRequests} STREAM.INFO requests by the live refresh for 11 changed streams (${counter.count()} in all, with apply's own)`);
      l.stop();
    });

    it('counts the requests on the wire: one per changed stream', async () => {
      const model = await listed(conn);
      const l = new LiveStreams(conn, model, { pollMs: 0, debounceMs: 150 });
      live.push(l);
      await l.start();
      counter.reset();
      for (let i = 0; i < 20; i++) l.changed(`S${String(i % 10).padStart(2, '0')}`, i % 2 ? 'leader-elected' : 'updated');
      await l.settled();
      await conn.nats.flush();
      await eventually('the counter saw the requests', 2000, async () => (counter.count() >= 10 ? true : undefined));
      assert.equal(counter.count(), 10, '20 advisories for 10 streams: 10 requests');
      l.stop();
      // More changed streams than `listAbove`: one paged listing instead.
      const many = new LiveStreams(conn, model, { pollMs: 0, debounceMs: 150, listAbove: 5 });
      live.push(many);
      await many.start();
      counter.reset();
      for (let i = 0; i < 10; i++) many.changed(`S${String(i).padStart(2, '0')}`);
      await many.settled();
      await conn.nats.flush();
      assert.deepEqual([many.infoRequests, many.listRequests, counter.count()], [0, 1, 0]);
      many.stop();
    });

    it('finds a stream created between the listing and the subscription (no advisory heard): the first poll lists everything', async () => {
      const model = await listed(conn);
      // Created after the listing, before the live refresh listens: its advisory is never heard.
      assert.ok((await apply(conn, { name: 'GAP', subjects: ['gap.>'], storage: 'memory' })).ok);
      assert.equal(model.stream('GAP'), undefined);
      const l = new LiveStreams(conn, model, { pollMs: 60_000 });
      live.push(l);
      await l.start();
      assert.equal(l.advisoryState, 'subscribed');
      await eventually('the stream found without an advisory', 5000, async () => (model.stream('GAP') ? true : undefined));
      assert.equal(l.listRequests + l.polls >= 1, true);
      l.stop();
      await conn.request('$JS.API.STREAM.DELETE.GAP', '');
    });

    it('lets a stream deleted unheard (advisories off) leave only once STREAM.NAMES confirms the 10059, and says why', async () => {
      assert.ok((await apply(conn, { name: 'UNHEARD', subjects: ['unheard.>'], storage: 'memory' })).ok);
      const model = await listed(conn);
      assert.ok(model.stream('UNHEARD'));
      await conn.request('$JS.API.STREAM.DELETE.UNHEARD', '');
      const notes: string[] = [];
      const l = new LiveStreams(conn, model, { pollMs: 200, advisories: false, onNote: (n) => notes.push(n) });
      live.push(l);
      counter.reset();
      await l.start();
      await eventually('the deleted stream gone', 5000, async () => (model.stream('UNHEARD') ? undefined : true));
      l.stop();
      assert.ok(counter.count() >= 1, 'its absence from the listing was checked with a STREAM.INFO');
      assert.ok(notes.includes('left the view: UNHEARD (not found, and STREAM.NAMES no longer names it)'), notes.join('\n'));
      assert.ok(model.stream('S00'), 'the others stay');
    });

    it('notes a stream leaving on its deletion advisory', async () => {
      assert.ok((await apply(conn, { name: 'HEARD', subjects: ['heard.>'], storage: 'memory' })).ok);
      const model = await listed(conn);
      const notes: string[] = [];
      const l = new LiveStreams(conn, model, { pollMs: 0, debounceMs: 50, onNote: (n) => notes.push(n) });
      live.push(l);
      await l.start();
      await conn.request('$JS.API.STREAM.DELETE.HEARD', '');
      await eventually('the deleted stream gone', 5000, async () => (await l.settled(), model.stream('HEARD') ? undefined : true));
      l.stop();
      assert.ok(notes.includes('left the view: HEARD (deleted (its STREAM.DELETED advisory))'), notes.join('\n'));
    });

    it('polls where the user may not subscribe to advisories', async () => {
      const quiet = await Connection.open(profile('quiet', server.url, { user: 'quiet' }), { secret: 'quiet' });
      try {
        const model = await listed(quiet);
        const l = new LiveStreams(quiet, model, { pollMs: 300 });
        live.push(l);
        await l.start();
        await eventually('advisories denied', 5000, async () => (l.advisoryState === 'denied' ? true : undefined));
        assert.ok((await apply(conn, { name: 'S20', subjects: ['s20.>'], storage: 'memory', description: 'polled' })).ok);
        await eventually('the poll shows the change', 5000, async () => (model.stream('S20')?.description === 'polled' ? true : undefined));
        assert.ok(l.polls >= 1);
        l.stop();
      } finally {
        await quiet.close();
      }
    });
  });

  describe('a look that started before a deletion advisory', () => {
    let server: NatsServer;
    let conn: Connection;
    let live: LiveStreams | undefined;
    const COUNT = 600;

    before(async () => {
      server = await startServer({ name: 'late-look' });
      await addMemoryStreams(server.url, COUNT, 'L');
      conn = await Connection.open(profile('late', server.url));
    });
    after(async () => {
      live?.stop();
      await conn?.close();
      await server?.stop();
    });

    it('does not bring back a stream deleted while its listing was on the way', async () => {
      const model = await listed(conn);
      // A deletion advisory (as `changed` takes it) is heard just after the first poll's listing
      // (600 streams, 3 pages) was asked for; the listing still names the stream.
      let heard = false;
      const sink: LiveStreamsSink = {
        names: () => {
          if (!heard) {
            heard = true;
            setImmediate(() => live?.changed('L0300', 'deleted'));
          }
          return model.names();
        },
        see: (sightings) => model.see(sightings),
      };
      live = new LiveStreams(conn, sink, { pollMs: 60_000, debounceMs: 0 });
      await live.start();
      await eventually('the poll done', 10_000, async () => (live!.polls >= 1 ? true : undefined));
      await live.settled();
      assert.ok(heard);
      assert.equal(model.stream('L0300'), undefined, 'the listing, older than the deletion, did not bring it back');
      assert.ok(model.stream('L0299') && model.stream('L0301'));
    });
  });

  describe('on a 3-node cluster with a node killed', () => {
    let cluster: Cluster;
    let conn: Connection;
    let live: LiveStreams | undefined;

    before(async () => {
      cluster = await startCluster({ extraConfig: ACCOUNTS_CONFIG, tags: [['az:1'], ['az:2'], ['az:3']] });
      conn = await Connection.open(profile('a', cluster.urls[0], { user: 'a' }), { secret: 'a' });
    });
    after(async () => {
      live?.stop();
      await conn?.close();
      await cluster?.stop();
    });

    it('shows a new R3 leader within 10 s, then the R1 stream unavailable naming its server and the R3 stream degraded', async () => {
      const attached = conn.server?.name;
      const victimIndex = cluster.servers.findIndex((s) => s.name !== attached);
      const victim = cluster.servers[victimIndex];
      await eventually('R3 stream created', 20_000, async () => {
        const r = await apply(conn, { name: 'R3S', subjects: ['r3.>'], num_replicas: 3, storage: 'file' });
        if (!r.ok) throw new Error(r.error.message);
        return true;
      });
      const r1 = await apply(conn, { name: 'R1S', subjects: ['r1.>'], num_replicas: 1, storage: 'file', placement: { tags: [`az:${victimIndex + 1}`] } });
      assert.ok(r1.ok, r1.ok ? '' : r1.error.message);
      // A stream just created may be listed before its leader is elected: list until it names one.
      const model = await eventually('R1S listed with its leader', 10_000, async () => {
        const m = await listed(conn);
        return m.stream('R1S')?.leader ? m : undefined;
      });
      assert.equal(model.stream('R1S')?.leader, victim.name);
      const notes: string[] = [];
      live = new LiveStreams(conn, model, { pollMs: 1000, timeoutMs: 1500, onNote: (n) => notes.push(n) });
      await live.start();
      await victim.kill();
      const killed = Date.now();
      // From the kill on, the R1 stream must never leave the view (no deletion advisory, no confirmed 10059).
      const absences: number[] = [];
      const sampler = setInterval(() => model.stream('R1S') || absences.push(Date.now() - killed), 50);
      // The deadline: a new leader (or none) for the killed leader's stream within 10 s.
      await eventually('the R3 stream led by another server (or by none)', 10_000, async () => {
        const b = model.stream('R3S');
        return b && b.leader !== victim.name ? true : undefined;
      });
      console.log(`      node ${victim.name} killed: new R3 leader shown after ${Date.now() - killed} ms`);
      // Then what no advisory tells: the R1 stream unavailable, the R3 stream degraded (a follower unheard for 4 s).
      const seen = await eventually('the kill shown', 20_000, async () => {
        const a = model.stream('R1S');
        const b = model.stream('R3S');
        return a?.health === 'unavailable' && b?.health === 'degraded' ? { a, b } : undefined;
      });
      console.log(`      node ${victim.name} killed: shown after ${Date.now() - killed} ms`);
      const r1s: StreamSummary = seen.a;
      assert.match(r1s.healthReason, new RegExp(`^unavailable: its only replica is on server ${victim.name}`));
      assert.match(seen.b.healthReason, /^survives no further failure: leader /);
      assert.notEqual(seen.b.leader, victim.name);
      // And it stays so, poll after poll (one a second while a stream is unavailable), also through
      // full listings that leave it out or time out.
      const polls = live.polls;
      await new Promise((r) => setTimeout(r, 8000));
      clearInterval(sampler);
      assert.ok(live.polls >= polls + 3, `${live.polls - polls} polls in 8 s`);
      assert.deepEqual(absences.slice(0, 5), [], `the R1 stream left the view after the kill; notes: ${notes.join(' | ')}`);
      assert.match(model.stream('R1S')?.healthReason ?? '', new RegExp(`^unavailable: its only replica is on server ${victim.name}`));
      assert.equal(notes.filter((n) => n.startsWith('left the view')).length, 0, notes.join(' | '));
      console.log(`      the R1 stream stayed unavailable through ${live.polls - polls} more polls`);
      live.stop();
      // A Refresh (a new listing) shows it too: listed by name, and unavailable where it was shown before.
      const refreshed = new StreamListModel(conn, { placements: model.placements() });
      await refreshed.done;
      assert.equal(refreshed.state, 'done', refreshed.failure?.message);
      assert.match(refreshed.stream('R1S')?.healthReason ?? '(not listed)', new RegExp(`^unavailable: its only replica is on server ${victim.name}`));
      assert.equal(refreshed.stream('R3S')?.health, 'degraded');
    });
  });
});
