import * as assert from 'node:assert/strict';
import { WorkspaceIndex, analyzeWorkspace, faultTolerancePage, parseStreamDocument, summarizeStream } from '../../../src/core/streams';

const summary = (fields: Record<string, unknown>): ReturnType<typeof summarizeStream> =>
  summarizeStream(parseStreamDocument(JSON.stringify({ name: 'S', ...fields })).streams[0]);

describe('stream summary', () => {
  it('says what failures each replica count survives', () => {
    assert.equal(summary({}).headline, 'R1 · file · survives no server failure');
    assert.equal(summary({ num_replicas: 2 }).headline, 'R2 · file · survives no server failure');
    assert.equal(summary({ num_replicas: 3 }).headline, 'R3 · file · survives 1 server failure');
    assert.equal(summary({ num_replicas: 4 }).headline, 'R4 · file · survives 1 server failure');
    assert.equal(summary({ num_replicas: 5, storage: 'memory' }).headline, 'R5 · memory · survives 2 server failures');
    assert.equal(summary({ num_replicas: 0 }).replicas, 1);
    assert.match(summary({ num_replicas: -1 }).headline, /invalid/);
    assert.match(summary({ num_replicas: 7 }).headline, /refused/);
    assert.equal(summary({ num_replicas: 5 }).quorum, 3);
  });

  it('says what a restart does', () => {
    assert.match(summary({ storage: 'memory' }).restart, /loses every message/);
    assert.match(summary({ storage: 'memory', num_replicas: 3 }).restart, /re-synced/);
    assert.match(summary({ num_replicas: 3 }).restart, /data kept on disk/);
    assert.match(summary({}).restart, /unavailable while a server is down/);
  });

  it('lists the workspace streams that copy it, with their clusters', () => {
    const docs = [
      { uri: 'east/orders.json', text: '{"name": "ORDERS", "num_replicas": 3, "placement": {"cluster": "east"}}' },
      { uri: 'west/dr.json', text: '{"name": "ORDERS_DR", "mirror": {"name": "ORDERS"}, "placement": {"cluster": "west"}}' },
      { uri: 'east/all.json', text: '{"name": "ALL", "sources": [{"name": "ORDERS"}]}' },
    ];
    const analysis = analyzeWorkspace(docs);
    const orders = analysis.documents[0].streams[0].summary;
    assert.equal(orders.copiesText, 'mirrored by ORDERS_DR in cluster west, sourced by ALL');
    assert.equal(orders.text, 'R3 · file · survives 1 server failure · restart: data kept on disk · mirrored by ORDERS_DR in cluster west, sourced by ALL');
    assert.deepEqual(analysis.documents[1].streams[0].summary.copiesFrom, [{ name: 'ORDERS', kind: 'mirror', cluster: 'east', uri: 'east/orders.json' }]);
    assert.equal(analysis.documents[2].streams[0].summary.copiesText, 'no copy in the workspace');
  });

  it('writes a fault-tolerance page with the trade-offs and the disaster-recovery options', () => {
    const orders = parseStreamDocument('{"name": "ORDERS", "num_replicas": 3, "placement": {"cluster": "east"}}', 'east/orders.json');
    const dr = parseStreamDocument('{"name": "ORDERS_DR", "mirror": {"name": "ORDERS"}, "placement": {"cluster": "west"}}', 'west/dr.json');
    const page = faultTolerancePage(orders.streams[0], new WorkspaceIndex([orders, dr]), ['something to fix']);
    assert.match(page, /^# ORDERS: fault tolerance/);
    assert.match(page, /\*\*R3 · file · survives 1 server failure\*\* \(quorum 2 of 3\)/);
    assert.match(page, /\| R1 \| 1 of 1 \| no failure/);
    assert.match(page, /\| R3 \*\*← this stream\*\* \| 2 of 3 \| 1 server failure/);
    assert.match(page, /\| R5 \| 3 of 5 \| 2 server failures/);
    assert.match(page, /A mirror in another region/);
    assert.match(page, /nats stream backup ORDERS/);
    assert.match(page, /copies survive in ORDERS_DR \(cluster west\)/);
    assert.match(page, /## Problems\n\n- something to fix/);
    const lonely = faultTolerancePage(parseStreamDocument('{"name": "C", "storage": "memory", "num_replicas": 2}').streams[0]);
    assert.match(lonely, /even count adds a copy but no tolerance/);
    assert.match(lonely, /everything is lost/);
  });
});
