/**
 * The failure drill proven against reality on a 3 × 3 super-cluster (east, west, central): streams
 * are placed (R1 file and R1 memory on one server, R3 in east, its mirror in west, R3 in west, a KV
 * bucket in central), the drill predicts losing one server, then region east, then east and west;
 * then those servers are killed and every prediction is checked with real requests: a publish that
 * gets its ack, a message read from the mirror, a stream create that needs the meta group. Last,
 * the servers come back and each stream's data is counted against the drill's `data` (outage mode),
 * and one server, then the whole of region east, come back without their disks (loss mode).
 * Every prediction must match; the test prints the table of prediction against reality.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JetStreamClient, JetStreamManager, NatsConnection, StorageType, StreamConfig, connect } from 'nats';
import { main } from '../../../src/cli';
import { Connection, DrillResult, DrillTopology, drillJson, readDrillTopology, readableFrom, runDrill } from '../../../src/core/cluster';
import { sleep, waitForSharedMetaLeader } from '../../support/natsServer';
import { SuperCluster, startSuperCluster } from '../../support/superCluster';
import { profile } from './helpers';

interface Asset {
  stream: string;
  config: Partial<StreamConfig>;
  /** Where a write goes; none for a mirror (it is read instead). */
  subject?: string;
}

const MESSAGES = 5;
/** How long a probe keeps trying before the asset counts as unavailable: elections take up to ~12 s here. */
const PROBE_MS = 25_000;

const ASSETS: Asset[] = [
  { stream: 'ORDERS', subject: 'orders.new', config: { subjects: ['orders.>'], num_replicas: 3, storage: StorageType.File, placement: { cluster: 'east', tags: [] } } },
  { stream: 'AUDIT', subject: 'audit.entry', config: { subjects: ['audit.>'], num_replicas: 1, storage: StorageType.File, placement: { cluster: 'east', tags: ['server:east-n1'] } } },
  { stream: 'CACHE', subject: 'cache.entry', config: { subjects: ['cache.>'], num_replicas: 1, storage: StorageType.Memory, placement: { cluster: 'east', tags: ['server:east-n1'] } } },
  { stream: 'ORDERS_DR', config: { mirror: { name: 'ORDERS' }, num_replicas: 3, storage: StorageType.File, placement: { cluster: 'west', tags: [] } } },
  { stream: 'EVENTS', subject: 'events.x', config: { subjects: ['events.>'], num_replicas: 3, storage: StorageType.File, placement: { cluster: 'west', tags: [] } } },
  {
    stream: 'KV_config',
    subject: '$KV.config.key',
    config: { subjects: ['$KV.config.>'], num_replicas: 3, storage: StorageType.File, max_msgs_per_subject: 10, allow_rollup_hdrs: true, deny_delete: true, allow_direct: true, placement: { cluster: 'central', tags: [] } },
  },
];

interface Reality {
  available: Map<string, boolean>;
  meta: boolean;
}

const rows: string[][] = [];
function record(phase: string, what: string, predicted: string, real: string): void {
  rows.push([phase, what, predicted, real, predicted === real ? 'ok' : 'MISMATCH']);
}

function printTable(): void {
  const header = ['PHASE', 'ASSET / CHECK', 'PREDICTED', 'REALITY', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => `      ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`;
  console.log(['', line(header), ...rows.map(line), ''].join('\n'));
}

/** Tries `attempt` until it succeeds or `ms` pass; true when it succeeded. */
async function succeedsWithin(ms: number, attempt: () => Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await attempt();
      return true;
    } catch {
      await sleep(500);
    }
  }
  return false;
}

