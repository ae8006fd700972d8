/**
 * The failure drill's core over generated super-cluster topologies, checked against a brute-force
 * model: a group is available when some set of `quorum` of its replicas survives (every subset is
 * tried), data survives where some replica's copy survives (each copy followed through the mode),
 * and copies are what a fixpoint over mirror/source edges reaches.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DrillError, DrillMode, DrillStream, DrillTopology, assetOf, assetReason, drillJson, drillPasses, drillText, readableFrom, runDrill } from '../../../src/core/cluster/drill';

/** Every subset of `items`, one at a time. */
function* subsets<T>(items: readonly T[]): Generator<T[]> {
  for (let mask = 0; mask < 1 << items.length; mask++) yield items.filter((_, i) => mask & (1 << i));
}

/** Brute force: some subset of the group of the majority size lies entirely among the remaining servers. */
function modelHasQuorum(members: readonly string[], groupSize: number, lost: ReadonlySet<string>): boolean {
  const needed = Math.floor(groupSize / 2) + 1;
  for (const s of subsets(members)) if (s.length >= needed && s.every((m) => !lost.has(m))) return true;
  return false;
}

/** Brute force: follow each replica's copy of the data through the failure. */
function modelIntact(s: DrillStream, lost: ReadonlySet<string>, mode: DrillMode): boolean {
  const copies = s.peers.map((p) => ({ server: p, onDisk: s.storage === 'file' }));
  const surviving = copies.filter((c) => !lost.has(c.server) || (mode === 'outage' && c.onDisk));
  return surviving.length > 0;
}

function modelCopies(t: DrillTopology, origin: string, availableByName: Map<string, boolean>): string[] {
  const reached = new Set([origin]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of t.streams) {
      if (reached.has(s.name)) continue;
      if ((s.mirror && reached.has(s.mirror)) || (s.sources ?? []).some((x) => reached.has(x))) {
        reached.add(s.name);
        changed = true;
      }
    }
  }
  reached.delete(origin);
  return [...reached].filter((n) => availableByName.get(n)).sort();
}

const topologyArb: fc.Arbitrary<DrillTopology> = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
  .chain((sizes) => {
    const servers = sizes.flatMap((n, c) => Array.from({ length: n }, (_, i) => ({ name: `c${c}-n${i + 1}`, cluster: `c${c}` })));
    const streamArb = fc.integer({ min: 0, max: sizes.length - 1 }).chain((c) => {
      const inCluster = servers.filter((s) => s.cluster === `c${c}`).map((s) => s.name);
      return fc.record({
        cluster: fc.constant(`c${c}`),
        peers: fc.shuffledSubarray(inCluster, { minLength: 1, maxLength: Math.min(5, inCluster.length) }),
        missing: fc.integer({ min: 0, max: 1 }),
        storage: fc.constantFrom('file' as const, 'memory' as const),
        prefix: fc.constantFrom('S', 'S', 'KV_', 'OBJ_'),
        mirror: fc.option(fc.nat(30), { nil: undefined }),
        sources: fc.array(fc.nat(30), { maxLength: 2 }),
        reported: fc.boolean(),
      });
    });
    return fc.record({
      servers: fc.constant(servers),
      raw: fc.array(streamArb, { maxLength: 25 }),
      extraMeta: fc.integer({ min: 0, max: 2 }),
      down: fc.integer({ min: 0, max: 1 }),
    });
  })
  .map(({ servers, raw, extraMeta, down }) => {
    const names = raw.map((r, i) => `${r.prefix}${i}`);
    const streams: DrillStream[] = raw.map((r, i) => {
      const s: DrillStream = { name: names[i], replicas: Math.min(5, r.peers.length + r.missing), storage: r.storage, peers: r.peers, leader: r.peers[0] };
      if (r.reported) s.cluster = r.cluster;
      if (r.mirror !== undefined && r.mirror < names.length) s.mirror = names[r.mirror];
      else s.sources = r.sources.filter((x) => x < names.length).map((x) => names[x]);
      return s;
    });
    return { servers, streams, metaGroupSize: servers.length + extraMeta, metaDown: Math.min(down, extraMeta) };
  });

const targetArb = (t: DrillTopology) => {
  const clusters = [...new Set(t.servers.map((s) => s.cluster as string))];
  return fc.record({
    servers: fc.subarray(t.servers.map((s) => s.name)),
    clusters: fc.subarray(clusters, { maxLength: Math.min(2, clusters.length) }),
  }).filter((x) => x.servers.length + x.clusters.length > 0);
};

