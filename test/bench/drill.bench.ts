/**
 * The failure drill over 10,000 streams on a 9-server super-cluster (3 regions × 3), losing a
 * region, in-process: the drill (quorum, data, copies through mirrors and sources, the meta group)
 * against a bare loop that only counts each stream's remaining replicas, in the same run. The
 * issue's budget: ≤ 50 ms.
 */
import { DrillStream, DrillTopology, runDrill } from '../../src/core/cluster';
import { Bench, time } from './framework';

const STREAMS = 10_000;
const REGIONS = ['east', 'west', 'central'];

/** 10,000 streams: R1, R3 and R5-less mixes of file and memory, one in ten a mirror and one in twenty sourcing two others. */
export function drillTopology(): DrillTopology {
  const servers = REGIONS.flatMap((r) => [1, 2, 3].map((i) => ({ name: `${r}-n${i}`, cluster: r })));
  const streams: DrillStream[] = [];
  for (let i = 0; i < STREAMS; i++) {
    const region = REGIONS[i % REGIONS.length];
    const replicas = i % 4 === 0 ? 1 : 3;
    const first = (i >> 2) % 3;
    const peers = Array.from({ length: replicas }, (_, k) => `${region}-n${((first + k) % 3) + 1}`);
    const s: DrillStream = { name: i % 7 === 0 ? `KV_b${i}` : `S${i}`, cluster: region, replicas, storage: i % 5 === 0 ? 'memory' : 'file', peers, leader: peers[0] };
    if (i % 10 === 9) s.mirror = streams[i - 9].name;
    else if (i % 20 === 10) s.sources = [streams[i - 1].name, streams[i - 2].name];
    streams.push(s);
  }
  return { servers, streams };
}

export async function run(bench: Bench): Promise<void> {
  const topology = drillTopology();
  const lost = new Set(['east-n1', 'east-n2', 'east-n3']);
  let sink = 0;
  const bare = await time(() => {
    for (const s of topology.streams) {
      let left = 0;
      for (const p of s.peers) if (!lost.has(p)) left++;
      if (left >= Math.floor(s.replicas / 2) + 1) sink++;
    }
  }, 30, 5);
  const drill = await time(() => {
    sink += runDrill(topology, { clusters: ['east'] }, 'loss').assets.length;
  }, 30, 5);
  if (sink < 0) console.error(sink);
  const figure = bench.report('drill: 10,000 streams on 9 servers, losing a region (ms, median)', drill.median, 'ms', bare.median);
  if (figure.value > 50) console.error(`# drill over ${STREAMS} streams took ${figure.value} ms, above the 50 ms budget`);
}
