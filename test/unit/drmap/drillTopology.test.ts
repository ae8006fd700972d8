import * as assert from 'node:assert/strict';
import { DrillError, DrillServer, quorum, runDrill } from '../../../src/core/cluster';
import { drMapFromFiles, drillTopologyFromFiles, worstCasePlacement } from '../../../src/core/drmap';
import type { DrillTarget } from '../../../src/core/cluster';
import { parseStreamDocument } from '../../../src/core/streams';

const FILE = `[
  {"name": "ORDERS", "subjects": ["orders.>"], "num_replicas": 3, "placement": {"cluster": "east"}},
  {"name": "ORDERS_WEST", "mirror": {"name": "ORDERS"}, "num_replicas": 3, "placement": {"cluster": "west"}},
  {"name": "CACHE", "subjects": ["cache.>"], "num_replicas": 1, "storage": "memory", "placement": {"cluster": "east"}},
  {"name": "KV_config", "subjects": ["$KV.config.>"], "num_replicas": 3, "placement": {"cluster": "central"}},
  {"name": "AUDIT", "subjects": ["audit.>"], "sources": [{"name": "ORDERS"}]}
]`;

function map(text = FILE) {
  return drMapFromFiles(parseStreamDocument(text, '/ws/streams.json').streams);
}

const superCluster: DrillServer[] = ['central', 'east', 'west'].flatMap((c) => [1, 2, 3].map((i) => ({ name: `${c}-${i}`, cluster: c, jetstream: true })));

function drill(clusters: Parameters<typeof drillTopologyFromFiles>[1], target: DrillTarget, mode: 'outage' | 'loss' = 'outage', text = FILE) {
  const { topology, notes } = drillTopologyFromFiles(map(text), clusters);
  return { result: runDrill(worstCasePlacement(topology, target), target, mode), topology, notes };
}

function row(result: ReturnType<typeof runDrill>, stream: string) {
  const a = result.assets.find((x) => x.stream === stream);
  assert.ok(a, stream);
  return [a.available, a.data, a.copies.join(',')];
}

