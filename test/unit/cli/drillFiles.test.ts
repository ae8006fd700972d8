/** `nats-workbench drill --files`: the drill over stream config files, on cluster sizes given or asked by the files. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run';

const STREAMS = [
  { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3, placement: { cluster: 'east' } },
  { name: 'ORDERS_WEST', mirror: { name: 'ORDERS' }, num_replicas: 3, placement: { cluster: 'west' } },
  { name: 'CACHE', subjects: ['cache.>'], num_replicas: 1, storage: 'memory', placement: { cluster: 'east' } },
];

interface Json {
  meta: { available: boolean };
  assets: { kind: string; name: string; cluster: string | null; available: boolean; data: string; copies: string[] }[];
}

describe('cli: drill --files', function () {
  this.timeout(20_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-drill-files-'));
    fs.mkdirSync(path.join(dir, 'streams'));
    fs.writeFileSync(path.join(dir, 'streams', 'orders.stream.json'), JSON.stringify(STREAMS.slice(0, 2), null, 2));
    fs.writeFileSync(path.join(dir, 'streams', 'cache.stream.json'), JSON.stringify(STREAMS[2], null, 2));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a stream');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('losing a region of the files’ clusters (sized as the files ask): exit 1, the mirror elsewhere readable', async () => {
    const r = await cli(dir, 'drill', '--files', 'streams', '--lose-cluster', 'east', '--mode', 'loss', '--format', 'json');
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out) as Json;
    const row = (name: string) => json.assets.find((a) => a.name === name);
    assert.deepEqual([row('ORDERS')?.available, row('ORDERS')?.data, row('ORDERS')?.copies], [false, 'lost', ['ORDERS_WEST']]);
    assert.deepEqual([row('CACHE')?.available, row('CACHE')?.data], [false, 'lost']);
    assert.deepEqual([row('ORDERS_WEST')?.available, row('ORDERS_WEST')?.cluster], [true, 'west']);
    assert.equal(json.meta.available, false, '3 of 6 servers left, quorum 4');
  });

  it('--cluster NAME=SIZE sizes the clusters; losing one server: the worst case, text output with notes', async () => {
    const r = await cli(dir, 'drill', '--files', path.join(dir, 'streams', 'orders.stream.json'), path.join(dir, 'streams', 'cache.stream.json'), '--cluster', 'east=5,west=3', '--lose', 'east-n4');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /^Drill: losing east-n4; outage/);
    assert.match(r.out, /stream\s+CACHE\s+east\s+R1\s+memory\s+NO\s+lost/);
    assert.match(r.out, /stream\s+ORDERS\s+east\s+R3\s+file\s+yes\s+intact/);
    assert.match(r.out, /Note: Which servers of a cluster hold a stream’s replicas is the server’s choice/);
  });

  it('every asset available: exit 0', async () => {
    const r = await cli(dir, 'drill', '--files', 'streams', '--cluster', 'east=3,west=3', '--lose', 'west-n1');
    assert.equal(r.code, 0, r.out + r.err);
  });

  const usage: [string, string[], RegExp][] = [
    ['a cluster size that is no number', ['--files', 'streams', '--cluster', 'east=three', '--lose', 'a'], /--cluster takes NAME=SIZE \(a size from 1 to 999\), not 'east=three'/],
    ['a cluster named twice', ['--files', 'streams', '--cluster', 'east=3,east=5', '--lose', 'a'], /--cluster names 'east' twice/],
    ['--cluster with a connection', ['--files', 'streams', '--cluster', 'east=3', '--server', 'nats://127.0.0.1:1', '--lose', 'a'], /give --cluster or a connection/],
    ['--cluster without --files', ['--server', 'nats://127.0.0.1:1', '--cluster', 'east=3', '--lose', 'a'], /--cluster goes with --files/],
    ['a server the sizes do not have', ['--files', 'streams', '--cluster', 'east=3', '--lose', 'east-n4'], /no server 'east-n4' in the topology \(servers: east-n1, east-n2, east-n3\)/],
    ['files without stream configs', ['--files', 'notes.txt', '--lose', 'a'], /no stream configs in 'notes.txt'/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 on ${what}`, async () => {
      const r = await cli(dir, 'drill', ...args);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    });
  }

  it('exits 2 naming a path that does not exist', async () => {
    const r = await cli(dir, 'drill', '--files', 'nowhere', '--lose', 'a');
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read 'nowhere'/);
  });
});
