/**
 * The explorer's stream listing on a real server holding 10,000 streams: time to the first page and
 * to the full list through the cluster core, against bare nats.js `jsm.streams.list()` in the same
 * run, and the heap the listing result holds (measured after a forced GC, both for the core's
 * summaries and for nats.js's raw StreamInfo objects).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { JetStreamManager, NatsConnection, StreamInfo } from 'nats';
import { Connection, listAllStreams, listStreams, profileFromSettings } from '../../src/core/cluster';
import { startServer } from '../support/natsServer';
import { Bench } from './framework';

export const STREAMS = 10_000;
/** Creation requests in flight: more only queue in the server (each create takes longer as streams accumulate). */
const IN_FLIGHT = 20;

export function forceGc(): () => void {
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc') as () => void;
}

export async function createStreams(nc: NatsConnection): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < STREAMS) {
      const i = next++;
      const name = `S${String(i).padStart(5, '0')}`;
      const config = { name, subjects: [`bench.${i}`], storage: 'memory', num_replicas: 1, max_msgs: 1, max_bytes: 1024 };
      const reply = JSON.parse(new TextDecoder().decode((await nc.request(`$JS.API.STREAM.CREATE.${name}`, JSON.stringify(config), { timeout: 120_000 })).data)) as { error?: unknown };
      if (reply.error) throw new Error(`creating ${name}: ${JSON.stringify(reply.error)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function bareList(jsm: JetStreamManager): Promise<StreamInfo[]> {
  const all: StreamInfo[] = [];
  for await (const si of jsm.streams.list()) all.push(si);
  return all;
}

interface Sample {
  /** Median wall time, ms. */
  wall: number;
  /** Median CPU time of this process (user + system), ms. */
  cpu: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `a` and `b` alternately (one warm-up round, then `rounds`), so that both meet the same
 * machine load, and returns the median wall and CPU time of each.
 */
export async function interleaved(a: () => Promise<unknown>, b: () => Promise<unknown>, rounds: number): Promise<{ a: Sample; b: Sample }> {
  const runs = { a: { wall: [] as number[], cpu: [] as number[] }, b: { wall: [] as number[], cpu: [] as number[] } };
  for (let round = -1; round < rounds; round++) {
    for (const [key, fn] of [['a', a], ['b', b]] as const) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      await fn();
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      const used = process.cpuUsage(cpu);
      if (round >= 0) {
        runs[key].wall.push(wall);
        runs[key].cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  return {
    a: { wall: median(runs.a.wall), cpu: median(runs.a.cpu) },
    b: { wall: median(runs.b.wall), cpu: median(runs.b.cpu) },
  };
}

export async function heldBytes(gc: () => void, make: () => Promise<unknown[]>): Promise<{ bytes: number; count: number }> {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await make();
  gc();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  return { bytes, count: held.length };
}

export async function run(bench: Bench): Promise<void> {
  const gc = forceGc();
  const server = await startServer({ name: 'bench' });
  let conn: Connection | undefined;
  try {
    conn = await Connection.open(profileFromSettings({ name: 'bench', url: server.url }, 0), { timeoutMs: 10_000, requestTimeoutMs: 30_000 });
    const nc = conn.nats;
    // Creating happens on a plain connection: the server answers each create inline, slower as
    // streams accumulate, and the core's connection (pinging every second) would take that for a hang.
    const { connect } = await import('nats');
    const setup = await connect({ servers: server.url });
    const created = Date.now();
    await createStreams(setup);
    await setup.close();
    console.error(`# created ${STREAMS} memory streams in ${Date.now() - created} ms (${IN_FLIGHT} requests in flight)`);

    const c = conn;
    const jsm = await nc.jetstreamManager();
    const firstPage = await interleaved(
      async () => {
        for await (const page of listStreams(c)) {
          if (page.streams.length === 0) throw new Error('empty first page');
          break;
        }
      },
      async () => {
        if ((await jsm.streams.list().next()).length === 0) throw new Error('empty first page');
      },
      10,
    );
    bench.report('cluster: first page of 10,000 streams (core vs bare nats.js)', firstPage.a.wall, 'ms', firstPage.b.wall);

    const counts: number[] = [];
    const full = await interleaved(
      async () => counts.push((await listAllStreams(c)).streams.length),
      async () => counts.push((await bareList(jsm)).length),
      5,
    );
    if (counts.some((n) => n !== STREAMS)) throw new Error(`listed ${counts.join(', ')} streams, expected ${STREAMS} each time`);
    bench.report('cluster: full list of 10,000 streams (core vs bare nats.js)', full.a.wall, 'ms', full.b.wall);
    bench.report('cluster: client CPU for the full list of 10,000 streams (core vs bare nats.js)', full.a.cpu, 'ms', full.b.cpu);

    const core = await heldBytes(gc, async () => (await listAllStreams(c)).streams);
    const bare = await heldBytes(gc, () => bareList(jsm));
    if (core.count !== STREAMS || bare.count !== STREAMS) throw new Error('memory runs listed the wrong number of streams');
    bench.report('cluster: heap held by the listing of 10,000 streams (core summaries vs nats.js StreamInfo)', core.bytes / 1024 / 1024, 'MiB', bare.bytes / 1024 / 1024);
    console.error(`# listing memory: ${Math.round(core.bytes / STREAMS)} bytes per stream summary, ${Math.round(bare.bytes / STREAMS)} per nats.js StreamInfo (heap delta after forced GC)`);
  } finally {
    await conn?.close();
    await server.stop();
  }
}
