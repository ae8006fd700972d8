/**
 * The DR map of 1,000 live streams on a 3 × 3 super-cluster (a quarter of them mirrored in the next
 * region): the model, the elkjs layout and the SVG together, warm and in a fresh process (elkjs
 * not yet compiled by the JIT, as on the first Show DR Map). Baselines from the same run: warm,
 * elkjs packing every stream card itself (regions → servers → 1,000 cards, the layout this map
 * does not use); cold, elkjs laying out only the map's boxes in a fresh process (the floor: its
 * start-up). The goal is the map rendered within 1 s.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { summarizeStream } from '../../src/core/cluster';
import type { StreamSummary } from '../../src/core/cluster';
import { drMapFromLive, elkGraph, layoutDrMap, renderDrMapSvg, runElk, STREAM_HEIGHT, STREAM_WIDTH } from '../../src/core/drmap';
import type { DrMap } from '../../src/core/drmap';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { Bench, time } from './framework';

export const MAP_STREAMS = 1000;
const CLUSTERS = ['east', 'central', 'west'];

export function drMapFixture(count = MAP_STREAMS): { streams: StreamSummary[]; topology: { servers: { name: string; cluster: string; jetstream: boolean }[] } } {
  const servers = CLUSTERS.flatMap((c) => [1, 2, 3].map((i) => ({ name: `${c}-${i}`, cluster: c, jetstream: true })));
  const streams: StreamSummary[] = [];
  for (let i = 0; i < count; i++) {
    const c = i % 3;
    const cluster = CLUSTERS[c];
    const n = (Math.floor(i / 3) % 3) + 1;
    const replicas = i % 2 ? 3 : 1;
    const peers = replicas === 3 ? [1, 2, 3].filter((x) => x !== n).map((x) => ({ name: `${cluster}-${x}`, current: true, active: 1e6 })) : [];
    const mirrored = i % 4 === 3;
    streams.push(
      summarizeStream({
        config: { name: `S${String(i).padStart(4, '0')}`, num_replicas: replicas, storage: 'file', ...(mirrored ? { mirror: { name: `S${String(i - 1).padStart(4, '0')}` } } : { subjects: [`s.${i}`] }) },
        cluster: { name: cluster, leader: `${cluster}-${n}`, replicas: peers },
      }),
    );
  }
  return { streams, topology: { servers } };
}

/** regions → servers → one ELK node per stream card, all packed by elkjs's `box` algorithm. */
function everyCardGraph(map: DrMap): ElkNode {
  const box = (id: string, children: ElkNode[]): ElkNode => ({ id, layoutOptions: { 'elk.algorithm': 'box', 'elk.padding': '[top=26,left=10,bottom=10,right=10]', 'elk.spacing.nodeNode': '10' }, children });
  return box(
    'root',
    map.regions.map((r, i) =>
      box(
        `r${i}`,
        r.servers.map((v, j) => box(`r${i}v${j}`, map.streams.filter((s) => s.region === r.name && s.server === v.name).map((s) => ({ id: s.id, width: STREAM_WIDTH, height: STREAM_HEIGHT })))),
      ),
    ),
  );
}

/**
 * The first map in a fresh Node process (elkjs not yet compiled by the JIT, as on the extension's
 * first Show DR Map), in ms; with `elkOnly`, elkjs laying out the same graph alone.
 */
function coldMs(elkOnly: boolean): number {
  const drmap = path.resolve(__dirname, '../../src/core/drmap');
  const script = `
    const d = require(${JSON.stringify(drmap)});
    const { drMapFixture } = require(${JSON.stringify(__filename)});
    const { streams, topology } = drMapFixture();
    const graph = ${elkOnly} ? d.elkGraph(d.drMapFromLive(streams, topology)) : undefined;
    const t = process.hrtime.bigint();
    const work = ${elkOnly} ? d.runElk(graph) : d.layoutDrMap(d.drMapFromLive(streams, topology)).then(d.renderDrMapSvg);
    work.then(() => process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6)));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

export async function run(bench: Bench): Promise<void> {
  const { streams, topology } = drMapFixture();
  const map = drMapFromLive(streams, topology);
  let svgLength = 0;
  const full = await time(
    async () => {
      const svg = renderDrMapSvg(await layoutDrMap(drMapFromLive(streams, topology)));
      svgLength = svg.length;
    },
    10,
    2,
  );
  const cards = everyCardGraph(map);
  const everyCard = await time(() => runElk(structuredClone(cards)), 10, 2);
  bench.report(`drmap: ${MAP_STREAMS} streams, model + layout + SVG (median ms; baseline: elkjs packing every card)`, full.median, 'ms', everyCard.median);
  const graph = elkGraph(map);
  const boxes = await time(() => runElk(structuredClone(graph)), 10, 2);
  bench.report(`drmap: ${MAP_STREAMS} streams, elkjs on the map's boxes alone (median ms)`, boxes.median, 'ms', full.median);
  const cold = [0, 1, 2].map(() => [coldMs(false), coldMs(true)]);
  const coldMedian = (i: number): number => cold.map((c) => c[i]).sort((a, b) => a - b)[1];
  bench.report(`drmap: ${MAP_STREAMS} streams, first map in a fresh process (median of 3, ms; baseline: elkjs's first layout of the boxes alone)`, coldMedian(0), 'ms', coldMedian(1));
  bench.report(`drmap: SVG of ${MAP_STREAMS} streams and ${map.edges.length} edges (KiB)`, svgLength / 1024, 'KiB', null);
}