describe('failure drill: predictions against reality on a 3×3 super-cluster', function () {
  this.timeout(600_000);
  let sc: SuperCluster;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let topology: DrillTopology;
  const acked = new Map<string, number>();
  let probes = 0;

  before(async () => {
    sc = await startSuperCluster({ serverTags: true });
    console.log(`      super-cluster of 9 servers: ${(sc.rssBytes() / 2 ** 20).toFixed(0)} MiB resident`);
    // The test's client only talks to central, which is never taken away until the last phase (and then kept).
    nc = await connect({ servers: sc.region('central').servers.map((s) => s.url), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    jsm = await nc.jetstreamManager({ timeout: 5000 });
    js = nc.jetstream({ timeout: 3000 });
    for (const a of ASSETS) {
      const ok = await succeedsWithin(30_000, () => jsm.streams.add({ name: a.stream, ...a.config }));
      assert.ok(ok, `stream ${a.stream} created`);
    }
    for (const a of ASSETS.filter((x) => x.subject)) {
      for (let i = 0; i < MESSAGES; i++) await js.publish(a.subject as string, `m${i}`, { expect: { streamName: a.stream } });
      acked.set(a.stream, MESSAGES);
    }
    const mirrored = await succeedsWithin(30_000, async () => {
      const info = await jsm.streams.info('ORDERS_DR');
      if (info.state.messages < MESSAGES) throw new Error('not yet');
    });
    assert.ok(mirrored, 'the mirror in west holds the messages of ORDERS');
  });

  after(async () => {
    printTable();
    await nc?.close().catch(() => undefined);
    await sc?.stop();
  });

  it('reads the topology from a connection and the CLI prints the drill as JSON with its exit code', async () => {
    const central = sc.region('central');
    const conn = await Connection.open(profile('drill', central.url, { monitoringUrl: central.servers[0].monitorUrl }));
    try {
      const live = await readDrillTopology(conn);
      topology = live.topology;
    } finally {
      await conn.close();
    }
    assert.deepEqual(topology.servers.map((s) => s.name).sort(), sc.servers.map((s) => s.name).sort(), 'every server, from where the replicas live');
    assert.equal(topology.metaGroupSize, 9);
    const east = topology.streams.find((s) => s.name === 'AUDIT');
    assert.deepEqual(east?.peers, ['east-n1']);

    let out = '';
    let err = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: process.cwd() };
    const code = await main(['drill', '--server', central.url, '--monitoring', central.servers[0].monitorUrl, '--lose-cluster', 'east', '--format', 'json'], io);
    assert.equal(code, 1, `exit 1: an asset becomes unavailable\n${err}`);
    assert.deepEqual(JSON.parse(out), drillJson(runDrill(topology, { clusters: ['east'] })));
    out = '';
    assert.equal(await main(['drill', '--server', central.url, '--monitoring', central.servers[0].monitorUrl, '--lose', 'central-n1'], io), 0, out);
    assert.match(out, /Meta group keeps its quorum/);
    assert.equal(await main(['drill', '--server', central.url, '--lose', 'mars-n1'], io), 2, 'an unknown server is a usage error');
    assert.equal(await main(['drill', '--server', 'nats://127.0.0.1:1', '--lose', 'x', '--timeout', '1000'], io), 2, 'no connection');
  });

  /** Probes every asset and the meta group at once, after `killed` went down. */
  async function probeReality(phase: string): Promise<Reality> {
    const available = new Map<string, boolean>();
    await Promise.all([
      ...ASSETS.map(async (a) => {
        const ok = await succeedsWithin(PROBE_MS, async () => {
          if (a.subject) {
            await js.publish(a.subject, `${phase}`, { expect: { streamName: a.stream }, timeout: 2000 });
            acked.set(a.stream, (acked.get(a.stream) ?? 0) + 1);
          } else {
            const m = await jsm.streams.getMessage(a.stream, { seq: 1 });
            assert.match(m.subject, /^orders\./);
          }
        });
        available.set(a.stream, ok);
      }),
    ]);
    // The meta group: creating a stream needs it (placed in central, which is up in every phase).
    const name = `PROBE_${phase}`;
    const meta = await succeedsWithin(PROBE_MS, () => jsm.streams.add({ name, subjects: [`probe.${phase}`], num_replicas: 1, storage: StorageType.Memory, placement: { cluster: 'central', tags: [] } }));
    if (meta) await jsm.streams.delete(name).catch(() => undefined);
    probes++;
    return { available, meta };
  }

  function compare(phase: string, predicted: DrillResult, real: Reality): void {
    for (const a of predicted.assets) {
      record(phase, `${a.kind} ${a.name} available`, String(a.available), String(real.available.get(a.stream)));
      const where = readableFrom(a);
      if (where.length) record(phase, `${a.kind} ${a.name} readable from`, where.join(','), where.filter((w) => real.available.get(w.replace(/ \(origin\)$/, ''))).join(','));
    }
    record(phase, 'meta group (stream create)', String(predicted.meta.available), String(real.meta));
  }

  function mismatches(phase: string): string[] {
    return rows.filter((r) => r[0] === phase && r[4] !== 'ok').map((r) => r.join(' | '));
  }

  const predictions = new Map<string, DrillResult>();

  it('losing server east-n1: R1 streams on it stop, R3 streams and the meta group go on', async () => {
    assert.ok(topology, 'the topology was read');
    const predicted = runDrill(topology, { servers: ['east-n1'] }, 'outage');
    assert.equal(predicted.assets.find((a) => a.stream === 'AUDIT')?.available, false);
    await sc.server('east-n1').kill();
    compare('east-n1', predicted, await probeReality('one'));
    assert.deepEqual(mismatches('east-n1'), []);
  });

  it('losing region east: every stream placed there stops, its mirror in west is readable, the meta group (6 of 9) goes on', async () => {
    const predicted = runDrill(topology, { clusters: ['east'] }, 'outage');
    assert.deepEqual(predicted.assets.find((a) => a.stream === 'ORDERS')?.copies, ['ORDERS_DR']);
    await Promise.all(sc.region('east').servers.map((s) => s.kill()));
    compare('region east', predicted, await probeReality('two'));
    assert.deepEqual(mismatches('region east'), []);
  });

  it('losing regions east and west: the meta group (3 of 9) refuses stream creates, the bucket in central still takes writes; after the outage the data is as predicted', async () => {
    const predicted = runDrill(topology, { clusters: ['east', 'west'] }, 'outage');
    predictions.set('outage', predicted);
    assert.equal(predicted.meta.available, false);
    await Promise.all(sc.region('west').servers.map((s) => s.kill()));
    compare('east+west', predicted, await probeReality('three'));
    assert.deepEqual(mismatches('east+west'), []);

    // The outage ends: the servers come back with their disks. File data is there; memory data
    // whose every replica was down is gone.
    await Promise.all([...sc.region('east').servers, ...sc.region('west').servers].map((s) => s.start()));
    await waitForSharedMetaLeader(sc.servers, 60_000, 250);
    for (const a of predicted.assets) {
      let messages = -1;
      await succeedsWithin(60_000, async () => {
        const info = await jsm.streams.info(a.stream);
        if (!info.cluster?.leader) throw new Error('no leader yet');
        messages = info.state.messages;
        // A mirror catches up after its origin's leader is back.
        if (a.stream === 'ORDERS_DR' && messages < MESSAGES) throw new Error('catching up');
      });
      const real = messages >= MESSAGES ? 'intact' : messages === 0 ? 'lost' : `partial (${messages})`;
      record('after outage', `${a.kind} ${a.name} data`, a.data, real);
    }
    assert.deepEqual(mismatches('after outage'), []);
    assert.equal(probes, 3);
  });

  /**
   * Loss mode: `servers` are killed, their JetStream folders deleted, and they come back empty;
   * then each asset's messages are counted against the drill's `data` for `phase`.
   */
  async function loseDisks(phase: string, predicted: DrillResult, servers: SuperCluster['servers']): Promise<void> {
    await Promise.all(servers.map((s) => s.kill()));
    for (const s of servers) fs.rmSync(path.join(s.dir, 'js'), { recursive: true, force: true });
    await Promise.all(servers.map((s) => s.start()));
    await waitForSharedMetaLeader(sc.servers, 60_000, 250);
    for (const a of predicted.assets) {
      let messages = -1;
      await succeedsWithin(60_000, async () => {
        const info = await jsm.streams.info(a.stream);
        if (!info.cluster?.leader) throw new Error('no leader yet');
        messages = info.state.messages;
      });
      const real = messages >= MESSAGES ? 'intact' : messages === 0 ? 'lost' : `partial (${messages})`;
      record(phase, `${a.kind} ${a.name} data`, a.data, real);
    }
    assert.deepEqual(mismatches(phase), []);
  }

  it('losing server east-n1 with its disk (loss mode): the R1 streams on it come back empty, the R3 stream keeps its messages', async () => {
    await loseDisks('east-n1 disk lost', runDrill(topology, { servers: ['east-n1'] }, 'loss'), [sc.server('east-n1')]);
  });

  it('losing region east with its disks (loss mode): every stream placed there comes back empty, its mirror in west and the other regions keep their messages', async () => {
    const predicted = runDrill(topology, { clusters: ['east'] }, 'loss');
    assert.deepEqual(
      predicted.assets.filter((a) => a.data === 'lost').map((a) => a.stream).sort(),
      ['AUDIT', 'CACHE', 'ORDERS'],
    );
    // (The R1 streams on east-n1 were emptied by the loss before: what they hold now is what this loss left.)
    await loseDisks('region east disks lost', predicted, sc.region('east').servers);
  });
});
