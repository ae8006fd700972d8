/**
 * The Connections tree's model of a connection's streams (`StreamListModel`, the part of the tree
 * that runs without VS Code) on a real server holding 10,000 streams: time to its first page and to
 * the full list against the core's `listAllStreams` in the same run, and the heap the model holds
 * (summaries and the name index) against the core listing's summaries alone. The stream nodes and
 * tree items VS Code keeps on top are made per redraw and not measured here.
 */
import { Connection, listAllStreams, listStreams, profileFromSettings } from '../../src/core/cluster';
import { StreamListModel } from '../../src/explorer/connections/streamListModel';
import { startServer } from '../support/natsServer';
import { STREAMS, createStreams, forceGc, heldBytes, interleaved, median } from './cluster.bench';
import { Bench } from './framework';

async function listedModel(conn: Connection): Promise<StreamListModel> {
  const model = new StreamListModel(conn);
  await model.done;
  if (model.state !== 'done' || model.streams.length !== STREAMS) throw new Error(`the model listed ${model.streams.length} streams (${model.state}: ${model.failure?.message ?? ''})`);
  return model;
}

export async function run(bench: Bench): Promise<void> {
  const gc = forceGc();
  const server = await startServer({ name: 'bench-explorer' });
  let conn: Connection | undefined;
  try {
    const { connect } = await import('nats');
    const setup = await connect({ servers: server.url });
    await createStreams(setup);
    await setup.close();
    conn = await Connection.open(profileFromSettings({ name: 'bench', url: server.url }, 0), { timeoutMs: 10_000, requestTimeoutMs: 30_000 });
    const c = conn;

    // Time to the first page, each listing then left to finish, so that no request of one run
    // is still queued in the server when the next starts; alternated, medians of 10.
    const first = { model: [] as number[], core: [] as number[] };
    for (let round = -1; round < 10; round++) {
      let start = performance.now();
      const model = new StreamListModel(c);
      await model.firstPage;
      const modelMs = performance.now() - start;
      await model.done;
      start = performance.now();
      let coreMs = 0;
      for await (const page of listStreams(c)) if (page.index === 0) coreMs = performance.now() - start;
      if (round >= 0) {
        first.model.push(modelMs);
        first.core.push(coreMs);
      }
    }
    bench.report('explorer: tree model, first page of 10,000 streams (vs core listStreams)', median(first.model), 'ms', median(first.core));

    const full = await interleaved(() => listedModel(c), () => listAllStreams(c), 5);
    bench.report('explorer: tree model, full list of 10,000 streams (vs core listAllStreams)', full.a.wall, 'ms', full.b.wall);

    const model = await heldBytes(gc, async () => [await listedModel(c)]);
    const core = await heldBytes(gc, async () => (await listAllStreams(c)).streams);
    bench.report('explorer: heap held by the tree model of 10,000 streams (vs the core listing)', model.bytes / 1024 / 1024, 'MiB', core.bytes / 1024 / 1024);
    console.error(`# tree model: ${Math.round(model.bytes / STREAMS)} bytes per stream (core summaries alone: ${Math.round(core.bytes / STREAMS)})`);
  } finally {
    await conn?.close();
    await server.stop();
  }
}
