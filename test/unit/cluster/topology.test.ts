import * as assert from 'node:assert/strict';
import { ConnectedServer, TopologyFacts, buildTopology, jetStreamServerCount, matchPlacement } from '../../../src/core/cluster';

const standalone: ConnectedServer = { name: 'n1', id: 'N1', version: '2.9.10', jetstream: true, connectUrls: [], tls: false };
const node: ConnectedServer = { name: 'c1-n3', id: 'N3', version: '2.9.10', cluster: 'c1', jetstream: true, connectUrls: ['a:1', 'b:2', 'c:3'], tls: false };
const account = { info: { streams: 2, consumers: 0, memory: 0, storage: 0, limits: {} } };
const noSys = { failure: { kind: 'no-responders' as const, message: 'the user is not in the system account (no responders)' } };

// Ping replies shaped like nats-server 2.9.10's `$SYS.REQ.SERVER.PING.JSZ` answers.
const ping = (name: string, tags: string[], jetstream = true, leader = 'c1-n2') => ({
  server: { name, id: name.toUpperCase(), ver: '2.9.10', cluster: 'c1', tags, jetstream },
  data: { meta_cluster: { name: 'c1', leader, cluster_size: 3 } },
});

describe('cluster: topology from what a connection sees', () => {
  it('a standalone server without system rights: known, not clustered, tags unknown', () => {
    const t = buildTopology({ server: standalone, account, system: noSys });
    assert.equal(t.known, true);
    assert.equal(t.clustered, false);
    assert.equal(t.tagsKnown, false);
    assert.deepEqual(t.clusters, []);
    assert.deepEqual(t.sources, ['server-info', 'jetstream-account']);
    assert.ok(t.notes.some((n) => /not in the system account/.test(n)));
    assert.deepEqual(jetStreamServerCount(t), { known: true, value: 1 });
    assert.equal(matchPlacement(t, { tags: ['ssd'] }).known, false);
    assert.deepEqual(matchPlacement(t, { cluster: 'east' }), { known: true, value: { clusterExists: false, matching: 0 } });
  });

  it('a cluster node without system rights or monitoring: says it cannot know, and why', () => {
    const t = buildTopology({ server: node, account, system: noSys });
    assert.equal(t.known, false);
    assert.equal(t.clustered, true);
    assert.match(t.why ?? '', /no system-account rights and no monitoring URL/);
    assert.match(t.why ?? '', /cluster c1/);
    const count = jetStreamServerCount(t);
    assert.equal(count.known, false);
    assert.equal(matchPlacement(t, {}).known, false);
  });

  it('two servers reporting one name (two ids) get a note naming both ids; one server answering twice does not', () => {
    const twin = { ...ping('c1-n1', ['az:9']), server: { ...ping('c1-n1', ['az:9']).server, id: 'NTWIN\u001b[2J' } };
    const t = buildTopology({ server: node, account, system: { replies: [ping('c1-n1', ['az:1']), ping('c1-n1', ['az:1']), twin, ping('c1-n2', []), ping('c1-n2', [])] } });
    assert.deepEqual(
      t.notes.filter((n) => /report the name/.test(n)),
      ["2 servers report the name 'c1-n1' (ids C1-N1, NTWIN\\u001b[2J); only one of them is shown. Servers, replicas and the meta group go by name, so give each server a server_name of its own."],
    );
  });

  it('a cluster seen through system-account pings: every server with tags and JetStream', () => {
    const facts: TopologyFacts = { server: node, account, system: { replies: [ping('c1-n3', ['az:3']), ping('c1-n1', ['az:1', 'SSD']), ping('c1-n2', ['az:2'], true)] } };
    const t = buildTopology(facts);
    assert.equal(t.known, true);
    assert.equal(t.tagsKnown, true);
    assert.deepEqual(t.sources, ['server-info', 'jetstream-account', 'system-account']);
    assert.deepEqual(t.clusters.map((c) => [c.name, c.servers.map((s) => s.name)]), [['c1', ['c1-n1', 'c1-n2', 'c1-n3']]]);
    assert.equal(t.metaLeader, 'c1-n2');
    assert.equal(t.metaClusterSize, 3);
    assert.deepEqual(jetStreamServerCount(t), { known: true, value: 3 });
    assert.deepEqual(matchPlacement(t, { tags: ['ssd'] }), { known: true, value: { clusterExists: true, matching: 1 } });
    assert.deepEqual(matchPlacement(t, { cluster: 'west' }), { known: true, value: { clusterExists: false, matching: 0 } });
  });

  it('notes servers that did not answer, and counts only JetStream servers, those down included', () => {
    const t = buildTopology({ server: node, account, system: { replies: [ping('c1-n1', []), ping('c1-n3', [], false)] } });
    assert.ok(t.notes.some((n) => /1 of 3 JetStream servers answered; down or cut off: c1-n2, 1 unnamed server\./.test(n)), t.notes.join('; '));
    assert.deepEqual(jetStreamServerCount(t), { known: true, value: 3 }, 'c1-n1 and the 2 down; c1-n3 runs no JetStream');
  });

  it('a cluster seen through its monitoring endpoint: the JetStream count, but not the others’ tags', () => {
    const t = buildTopology({
      server: node,
      account,
      system: noSys,
      monitoring: { varz: { server_name: 'c1-n1', tags: ['az:1'], cluster: { name: 'c1' } }, jsz: { config: {}, meta_cluster: { leader: 'c1-n2', cluster_size: 3 } } },
    });
    assert.equal(t.known, false);
    assert.match(t.why ?? '', /monitoring endpoint describes only c1-n1/);
    assert.ok(t.sources.includes('monitoring'));
    assert.deepEqual(jetStreamServerCount(t), { known: true, value: 3 });
    assert.equal(matchPlacement(t, { tags: ['az:1'] }).known, false);
  });

  it('reports JetStream disabled for the account', () => {
    const t = buildTopology({ server: standalone, account: { failure: { kind: 'jetstream', message: 'm', api: { code: 503, errCode: 10039, description: 'JetStream not enabled for account' } } } });
    assert.equal(t.jetstream.enabled, false);
    assert.match(t.jetstream.problem ?? '', /not enabled for this account/);
  });
});