describe('cluster: the failure drill', function () {
  this.timeout(60_000);
  it('agrees with the brute-force quorum model on generated super-clusters', () => {
    fc.assert(
      fc.property(
        topologyArb.chain((t) => fc.tuple(fc.constant(t), targetArb(t), fc.constantFrom<DrillMode>('outage', 'loss'))),
        ([t, target, mode]) => {
          const result = runDrill(t, target, mode);
          const lost = new Set([...target.servers, ...t.servers.filter((s) => target.clusters.includes(s.cluster as string)).map((s) => s.name)]);
          assert.deepEqual(result.lost, [...lost].sort());
          const availableByName = new Map(t.streams.map((s) => [s.name, modelHasQuorum(s.peers, Math.max(s.replicas, s.peers.length), lost)]));
          assert.equal(result.assets.length, t.streams.length);
          for (const s of t.streams) {
            const a = result.assets.find((x) => x.stream === s.name);
            assert.ok(a, s.name);
            assert.equal(a.available, availableByName.get(s.name), `${s.name} available (${JSON.stringify(s)}, lost ${[...lost]})`);
            assert.equal(a.data, modelIntact(s, lost, mode) ? 'intact' : 'lost', `${s.name} data in ${mode}`);
            assert.deepEqual(a.copies, modelCopies(t, s.name, availableByName), `${s.name} copies`);
            assert.equal(a.cluster, s.peers.length ? t.servers.find((x) => x.name === s.peers[0])?.cluster : undefined, `${s.name} cluster`);
            assert.deepEqual(assetOf(s.name), { kind: a.kind, name: a.name });
          }
          const members = [...t.servers.map((s) => s.name), ...Array.from({ length: (t.metaGroupSize ?? 0) - t.servers.length }, (_, i) => `unseen-${i}`)];
          const alreadyDown = new Set(members.filter((m) => m.startsWith('unseen-')).slice(0, t.metaDown ?? 0));
          assert.equal(result.meta.available, modelHasQuorum(members, members.length, new Set([...lost, ...alreadyDown])), 'meta quorum');
          assert.equal(drillPasses(result), result.assets.every((a) => a.available));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never makes anything better by losing more', () => {
    fc.assert(
      fc.property(
        topologyArb.chain((t) => fc.tuple(fc.constant(t), targetArb(t), fc.constantFrom(...t.servers.map((s) => s.name)), fc.constantFrom<DrillMode>('outage', 'loss'))),
        ([t, target, extra, mode]) => {
          const less = runDrill(t, target, mode);
          const more = runDrill(t, { ...target, servers: [...target.servers, extra] }, mode);
          for (const a of more.assets) {
            const b = less.assets.find((x) => x.stream === a.stream);
            assert.ok(b);
            if (a.available) assert.ok(b.available, `${a.stream} available after losing more but not less`);
            if (a.data === 'intact') assert.equal(b.data, 'intact');
            for (const c of a.copies) assert.ok(b.copies.includes(c));
          }
          if (more.meta.available) assert.ok(less.meta.available);
          // Outage never loses more than loss.
          const loss = runDrill(t, target, 'loss');
          const outage = runDrill(t, target, 'outage');
          for (const a of loss.assets) if (a.data === 'intact') assert.equal(outage.assets.find((x) => x.stream === a.stream)?.data, 'intact');
        },
      ),
      { numRuns: 200 },
    );
  });

  const region = (name: string): { name: string; cluster: string }[] => [1, 2, 3].map((i) => ({ name: `${name}-n${i}`, cluster: name }));
  const superCluster: DrillTopology = {
    servers: [...region('east'), ...region('west'), ...region('central')],
    streams: [
      { name: 'ORDERS', cluster: 'east', replicas: 3, storage: 'file', peers: ['east-n1', 'east-n2', 'east-n3'], leader: 'east-n1' },
      { name: 'AUDIT', cluster: 'east', replicas: 1, storage: 'file', peers: ['east-n1'], leader: 'east-n1' },
      { name: 'CACHE', cluster: 'east', replicas: 1, storage: 'memory', peers: ['east-n2'], leader: 'east-n2' },
      { name: 'ORDERS_DR', cluster: 'west', replicas: 3, storage: 'file', peers: ['west-n1', 'west-n2', 'west-n3'], leader: 'west-n2', mirror: 'ORDERS' },
      { name: 'KV_config', cluster: 'central', replicas: 3, storage: 'file', peers: ['central-n1', 'central-n2', 'central-n3'], leader: 'central-n1' },
      { name: 'OBJ_files', cluster: 'east', replicas: 1, storage: 'file', peers: ['east-n3'], leader: 'east-n3' },
    ],
  };

  it('predicts a single server outage: R3 keeps a leader, R1 on it is unavailable but keeps its file data', () => {
    const r = runDrill(superCluster, { servers: ['east-n1'] }, 'outage');
    const by = (n: string) => r.assets.find((a) => a.stream === n);
    assert.equal(by('ORDERS')?.available, true);
    assert.equal(by('AUDIT')?.available, false);
    assert.equal(by('AUDIT')?.data, 'intact');
    assert.equal(by('CACHE')?.available, true);
    assert.deepEqual(by('ORDERS')?.copies, ['ORDERS_DR']);
    assert.equal(r.meta.available, true);
    assert.equal(drillPasses(r), false);
    assert.equal(r.assets[0].stream, 'AUDIT', 'unavailable assets first');
  });

  it('predicts losing a region: data on memory or without a remaining replica is lost in loss mode, mirrors elsewhere are the copies', () => {
    const outage = runDrill(superCluster, { clusters: ['east'] }, 'outage');
    const loss = runDrill(superCluster, { clusters: ['east'] }, 'loss');
    const get = (r: typeof loss, n: string) => r.assets.find((a) => a.stream === n);
    assert.deepEqual(outage.lost, ['east-n1', 'east-n2', 'east-n3']);
    assert.equal(get(outage, 'ORDERS')?.data, 'intact');
    assert.equal(get(outage, 'CACHE')?.data, 'lost', 'memory with every replica down is lost even in an outage');
    assert.equal(get(loss, 'ORDERS')?.data, 'lost');
    assert.equal(get(loss, 'ORDERS')?.available, false);
    assert.deepEqual(get(loss, 'ORDERS')?.copies, ['ORDERS_DR']);
    assert.equal(get(loss, 'ORDERS_DR')?.available, true);
    assert.equal(loss.meta.available, true, '6 of 9 keep the meta quorum');
    assert.equal(runDrill(superCluster, { clusters: ['east', 'west'] }).meta.available, false, '3 of 9 do not');
    const json = drillJson(loss);
    assert.deepEqual(Object.keys(json), ['meta', 'assets']);
    assert.deepEqual(json.meta, { available: true });
    assert.deepEqual(json.assets.find((a) => a.name === 'config'), { kind: 'kv', name: 'config', cluster: 'central', replicas: 3, storage: 'file', available: true, data: 'intact', copies: [], origin: null });
    assert.equal(json.assets.find((a) => a.name === 'files')?.kind, 'objectstore');
    const text = drillText(loss).join('\n');
    assert.match(text, /losing cluster east \(east-n1, east-n2, east-n3\)/);
    assert.match(text, /ORDERS\s+east\s+R3\s+file\s+NO\s+lost\s+ORDERS_DR/);
  });

  it('a mirror whose region is lost is still readable from its origin, when the origin stays available', () => {
    const west = runDrill(superCluster, { clusters: ['west'] }, 'loss');
    const dr = west.assets.find((a) => a.stream === 'ORDERS_DR')!;
    assert.equal(dr.available, false);
    assert.equal(dr.data, 'lost');
    assert.deepEqual(dr.origin, { stream: 'ORDERS', available: true });
    assert.deepEqual(readableFrom(dr), ['ORDERS (origin)']);
    assert.match(assetReason(dr, 'loss'), /readable from ORDERS \(origin\)$/);
    assert.match(drillText(west).join('\n'), /ORDERS_DR\s+west\s+R3\s+file\s+NO\s+lost\s+ORDERS \(origin\)/);
    assert.deepEqual((drillJson(west).assets.find((a) => a.name === 'ORDERS_DR') as { origin: unknown }).origin, { stream: 'ORDERS', available: true });
    // Both gone: nothing to read from, and the origin is named as unavailable.
    const both = runDrill(superCluster, { clusters: ['east', 'west'] }, 'loss').assets.find((a) => a.stream === 'ORDERS_DR')!;
    assert.deepEqual(both.origin, { stream: 'ORDERS', available: false });
    assert.deepEqual(readableFrom(both), []);
    // Streams that mirror nothing have no origin.
    assert.equal(west.assets.find((a) => a.stream === 'ORDERS')?.origin, undefined);
  });

  it('refuses unknown servers and clusters, naming them and what there is, and an empty target', () => {
    assert.throws(() => runDrill(superCluster, { servers: ['east-n9'] }), (e: unknown) => e instanceof DrillError && /no server 'east-n9'.*east-n1/.test(e.message));
    assert.throws(() => runDrill(superCluster, { clusters: ['mars'] }), (e: unknown) => e instanceof DrillError && /no cluster 'mars'.*central, east, west/.test(e.message));
    assert.throws(() => runDrill(superCluster, {}), DrillError);
  });

  it('treats a configured replica the server did not report as lost, and a name without a suffix as a stream', () => {
    const t: DrillTopology = { servers: region('east'), streams: [{ name: 'KV_', replicas: 3, storage: 'file', peers: ['east-n1', 'east-n2'] }] };
    const r = runDrill(t, { servers: ['east-n1'] });
    assert.equal(r.assets[0].available, false, 'one of 3 left (one replica unreported)');
    assert.equal(r.assets[0].kind, 'stream');
    assert.equal(r.assets[0].cluster, 'east');
  });

  it('names the cluster of a stream no server holds "unknown cluster", in text and page alike', () => {
    const t: DrillTopology = { servers: region('east'), streams: [{ name: 'NOWHERE', replicas: 1, storage: 'file', peers: [] }] };
    const r = runDrill(t, { servers: ['east-n1'] });
    assert.equal(r.assets[0].cluster, undefined);
    assert.match(drillText(r).join('\n'), /NOWHERE\s+unknown cluster\s+R1/);
    assert.equal(drillJson(r).assets[0].cluster, null, 'JSON keeps null: no cluster is known');
  });
});