describe('failure drill over the workspace stream files', () => {
  it('puts each stream in the connection’s cluster its placement names; a stream without placement in the connected server’s cluster', () => {
    const { topology, notes } = drillTopologyFromFiles(map(), { servers: superCluster, defaultCluster: 'west', metaGroupSize: 9 });
    assert.equal(topology.servers.length, 9);
    assert.equal(topology.metaGroupSize, 9);
    const where = Object.fromEntries(topology.streams.map((s) => [s.name, [s.cluster, s.replicas, s.storage, s.peers.length]]));
    assert.deepEqual(where, {
      ORDERS: ['east', 3, 'file', 3],
      ORDERS_WEST: ['west', 3, 'file', 3],
      CACHE: ['east', 1, 'memory', 1],
      KV_config: ['central', 3, 'file', 3],
      AUDIT: ['west', 1, 'file', 1],
    });
    assert.deepEqual(topology.streams.find((s) => s.name === 'ORDERS_WEST')?.mirror, 'ORDERS');
    assert.deepEqual(topology.streams.find((s) => s.name === 'AUDIT')?.sources, ['ORDERS']);
    assert.ok(notes.some((n) => n.includes('1 stream without placement.cluster put in west (AUDIT)')), notes.join('\n'));
  });

  it('losing a region: its streams lose their leader, the mirror elsewhere stays readable, the KV bucket is named as one', () => {
    const { result } = drill({ servers: superCluster, defaultCluster: 'west' }, { clusters: ['east'] }, 'loss');
    assert.deepEqual(row(result, 'ORDERS'), [false, 'lost', 'AUDIT,ORDERS_WEST']);
    assert.deepEqual(row(result, 'CACHE'), [false, 'lost', '']);
    assert.deepEqual(row(result, 'ORDERS_WEST'), [true, 'intact', '']);
    assert.equal(result.assets.find((a) => a.stream === 'KV_config')?.kind, 'kv');
    assert.equal(result.meta.available, true, '6 of 9 left');
  });

  it('losing one server: the replicas are put on it first (the worst case), so an R1 stream of that cluster is lost and an R3 one keeps a leader', () => {
    const { result } = drill({ servers: superCluster }, { servers: ['east-3'] }, 'loss');
    assert.deepEqual(row(result, 'CACHE'), [false, 'lost', '']);
    assert.deepEqual(row(result, 'ORDERS'), [true, 'intact', 'ORDERS_WEST']);
    const two = drill({ servers: superCluster }, { servers: ['east-2', 'east-3'] }, 'outage').result;
    assert.deepEqual(row(two, 'ORDERS'), [false, 'intact', 'ORDERS_WEST'], 'two of three replicas down: no quorum; file data on disk');
  });

  it('the worst case agrees with every placement tried by brute force', () => {
    for (let n = 1; n <= 5; n++) {
      const servers: DrillServer[] = Array.from({ length: n }, (_, i) => ({ name: `c-${i + 1}`, cluster: 'c' }));
      for (let r = 1; r <= n; r++) {
        const text = JSON.stringify({ name: 'S', subjects: ['s'], num_replicas: r, placement: { cluster: 'c' } });
        for (let mask = 1; mask < 1 << n; mask++) {
          const lost = servers.filter((_, i) => mask & (1 << i)).map((s) => s.name);
          const predicted = drill({ servers }, { servers: lost }, 'loss', text).result.assets[0];
          // Every placement of r replicas among n servers: the worst keeps the fewest.
          let fewest = r;
          for (let p = 0; p < 1 << n; p++) {
            if (popcount(p) !== r) continue;
            fewest = Math.min(fewest, popcount(p & ~mask));
          }
          assert.equal(predicted.available, fewest >= quorum(r), `R${r} of ${n}, losing ${lost.join(',')}`);
          assert.equal(predicted.data, fewest > 0 ? 'intact' : 'lost');
        }
      }
    }
  });

  it('without a connection: each cluster as large as its largest stream asks, said in a note', () => {
    const { topology, notes } = drillTopologyFromFiles(map());
    const sizes: Record<string, number> = {};
    for (const s of topology.servers) sizes[s.cluster ?? '-'] = (sizes[s.cluster ?? '-'] ?? 0) + 1;
    assert.deepEqual(sizes, { east: 3, west: 3, central: 3, '-': 1 });
    assert.ok(topology.servers.some((s) => s.name === 'unplaced-n1'), 'the stream without placement on a server of its own');
    assert.ok(notes.some((n) => n.startsWith('No connection: each cluster has as many servers as its largest stream has replicas')), notes.join('\n'));
    assert.equal(drill(undefined, { clusters: ['central'] }).result.meta.available, true, '7 of 10 left');
  });

  it('with cluster sizes given: servers NAME-n1…; streams in a cluster not given, or larger than theirs, are left out and named', () => {
    const { topology, notes } = drillTopologyFromFiles(map(), { sizes: new Map([['east', 5], ['west', 1]]) });
    assert.deepEqual(topology.servers.map((s) => s.name), ['east-n1', 'east-n2', 'east-n3', 'east-n4', 'east-n5', 'west-n1']);
    assert.deepEqual(topology.streams.map((s) => s.name), ['ORDERS', 'CACHE']);
    assert.ok(notes.some((n) => n.includes('placed in a cluster the connection does not have (KV_config (central), AUDIT (unknown cluster))')), notes.join('\n'));
    assert.ok(notes.some((n) => n.includes('more replicas than the cluster has servers, which the server refuses (ORDERS_WEST (R3 in west of 1))')), notes.join('\n'));
  });

  it('counts a stream defined twice once, and names an unknown server or cluster', () => {
    const text = `[{"name": "A", "num_replicas": 1, "placement": {"cluster": "east"}}, {"name": "A", "num_replicas": 3, "placement": {"cluster": "east"}}]`;
    const { topology, notes } = drillTopologyFromFiles(map(text), { servers: superCluster });
    assert.deepEqual(topology.streams.map((s) => [s.name, s.replicas]), [['A', 1]]);
    assert.ok(notes.some((n) => n.includes('defined in more than one place: the first one counted (A)')));
    assert.throws(() => worstCasePlacement(topology, { clusters: ['mars'] }), (e: unknown) => e instanceof DrillError && /no cluster 'mars'/.test(e.message));
    assert.throws(() => worstCasePlacement(topology, { servers: ['east-9'] }), (e: unknown) => e instanceof DrillError && /no server 'east-9'/.test(e.message));
  });
});

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
