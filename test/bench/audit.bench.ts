/**
 * Auditing a real server holding 10,000 streams with one durable consumer each (10,000 consumers):
 * the whole audit (collection, the stream rules on the live configs, the live rules) against bare
 * nats.js listing the same streams and consumers in the same run, with the same number of
 * consumer listings in flight (goal: ≤ 1.5×). Also the analysis alone over the collected inventory.
 */
import type { ConsumerInfo, JetStreamManager, NatsConnection, StreamInfo } from 'nats';
import { Connection, profileFromSettings } from '../../src/core/cluster';
import { auditConnection, auditInventory, collectInventory } from '../../src/core/cluster/audit';
import { startServer } from '../support/natsServer';
import { STREAMS, createStreams, interleaved } from './cluster.bench';
import { Bench, time } from './framework';

const IN_FLIGHT = 16;

async function createConsumers(nc: NatsConnection): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < STREAMS) {
      const stream = `S${String(next++).padStart(5, '0')}`;
      const config = { stream_name: stream, config: { durable_name: 'reader', ack_policy: 'explicit', deliver_policy: 'all' } };
      const reply = JSON.parse(new TextDecoder().decode((await nc.request(`$JS.API.CONSUMER.DURABLE.CREATE.${stream}.reader`, JSON.stringify(config), { timeout: 120_000 })).data)) as { error?: unknown };
      if (reply.error) throw new Error(`creating the consumer of ${stream}: ${JSON.stringify(reply.error)}`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}

/** Bare nats.js: every stream, then every stream's consumers, `IN_FLIGHT` consumer listings at a time. */
async function bareListing(jsm: JetStreamManager): Promise<{ streams: StreamInfo[]; consumers: ConsumerInfo[] }> {
  const streams: StreamInfo[] = [];
  for await (const si of jsm.streams.list()) streams.push(si);
  const consumers: ConsumerInfo[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < streams.length) {
      const name = streams[next++].config.name;
      for await (const ci of jsm.consumers.list(name)) consumers.push(ci);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { streams, consumers };
}

export async function run(bench: Bench): Promise<void> {
  const server = await startServer({ name: 'bench-audit' });
  let conn: Connection | undefined;
  try {
    const { connect } = await import('nats');
    const setup = await connect({ servers: server.url });
    const created = Date.now();
    await createStreams(setup);
    await createConsumers(setup);
    await setup.close();
    console.error(`# audit: created ${STREAMS} streams and ${STREAMS} consumers in ${Date.now() - created} ms`);

    conn = await Connection.open(profileFromSettings({ name: 'bench', url: server.url }, 0), { timeoutMs: 10_000, requestTimeoutMs: 30_000 });
    const c = conn;
    const jsm = await c.nats.jetstreamManager();
    let audited = { streams: 0, consumers: 0, findings: 0 };
    let listed = { streams: 0, consumers: 0 };
    const result = await interleaved(
      async () => {
        const r = await auditConnection(c, { concurrency: IN_FLIGHT, timeoutMs: 30_000 });
        audited = { streams: r.inventory.streams.length, consumers: r.inventory.consumers.length, findings: r.findings.length };
      },
      async () => {
        const r = await bareListing(jsm);
        listed = { streams: r.streams.length, consumers: r.consumers.length };
      },
      3,
    );
    if (audited.streams !== STREAMS || audited.consumers !== STREAMS || listed.streams !== STREAMS || listed.consumers !== STREAMS) {
      throw new Error(`audited ${JSON.stringify(audited)}, listed ${JSON.stringify(listed)}`);
    }
    console.error(`# audit: ${audited.findings} findings on ${audited.streams} streams and ${audited.consumers} consumers`);
    bench.report('audit: 10,000 streams and 10,000 consumers on one server (audit vs bare nats.js listing them, goal ≤ 1.5)', result.a.wall, 'ms', result.b.wall);
    bench.report('audit: client CPU for the same (audit vs bare nats.js listing)', result.a.cpu, 'ms', result.b.cpu);

    const inventory = await collectInventory(c, { concurrency: IN_FLIGHT, timeoutMs: 30_000 });
    const analysis = await time(() => auditInventory(inventory), 3, 1);
    bench.report('audit: the rules alone over the inventory of 10,000 streams and 10,000 consumers (vs the whole bare listing)', analysis.median, 'ms', result.b.wall);
  } finally {
    await conn?.close();
    await server.stop();
  }
}
