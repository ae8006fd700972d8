import * as assert from 'node:assert/strict';
import { summarizeStream } from '../../../src/core/cluster';
import { DR_MAP_STYLE, UNKNOWN_REGION, drMapFromFiles, drMapFromLive, layoutDrMap, renderDrMapSvg, streamDetail } from '../../../src/core/drmap';
import type { Box, DrMap } from '../../../src/core/drmap';
import { parseStreamDocument } from '../../../src/core/streams';

const FILE = `[
  {"name": "ORDERS", "subjects": ["orders.>"], "num_replicas": 3, "placement": {"cluster": "east"}},
  {"name": "ORDERS_WEST", "mirror": {"name": "ORDERS"}, "num_replicas": 3, "placement": {"cluster": "west"}},
  {"name": "AUDIT", "subjects": ["audit.>"], "storage": "memory", "sources": [{"name": "ORDERS"}, {"name": "PAYMENTS"}]}
]`;

function info(name: string, cluster: string, leader: string, followers: string[], extra: Record<string, unknown> = {}) {
  return summarizeStream({
    config: { name, num_replicas: followers.length + 1, storage: 'file', ...extra },
    cluster: { name: cluster, leader, replicas: followers.map((f) => ({ name: f, current: true, active: 1e6 })) },
  });
}

const topology = {
  servers: ['east', 'west'].flatMap((c) => [1, 2, 3].map((i) => ({ name: `${c}-${i}`, cluster: c, jetstream: true }))),
};

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width + 0.01 && inner.y + inner.height <= outer.y + outer.height + 0.01;
}

describe('DR map: model', () => {
  it('from files: regions from placement, "unknown cluster" without it, mirror and source edges by name', () => {
    const map = drMapFromFiles(parseStreamDocument(FILE, '/ws/streams.json').streams);
    assert.deepEqual(
      map.regions.map((r) => r.name),
      ['east', 'west', UNKNOWN_REGION],
    );
    const byName = new Map(map.streams.map((s) => [s.name, s]));
    assert.equal(byName.get('ORDERS')!.region, 'east');
    assert.equal(byName.get('AUDIT')!.region, UNKNOWN_REGION);
    assert.equal(byName.get('AUDIT')!.storage, 'memory');
    assert.deepEqual(byName.get('ORDERS_WEST')!.origin, { kind: 'file', uri: '/ws/streams.json', index: 1, line: 2 });
    const edges = map.edges.map((e) => `${map.streams.find((s) => s.id === e.from)!.name}->${map.streams.find((s) => s.id === e.to)!.name} ${e.kind}${e.crossRegion ? ' cross' : ''}`);
    // AUDIT has no placement: it may be made in east, so its source is not said to cross regions.
    assert.deepEqual(edges, ['ORDERS->ORDERS_WEST mirror cross', 'ORDERS->AUDIT source']);
    assert.deepEqual(map.missingOrigins, [{ stream: 'AUDIT', kind: 'source', origin: 'PAYMENTS' }]);
    assert.ok(map.streams.every((s) => s.health === 'config' && s.server === undefined));
  });

  it('from a live connection: streams in their leader’s server box, every server of the topology, health kept', () => {
    const streams = [
      info('ORDERS', 'east', 'east-2', ['east-1', 'east-3'], { subjects: ['orders.>'] }),
      info('BACKUP', 'west', 'west-1', ['west-2', 'west-3'], { mirror: { name: 'ORDERS' } }),
      summarizeStream({ config: { name: 'LOST', num_replicas: 3 }, cluster: { name: 'west', replicas: [{ name: 'west-1', current: false }, { name: 'west-2', current: false }, { name: 'west-3', current: false }] } }),
    ];
    const map = drMapFromLive(streams, topology, 'settings:local');
    assert.deepEqual(
      map.regions.map((r) => `${r.name}: ${r.servers.map((s) => s.name).join(' ')}`),
      ['east: east-1 east-2 east-3', 'west: west-1 west-2 west-3'],
    );
    const orders = map.streams[0];
    assert.equal(orders.server, 'east-2');
    assert.deepEqual(
      orders.peers.map((p) => `${p.server}${p.leader ? '*' : ''}${p.current ? '' : '!'}`),
      ['east-2*', 'east-1', 'east-3'],
    );
    assert.deepEqual(
      map.streams[2].peers.map((p) => `${p.server}${p.current ? '' : '!'}`),
      ['west-1!', 'west-2!', 'west-3!'],
    );
    assert.equal(orders.health, 'healthy');
    assert.deepEqual(orders.origin, { kind: 'live', connectionId: 'settings:local' });
    assert.equal(map.streams[2].health, 'no-leader');
    assert.equal(map.streams[2].server, 'west-1');
    // Drawn in its leader's box, a stream does not repeat the leader's name (cut off there).
    assert.equal(streamDetail(orders), 'R3 file');
    assert.equal(streamDetail(map.streams[1]), 'R3 file · mirror of ORDERS');
    assert.equal(streamDetail({ ...orders, server: 'east-1' }), 'R3 file · leader east-2');
    assert.equal(streamDetail(map.streams[2]), 'R3 file · no leader');
    assert.deepEqual(map.edges, [{ id: 'e0', kind: 'mirror', from: 's0', to: 's1', crossRegion: true }]);
  });

  it('from a live connection without topology: servers from the replicas, a server without clustering in "unknown cluster"', () => {
    const standalone = summarizeStream({ config: { name: 'ONE', num_replicas: 1 } });
    const map = drMapFromLive([info('A', 'c1', 'n1', ['n2']), standalone]);
    assert.deepEqual(
      map.regions.map((r) => `${r.name}: ${r.servers.map((s) => s.name).join(' ')}`),
      ['c1: n1 n2', `${UNKNOWN_REGION}: `],
    );
    assert.equal(map.streams[1].region, UNKNOWN_REGION);
    assert.equal(map.streams[1].server, undefined);
  });
});

