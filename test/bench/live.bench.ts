/**
 * The live tree's refresh of 1,000 visible streams after a burst of advisories: every stream
 * updated twice in a row (2,000 real UPDATED advisories from the server), then the STREAM.INFO requests the
 * refresh sent, counted on the wire by a second client subscribed to the API subjects (the goal: no
 * more than one per changed stream; so many changed streams are refreshed by one paged listing),
 * and the time from the last update to a settled model, against the time of one full listing of the
 * same streams (the baseline: what a Refresh click costs). Then the same with listing turned off:
 * exactly one STREAM.INFO per changed stream.
 */
import { StorageType, connect } from 'nats';
import { Connection, LiveStreams, listAllStreams, profileFromSettings } from '../../src/core/cluster';
import { StreamListModel } from '../../src/explorer/connections/streamListModel';
import { startServer } from '../support/natsServer';
import { Bench } from './framework';

const VISIBLE = 1000;
const name = (i: number): string => `LIVE${String(i).padStart(4, '0')}`;

export async function run(bench: Bench): Promise<void> {
  const server = await startServer({ name: 'bench-live' });
  let conn: Connection | undefined;
  const setup = await connect({ servers: server.url });
  let live: LiveStreams | undefined;
  try {
    const jsm = await setup.jetstreamManager();
    for (let i = 0; i < VISIBLE; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, VISIBLE - i) }, (_, j) => jsm.streams.add({ name: name(i + j), subjects: [`live.${i + j}`], storage: StorageType.Memory })));
    }
    conn = await Connection.open(profileFromSettings({ name: 'bench', url: server.url }, 0), { timeoutMs: 10_000, requestTimeoutMs: 30_000 });
    const model = new StreamListModel(conn);
    await model.done;
    if (model.streams.length !== VISIBLE) throw new Error(`listed ${model.streams.length} streams`);
    live = new LiveStreams(conn, model, { pollMs: 0 });
    await live.start();
    if (live.advisoryState !== 'subscribed') throw new Error(`advisories ${live.advisoryState}`);

    let onWire = 0;
    const counter = setup.subscribe('$JS.API.STREAM.INFO.*', { callback: () => onWire++ });
    const listCounter = setup.subscribe('$JS.API.STREAM.LIST', { callback: () => onWire++ });
    await setup.flush();
    // The burst: each stream updated twice in a row, 100 streams at a time, by raw API requests (no info requests of their own).
    const before = onWire;
    const update = (i: number, round: number): Promise<unknown> =>
      setup.request(`$JS.API.STREAM.UPDATE.${name(i)}`, JSON.stringify({ name: name(i), subjects: [`live.${i}`], storage: 'memory', description: `round ${round}` }));
    const burstStart = performance.now();
    for (let i = 0; i < VISIBLE; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, VISIBLE - i) }, async (_, j) => (await update(i + j, 0), await update(i + j, 1))));
    }
    const lastUpdate = performance.now();
    console.error(`# live tree: the burst of 2,000 updates took ${Math.round(lastUpdate - burstStart)} ms`);
    // Settled: every stream shows its last update (advisories still in flight join the burst).
    const stale = (): number => model.streams.filter((s) => s.description !== 'round 1').length;
    for (const deadline = Date.now() + 10_000; stale() && Date.now() < deadline; ) {
      await live.settled();
      if (stale()) await new Promise((r) => setTimeout(r, 10));
    }
    const settledMs = performance.now() - lastUpdate;
    await live.settled();
    await setup.flush();
    counter.unsubscribe();
    listCounter.unsubscribe();
    if (stale()) throw new Error(`${stale()} streams not refreshed`);
    const requests = onWire - before;

    const listStart = performance.now();
    await listAllStreams(conn);
    const listMs = performance.now() - listStart;

    bench.report('live tree: requests per changed stream after a burst of 2,000 advisories on 1,000 visible streams (goal ≤ 1)', requests / VISIBLE, 'requests', 1);
    bench.report('live tree: from the last update to 1,000 refreshed streams, with the 250 ms quiet time that ends a burst (vs one full listing)', settledMs, 'ms', listMs);
    console.error(`# live tree: ${requests} STREAM.INFO / STREAM.LIST requests on the wire (the refresher counted ${live.infoRequests} info, ${live.listRequests} list) in ${live.flushes} bursts for ${VISIBLE} streams updated twice`);

    // The same burst refreshed stream by stream (no listing however many changed): the worst case of one request each.
    live.stop();
    live = new LiveStreams(conn, model, { pollMs: 0, listAbove: Infinity });
    await live.start();
    const startEach = performance.now();
    for (let i = 0; i < VISIBLE; i++) live.changed(name(i));
    await live.settled();
    bench.report('live tree: 1,000 changed streams refreshed one STREAM.INFO each (listAbove off; vs one full listing)', performance.now() - startEach, 'ms', listMs);
    console.error(`# live tree: ${live.infoRequests} STREAM.INFO requests for ${VISIBLE} changed streams with listing off`);
  } finally {
    live?.stop();
    await conn?.close();
    await setup.close();
    await server.stop();
  }
}
