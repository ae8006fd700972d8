import * as assert from 'node:assert/strict';
import { Topology, WorkspaceIndex, analyzeDocument, analyzeWorkspace, faultTolerancePage, parseStreamDocument, summarizeStream } from '../../../src/core/streams';

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
    assert.equal(summary({ num_replicas: -1 }).headline, 'R-1 · invalid: negative replica count');
    assert.equal(summary({ num_replicas: 7 }).headline, 'R7 · invalid: at most 5 replicas');
    assert.equal(summary({ num_replicas: 5 }).quorum, 3);
  });

  it('says what a restart does', () => {
    assert.match(summary({ storage: 'memory' }).restart, /loses every message/);
    assert.match(summary({ storage: 'memory', num_replicas: 3 }).restart, /re-synced/);
    assert.match(summary({ num_replicas: 3 }).restart, /data kept on disk/);
    assert.match(summary({}).restart, /unavailable while a server is down/);
  });

  it('says first that the server refuses invalid replicas, and claims no tolerance nor restart for them', () => {
    for (const [r, why] of [[7, 'invalid: at most 5 replicas'], [-1, 'invalid: negative replica count']] as const) {
      const s = summary({ num_replicas: r });
      assert.equal(s.refusal, why);
      assert.equal(s.restart, '');
      assert.equal(s.failuresSurvived, 0);
      assert.equal(s.text, `R${r} · ${why} · no copy in the workspace`);
      assert.doesNotMatch(s.text, /survives|restart|data kept/);
    }
    assert.equal(summary({ num_replicas: 5 }).refusal, undefined);
  });

  it('says first why a live rule refuses the stream, from the analysis with a topology', () => {
    const cluster = (servers: number): Topology => ({
      kind: 'clustered',
      defaultCluster: 'c1',
      clusters: [{ name: 'c1', servers: Array.from({ length: servers }, (_, i) => ({ name: `n${i + 1}`, jetstream: true, tags: [] })) }],
    });
    const text = '[{"name": "R5S", "num_replicas": 5}, {"name": "R3S", "num_replicas": 3}, {"name": "P", "num_replicas": 3, "placement": {"cluster": "west"}}]';
    const [r5, r3, placed] = analyzeDocument(text, { topology: cluster(3) }).streams.map((s) => s.summary);
    assert.equal(r5.headline, 'R5 · cannot be placed: cluster c1 has 3 servers');
    assert.equal(r5.restart, '');
    assert.doesNotMatch(r5.text, /survives/);
    assert.equal(r3.headline, 'R3 · file · survives 1 server failure', 'a stream the cluster can hold keeps its tolerance');
    assert.equal(placed.headline, 'R3 · cannot be placed: no cluster "west"');
    const standalone = analyzeDocument(text, { topology: { kind: 'standalone' } }).streams[1].summary;
    assert.equal(standalone.headline, 'R3 · cannot be placed: the server is not clustered');
    assert.equal(analyzeDocument(text).streams[0].summary.headline, 'R5 · file · survives 2 server failures', 'without a topology, nothing is refused');
    const mirror = analyzeDocument('{"name": "M", "mirror": {"name": "O"}, "subjects": ["m.>"], "num_replicas": 3}').streams[0].summary;
    assert.equal(mirror.headline, 'R3 · refused: mirror with subjects', 'any error the server refuses the stream for comes first');
    const off = analyzeDocument('{"name": "M", "mirror": {"name": "O"}, "subjects": ["m.>"], "num_replicas": 3}', { settings: { 'mirror-with-subjects': 'off' } }).streams[0].summary;
    assert.equal(off.headline, 'R3 · file · survives 1 server failure', 'a rule turned off refuses nothing');
  });

  it('writes a fault-tolerance page that says first why the server would refuse the stream', () => {
    const doc = parseStreamDocument('{"name": "R5S", "num_replicas": 5}');
    const report = analyzeDocument(doc, { topology: { kind: 'standalone' } }).streams[0];
    const page = faultTolerancePage(doc.streams[0], undefined, [], report.findings);
    assert.match(page, /\*\*R5 · cannot be placed: the server is not clustered\*\*\n/);
    assert.match(page, /The server would not create this stream as it is/);
    assert.match(page, /up to 2 servers of its 5 may fail/, 'what it would survive once it can be created');
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
    assert.equal(analysis.documents[2].streams[0].summary.copiesText, 'sourced from ORDERS in cluster east');
    assert.equal(analyzeDocument('{"name": "LONE"}').streams[0].summary.copiesText, 'no copy in the workspace');
  });

  it('a mirror is a copy of its origin: its lens names the origin, its page says the origin still holds the data', () => {
    const orders = parseStreamDocument('{"name": "ORDERS", "num_replicas": 3, "placement": {"cluster": "east"}}', 'east/orders.json');
    const dr = parseStreamDocument('{"name": "ORDERS_DR", "mirror": {"name": "ORDERS"}, "num_replicas": 3, "placement": {"cluster": "west"}}', 'west/dr.json');
    const index = new WorkspaceIndex([orders, dr]);
    const summaryOfDr = summarizeStream(dr.streams[0], index);
    assert.equal(summaryOfDr.copiesText, 'mirror of ORDERS in cluster east');
    assert.doesNotMatch(summaryOfDr.text, /no copy/);
    const page = faultTolerancePage(dr.streams[0], index);
    assert.match(page, /Losing cluster west: its origin ORDERS \(cluster east\) still holds the data/);
    assert.doesNotMatch(page, /everything is lost/);
    assert.match(page, /- Mirror of \*\*ORDERS\*\* in cluster east/);
    const sameCluster = parseStreamDocument('{"name": "ORDERS_DR", "mirror": {"name": "ORDERS"}, "placement": {"cluster": "east"}}', 'east/dr.json');
    assert.match(faultTolerancePage(sameCluster.streams[0], new WorkspaceIndex([orders, sameCluster])), /the streams it copies \(ORDERS\) are not known to live in another cluster/);
  });

  it('lists each copy once, also when it sources the same stream twice', () => {
    const docs = [
      { uri: 'orders.json', text: '{"name": "ORDERS", "placement": {"cluster": "east"}}' },
      { uri: 'all.json', text: '{"name": "ALL_EVENTS", "sources": [{"name": "ORDERS", "filter_subject": "orders.created"}, {"name": "SHIP"}, {"name": "ORDERS", "filter_subject": "orders.created"}]}' },
      { uri: 'ship.json', text: '{"name": "SHIP"}' },
    ];
    const analysis = analyzeWorkspace(docs);
    assert.equal(analysis.documents[0].streams[0].summary.copiesText, 'sourced by ALL_EVENTS');
    assert.equal(analysis.documents[1].streams[0].summary.copiesText, 'sourced from ORDERS in cluster east, SHIP');
    assert.equal(analysis.documents[1].streams[0].summary.copiesFrom.length, 2);
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
    assert.match(page, /copies survive in ORDERS\\_DR \(cluster west\)/);
    assert.match(page, /## Problems\n\n- something to fix/);
    const lonely = faultTolerancePage(parseStreamDocument('{"name": "C", "storage": "memory", "num_replicas": 2}').streams[0]);
    assert.match(lonely, /even count adds a copy but no tolerance/);
    assert.match(lonely, /everything is lost/);
  });
});
