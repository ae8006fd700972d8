import * as assert from 'node:assert/strict';
import type { JetStreamManager } from 'nats';
import { ClusterError, Connection, StreamPage, apply, configOf, listAllStreams, listStreams, planApply, pullConfig, readTopology } from '../../../src/core/cluster';
import { NatsServer, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile, watchUnhandledRejections } from './helpers';

describe('cluster: streams, apply and pull on a real server', function () {
  this.timeout(60_000);
  const rejections = watchUnhandledRejections();
  let server: NatsServer;
  let conn: Connection;
  let jsm: JetStreamManager;

  before(async () => {
    server = await startServer({ extraConfig: `${ACCOUNTS_CONFIG}\nserver_tags: ["az:1", "ssd"]` });
    conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
    jsm = await conn.nats.jetstreamManager();
  });
  after(async () => {
    await conn?.close();
    await server?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  describe('listing', () => {
    const COUNT = 600;
    before(async () => {
      for (let i = 0; i < COUNT; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) =>
            jsm.streams.add({ name: `L${String(i + j).padStart(4, '0')}`, subjects: [`l.${i + j}`], storage: 'memory' as never, max_msgs: 10 }),
          ),
        );
      }
      await jsm.streams.add({ name: 'RICH', subjects: ['rich.>'], description: 'with data', max_msgs: 100 });
      const js = conn.nats.jetstream();
      for (let i = 0; i < 5; i++) await js.publish('rich.x', new TextEncoder().encode(`m${i}`));
      await jsm.consumers.add('RICH', { durable_name: 'c1', ack_policy: 'explicit' as never });
    });
    after(async () => {
      const names: string[] = [];
      for await (const n of jsm.streams.names()) names.push(n);
      await Promise.all(names.map((n) => jsm.streams.delete(n)));
    });

    it('yields the first page at once and the rest in order, every stream exactly once', async () => {
      const pages: StreamPage[] = [];
      for await (const page of listStreams(conn)) pages.push(page);
      assert.equal(pages[0].index, 0);
      assert.equal(pages[0].total, COUNT + 1);
      assert.equal(pages[0].streams.length, 256, 'the server sends 256 streams a page');
      assert.deepEqual(pages.map((p) => p.index), pages.map((_, i) => i));
      const names = pages.flatMap((p) => p.streams.map((s) => s.name));
      const expected: string[] = [];
      for await (const n of jsm.streams.names()) expected.push(n);
      assert.deepEqual([...names].sort(), expected.sort());
      assert.equal(new Set(names).size, names.length);
      assert.ok(pages.every((p) => p.source === 'list' && p.problems.length === 0));
    });

    it('describes each stream: subjects, storage, replicas, messages, bytes, consumers, health', async () => {
      const listing = await listAllStreams(conn, { subject: 'rich.x' });
      assert.equal(listing.streams.length, 1);
      const rich = listing.streams[0];
      assert.equal(rich.name, 'RICH');
      assert.equal(rich.description, 'with data');
      assert.deepEqual(rich.subjects, ['rich.>']);
      assert.equal(rich.storage, 'file');
      assert.equal(rich.replicas, 1);
      assert.equal(rich.messages, 5);
      assert.ok(rich.bytes > 0);
      assert.equal(rich.consumers, 1);
      assert.equal(rich.health, 'healthy');
      const mem = (await listAllStreams(conn, { subject: 'l.7' })).streams[0];
      assert.equal(mem.name, 'L0007');
      assert.equal(mem.storage, 'memory');
    });

    it('stops when cancelled after the first page, with a cancelled failure', async () => {
      const controller = new AbortController();
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const page of listStreams(conn, { signal: controller.signal })) {
            seen.push(page.index);
            controller.abort();
          }
        })(),
        (e: ClusterError) => e instanceof ClusterError && e.kind === 'cancelled',
      );
      assert.deepEqual(seen, [0]);
      await new Promise((r) => setTimeout(r, 200));
    });

    it('a consumer may stop early (break) without leaving requests behind', async () => {
      for await (const page of listStreams(conn, { concurrency: 3 })) {
        assert.equal(page.index, 0);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    });
  });

  describe('apply and pull', () => {
    afterEach(async () => {
      for (const name of ['ORDERS', 'OTHER', 'MIRROR']) await jsm.streams.delete(name).catch(() => undefined);
    });

    it('plans and creates a new stream, then finds nothing to change', async () => {
      const doc = { name: 'ORDERS', subjects: ['orders.>'], max_age: 3_600_000_000_000 };
      const plan = await planApply(conn, doc);
      assert.equal(plan.exists, false);
      assert.equal(plan.liveConfig, undefined);
      assert.deepEqual(plan.changes.map((c) => c.field), ['subjects', 'max_age']);
      assert.match(plan.diffText, /^new stream ORDERS/);
      const created = await apply(conn, doc);
      assert.ok(created.ok);
      assert.equal(created.action, 'created');
      assert.deepEqual(created.config.subjects, ['orders.>']);
      const again = await planApply(conn, doc);
      assert.equal(again.exists, true);
      assert.deepEqual(again.changes, [], again.diffText);
      assert.equal(again.diffText, 'no changes');
      const unchanged = await apply(conn, doc);
      assert.ok(unchanged.ok);
      assert.equal(unchanged.action, 'unchanged');
    });

    it('updates: the diff is field-level, and a field left out goes back to the default', async () => {
      assert.ok((await apply(conn, { name: 'ORDERS', subjects: ['orders.>'] })).ok);
      const plan = await planApply(conn, { name: 'ORDERS', subjects: ['orders.>'], max_msgs: 100, description: 'orders' });
      assert.equal(plan.diffText, 'description: (none) → "orders"\nmax_msgs: -1 → 100');
      const updated = await apply(conn, { name: 'ORDERS', subjects: ['orders.>'], max_msgs: 100, description: 'orders' });
      assert.ok(updated.ok && updated.action === 'updated');
      assert.equal((await jsm.streams.info('ORDERS')).config.max_msgs, 100);
      const back = await planApply(conn, { name: 'ORDERS', subjects: ['orders.>'] });
      assert.equal(back.diffText, 'description: "orders" → (none)\nmax_msgs: 100 → -1');
      assert.ok((await apply(conn, { name: 'ORDERS', subjects: ['orders.>'] })).ok);
      assert.equal((await jsm.streams.info('ORDERS')).config.max_msgs, -1, 'the file is the truth, not a merge');
    });

    it('returns server refusals with the JetStream code and the field to mark', async () => {
      assert.ok((await apply(conn, { name: 'OTHER', subjects: ['taken.>'] })).ok);
      assert.ok((await apply(conn, { name: 'ORDERS', subjects: ['orders.>'] })).ok);
      const cases: [Record<string, unknown>, number, string][] = [
        [{ name: 'NEW1', num_replicas: 3 }, 10074, 'num_replicas'],
        [{ name: 'NEW1', num_replicas: 6 }, 10052, 'num_replicas'],
        [{ name: 'NEW1', num_replicas: -1 }, 10133, 'num_replicas'],
        [{ name: 'NEW1', subjects: ['taken.x'] }, 10065, 'subjects'],
        [{ name: 'NEW1', mirror: { name: 'ORDERS' }, subjects: ['m.>'] }, 10034, 'subjects'],
        [{ name: 'NEW1', mirror: { name: 'ORDERS' }, sources: [{ name: 'OTHER' }] }, 10031, 'sources'],
        [{ name: 'NEW1', max_age: 50_000_000 }, 10052, 'max_age'],
        [{ name: 'NEW1', allow_rollup_hdrs: true, deny_purge: true }, 10052, 'allow_rollup_hdrs'],
        [{ name: 'ORDERS', subjects: ['orders.>'], storage: 'memory' }, 10052, 'storage'],
        [{ name: 'ORDERS', subjects: ['orders.>'], retention: 'workqueue' }, 10052, 'retention'],
      ];
      for (const [doc, errCode, field] of cases) {
        const result = await apply(conn, doc);
        assert.ok(!result.ok, `${JSON.stringify(doc)} should be refused`);
        assert.equal(result.error.kind, 'refused', JSON.stringify(doc));
        assert.equal(result.error.errCode, errCode, `${JSON.stringify(doc)}: ${result.error.message}`);
        assert.equal(result.error.field, field, JSON.stringify(doc));
        assert.ok(result.error.description && result.error.message.includes(result.error.description));
      }
    });

    it('refuses unusable documents before asking the server', async () => {
      for (const [doc, pattern] of [
        [{ subjects: ['x'] }, /no "name"/],
        [{ name: 'a.b' }, /may not contain/],
        [[1, 2], /must be a JSON object/],
      ] as const) {
        const result = await apply(conn, doc);
        assert.ok(!result.ok);
        assert.equal(result.error.kind, 'invalid');
        assert.match(result.error.message, pattern);
      }
      await assert.rejects(planApply(conn, { subjects: [] }), (e: Error & { error?: { field?: string } }) => e.error?.field === 'name');
    });

    it('stops with a conflict when the live stream changed since the plan', async () => {
      assert.ok((await apply(conn, { name: 'ORDERS', subjects: ['orders.>'] })).ok);
      const plan = await planApply(conn, { name: 'ORDERS', subjects: ['orders.>'], max_msgs: 5 });
      const info = await jsm.streams.info('ORDERS');
      await jsm.streams.update('ORDERS', { ...info.config, max_bytes: 1_000_000 });
      const result = await apply(conn, { name: 'ORDERS', subjects: ['orders.>'], max_msgs: 5 }, { expectedLive: plan.liveConfig });
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'conflict');
    });

    it('pulls a clean config that applies again with no diff (also as stream info JSON and short form)', async () => {
      const rich = {
        name: 'ORDERS',
        description: 'orders of the shop',
        subjects: ['orders.*', 'refunds.>'],
        retention: 'limits',
        max_msgs: 1000,
        max_bytes: 10_000_000,
        max_age: 86_400_000_000_000,
        max_msgs_per_subject: 10,
        discard: 'new',
        duplicate_window: 60_000_000_000,
        placement: { tags: ['ssd'] },
        allow_rollup_hdrs: true,
        deny_delete: true,
      };
      assert.ok((await apply(conn, rich)).ok);
      assert.ok((await apply(conn, { name: 'MIRROR', mirror: { name: 'ORDERS' } })).ok);
      for (const name of ['ORDERS', 'MIRROR']) {
        for (const omitDefaults of [false, true]) {
          const text = await pullConfig(conn, name, { omitDefaults });
          assert.ok(text.endsWith('}\n'));
          const pulled = JSON.parse(text) as Record<string, unknown>;
          assert.equal(Object.keys(pulled)[0], 'name');
          assert.ok(!('state' in pulled) && !('cluster' in pulled) && !('created' in pulled));
          const plan = await planApply(conn, pulled);
          assert.deepEqual(plan.changes, [], `${name} omitDefaults=${omitDefaults}: ${plan.diffText}`);
          const again = await apply(conn, pulled);
          assert.ok(again.ok && again.action === 'unchanged');
        }
      }
      const full = JSON.parse(await pullConfig(conn, 'ORDERS')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(full).slice(0, 4), ['name', 'description', 'subjects', 'retention']);
      const infoDoc = JSON.parse(JSON.stringify(await jsm.streams.info('ORDERS'))) as Record<string, unknown>;
      assert.deepEqual((await planApply(conn, infoDoc)).changes, [], 'a `nats stream info --json` document applies too');
      assert.equal(configOf(infoDoc)?.name, 'ORDERS');
      assert.equal(JSON.parse(await pullConfig(conn, 'ORDERS', { omitDefaults: true })).retention, undefined);
    });

    it('pulling a stream that does not exist says so with 10059', async () => {
      await assert.rejects(pullConfig(conn, 'NOPE'), (e: ClusterError) => e.failure.api?.errCode === 10059 && /stream not found/.test(e.message));
    });
  });

  describe('topology of a standalone server', () => {
    it('with system-account rights: known, not clustered, its tags', async () => {
      const sys = await Connection.open(profile('sys', server.url, { user: 'sys' }), { secret: 'sys' });
      try {
        const t = await readTopology(sys);
        assert.equal(t.known, true);
        assert.equal(t.clustered, false);
        assert.equal(t.tagsKnown, true);
        assert.ok(t.sources.includes('system-account'));
        assert.deepEqual(t.servers.map((s) => [s.name, s.tags, s.jetstream]), [['n1', ['az:1', 'ssd'], true]]);
        assert.deepEqual(t.clusters, []);
        assert.equal(t.jetstream.enabled, false, 'the system account has no JetStream');
      } finally {
        await sys.close();
      }
    });

    it('without: known to be standalone, tags unknown, says why; the monitoring URL fills in the tags', async () => {
      const t = await readTopology(conn);
      assert.equal(t.known, true);
      assert.equal(t.clustered, false);
      assert.equal(t.tagsKnown, false);
      assert.equal(t.jetstream.enabled, true);
      assert.ok(t.notes.some((n) => /not in the system account/.test(n)), t.notes.join('; '));
      const monitored = await readTopology(conn, { monitoringUrl: server.monitorUrl });
      assert.equal(monitored.tagsKnown, true);
      assert.ok(monitored.sources.includes('monitoring'));
      assert.deepEqual(monitored.servers[0].tags, ['az:1', 'ssd']);
      const unreachable = await readTopology(conn, { monitoringUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
      assert.ok(unreachable.notes.some((n) => /Monitoring endpoint unavailable: .*connection refused/.test(n)), unreachable.notes.join('; '));
    });
  });
});
