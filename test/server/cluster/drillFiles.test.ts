/**
 * `nats-workbench drill --files … --server URL` against a real 3-node cluster: the files' streams
 * are put on the servers the connection reports (here learned from where a live R3 stream's
 * replicas are), a stream without placement in the connected server's cluster, and a stream placed
 * in a cluster the connection does not have is left out and named.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, NatsConnection } from 'nats';
import { Cluster, startCluster } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';


describe('nats-workbench drill --files on a live cluster', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  let nc: NatsConnection;
  let tmp: string;

  before(async () => {
    cluster = await startCluster({ name: 'east' });
    await cluster.waitForMetaLeader();
    nc = await connect({ servers: cluster.urls });
    const jsm = await nc.jetstreamManager();
    for (let i = 0; ; i++) {
      try {
        await jsm.streams.add({ name: 'LIVE_R3', subjects: ['live.>'], num_replicas: 3 });
        break;
      } catch (e) {
        if (i > 20) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-drill-files-'));
    fs.writeFileSync(
      path.join(tmp, 'streams.json'),
      JSON.stringify([
        { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3, placement: { cluster: 'east' } },
        { name: 'CACHE', subjects: ['cache.>'], num_replicas: 1, storage: 'memory' },
        { name: 'ORDERS_WEST', mirror: { name: 'ORDERS' }, num_replicas: 3, placement: { cluster: 'west' } },
      ]),
    );
  });

  after(async () => {
    await nc?.close();
    await cluster?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('puts the files on the connection’s servers; losing one: the worst case; losing the cluster: nothing available', async () => {
    const one = await cli(tmp, 'drill', '--files', 'streams.json', '--server', cluster.url, '--lose', 'east-n2', '--mode', 'loss', '--format', 'json');
    assert.equal(one.code, 1, one.out + one.err);
    const json = JSON.parse(one.out) as { meta: { available: boolean }; assets: { name: string; cluster: string; available: boolean; data: string }[] };
    const row = (name: string) => json.assets.find((a) => a.name === name);
    assert.deepEqual([row('ORDERS')?.cluster, row('ORDERS')?.available, row('ORDERS')?.data], ['east', true, 'intact']);
    assert.deepEqual([row('CACHE')?.cluster, row('CACHE')?.available, row('CACHE')?.data], ['east', false, 'lost'], 'without placement: the connected server’s cluster; its one replica on the lost server (worst case)');
    assert.equal(row('ORDERS_WEST'), undefined);
    assert.equal(row('LIVE_R3'), undefined, 'only the files’ streams');
    assert.equal(json.meta.available, true);
    assert.match(one.err, /note: 1 stream left out: placed in a cluster the connection does not have \(ORDERS_WEST \(west\)\)/);
    assert.match(one.err, /note: 1 stream without placement.cluster put in east \(CACHE\)/);

    const all = await cli(tmp, 'drill', '--files', 'streams.json', '--server', cluster.url, '--lose-cluster', 'east');
    assert.equal(all.code, 1, all.out + all.err);
    assert.match(all.out, /^Drill: losing cluster east \(east-n1, east-n2, east-n3\)/);
    assert.match(all.out, /Meta group loses its quorum/);
  });

  it('names a cluster the connection does not have (exit 2)', async () => {
    const r = await cli(tmp, 'drill', '--files', 'streams.json', '--server', cluster.url, '--lose-cluster', 'west');
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /no cluster 'west' in the topology \(clusters: east\)/);
  });
});