describe('DR map: layout and SVG', () => {
  async function laidOut(map: DrMap) {
    const layout = await layoutDrMap(map);
    return { layout, svg: renderDrMapSvg(layout) };
  }

  it('puts every stream inside its server and region, without overlaps, with an edge path per copy', async () => {
    const streams = [];
    for (let i = 0; i < 60; i++) {
      const cluster = ['east', 'west'][i % 2];
      const n = (i % 3) + 1;
      const extra = i % 5 === 4 ? { mirror: { name: `S${i - 1}` } } : {};
      streams.push(info(`S${i}`, cluster, `${cluster}-${n}`, [`${cluster}-${(n % 3) + 1}`], extra));
    }
    const map = drMapFromLive(streams, topology);
    const { layout, svg } = await laidOut(map);
    assert.equal(layout.streams.length, 60);
    assert.equal(layout.servers.length, 6);
    assert.equal(layout.regions.length, 2);
    for (const s of layout.streams) {
      const server = layout.servers.find((v) => v.name === s.stream.server)!;
      const region = layout.regions.find((r) => r.name === s.stream.region)!;
      assert.ok(inside(s, server), `${s.stream.name} inside ${server.name}`);
      assert.ok(inside(server, region), `${server.name} inside ${region.name}`);
      assert.ok(inside(region, { x: 0, y: 0, width: layout.width, height: layout.height }));
    }
    for (let i = 0; i < layout.streams.length; i++) {
      for (let j = i + 1; j < layout.streams.length; j++) assert.ok(!overlaps(layout.streams[i], layout.streams[j]), `${layout.streams[i].stream.name} / ${layout.streams[j].stream.name}`);
    }
    assert.ok(!overlaps(layout.regions[0], layout.regions[1]));
    assert.equal(layout.edges.length, 12);
    for (const { path } of layout.edges) assert.match(path, /^M [\d.]+ [\d.]+ C( [\d.-]+){6}$/);
    assert.equal((svg.match(/class="stream /g) ?? []).length, 60);
    assert.equal((svg.match(/tabindex="0"/g) ?? []).length, 60);
    assert.equal((svg.match(/class="edge mirror cross"/g) ?? []).length, 12);
    assert.equal((svg.match(/class="replica leader"/g) ?? []).length, 60, 'one leader marker per stream');
    assert.equal((svg.match(/class="replica current"/g) ?? []).length, 60, 'and one per follower');
  });

  it('draws a copy down its column or across to the next one inside the gaps between cards, through no other card', async () => {
    // Eight streams without placement: a grid of two columns in "unknown cluster"; G (same column)
    // and H (the next column) mirror A, three rows below it.
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const text = JSON.stringify([...names.map((name) => ({ name, subjects: [`${name}.>`] })), { name: 'G', mirror: { name: 'A' } }, { name: 'H', mirror: { name: 'A' } }]);
    const map = drMapFromFiles(parseStreamDocument(text, '/ws/all.json').streams);
    const { layout } = await laidOut(map);
    assert.equal(layout.edges.length, 2);
    for (const { edge, path } of layout.edges) {
      // A cubic Bézier stays inside the box of its points: none may fall inside a card it does not join.
      const points = [...path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
      const hull = { x: Math.min(...points.map((p) => p.x)), y: Math.min(...points.map((p) => p.y)), right: Math.max(...points.map((p) => p.x)), bottom: Math.max(...points.map((p) => p.y)) };
      for (const s of layout.streams) {
        if (s.stream.id === edge.from || s.stream.id === edge.to) continue;
        const crosses = hull.x < s.x + s.width && hull.right > s.x && hull.y < s.y + s.height && hull.bottom > s.y;
        assert.ok(!crosses, `the path ${path} (to ${edge.to}) may cross ${s.stream.name} at ${s.x},${s.y}`);
      }
    }
  });

  it('runs two copies across the same gap side by side, not on one line', async () => {
    // Two columns; F and H (right) mirror A and C (left): both arrows cross the one gap between the columns.
    const plain = ['A', 'B', 'C', 'D', 'E', 'G'].map((name) => ({ name, subjects: [`${name}.>`] }));
    const text = JSON.stringify([...plain.slice(0, 5), { name: 'F', mirror: { name: 'A' } }, plain[5], { name: 'H', mirror: { name: 'C' } }]);
    const { layout } = await laidOut(drMapFromFiles(parseStreamDocument(text, '/ws/two.json').streams));
    const bends = layout.edges.map(({ path }) => /C (-?[\d.]+) /.exec(path)?.[1]);
    assert.equal(bends.length, 2);
    assert.notEqual(bends[0], bends[1], layout.edges.map((e) => e.path).join(' | '));
  });

  it('clips a stream’s detail line to what its box holds', async () => {
    const map = drMapFromLive([info('ORDERS', 'east', 'east-1', []), info('COPY', 'east', 'east-1', [], { mirror: { name: 'DRMAP_ORDERS_OF_EAST' } })], topology);
    const { svg } = await laidOut(map);
    const details = [...svg.matchAll(/<text class="detail"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(details, ['R1 file', 'R1 file · mirror of DRMAP_O…']);
  });

  it('escapes names and leaves no inline style for the CSP to refuse', async () => {
    const map = drMapFromFiles(parseStreamDocument('{"name": "<b>&\\"x", "placement": {"cluster": "<east>"}}', '/ws/x.json').streams);
    const { svg } = await laidOut(map);
    assert.ok(!svg.includes('<b>') && !svg.includes('<east>'));
    assert.ok(svg.includes('&lt;b&gt;&amp;&quot;x'));
    assert.ok(!/style=|<style|<script|href="http/i.test(svg));
  });

  it('draws a focusable "Lose" button on each server and on each named region, after the streams, only when asked', async () => {
    const streams = [info('S1', 'east', 'east-1', ['east-2']), info('S2', 'west', 'west-3', [])];
    const loose = summarizeStream({ config: { name: 'NOWHERE', num_replicas: 1, storage: 'file' } });
    const layout = await layoutDrMap(drMapFromLive([...streams, loose], topology));
    assert.doesNotMatch(renderDrMapSvg(layout), /class="lose"/, 'no buttons by default');
    const svg = renderDrMapSvg(layout, 'map', { lose: true });
    const buttons = [...svg.matchAll(/<g class="lose" data-lose-(server|cluster)="([^"]+)" tabindex="0" role="button" aria-label="([^"]+)">/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(buttons, ['cluster:east', ...[1, 2, 3].map((i) => `server:east-${i}`), 'cluster:west', ...[1, 2, 3].map((i) => `server:west-${i}`)], 'each region, then its servers; none for "unknown cluster"');
    assert.ok(svg.lastIndexOf('class="stream ') < svg.indexOf('class="lose"'), 'the streams come first in the Tab order');
    assert.match(svg, /aria-label="What if I lose region east\? Runs the failure drill"/);
    for (const v of layout.servers) {
      const m = new RegExp(`data-lose-server="${v.name}"[^]*?<rect x="([\\d.]+)" y="([\\d.]+)" width="(\\d+)" height="(\\d+)"`).exec(svg);
      assert.ok(m, v.name);
      assert.ok(inside({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) }, v), `${v.name}'s button inside its box`);
    }
    assert.ok(!/style=/.test(svg));
    // Resting buttons are toned down, not faded past reading (11 px text).
    const resting = /\.drmap \.lose \{[^}]*opacity: ([\d.]+)/.exec(DR_MAP_STYLE);
    assert.ok(resting && Number(resting[1]) >= 0.8, `resting opacity ${resting?.[1]}`);
  });

  it('escapes a region’s name in its "Lose" button', async () => {
    const layout = await layoutDrMap(drMapFromLive([info('S', '"><x', 'a', [])]));
    const svg = renderDrMapSvg(layout, 'map', { lose: true });
    assert.ok(!svg.includes('"><x'));
    assert.match(svg, /data-lose-cluster="&quot;&gt;&lt;x"/);
  });

  it('lays out an empty map', async () => {
    const { layout, svg } = await laidOut(drMapFromLive([]));
    assert.equal(layout.streams.length, 0);
    assert.match(svg, /^<svg/);
  });
});
