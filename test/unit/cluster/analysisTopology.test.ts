import * as assert from 'node:assert/strict';
import { ConnectedServer, TopologyFacts, analysisTopology, buildTopology } from '../../../src/core/cluster';
import { analyzeDocument, describeTopology, topologyLabel } from '../../../src/core/streams';

const clustered: ConnectedServer = { name: 'c1-n1', id: 'N1', version: '2.9.10', cluster: 'c1', jetstream: true, connectUrls: ['127.0.0.1:4223', '127.0.0.1:4224'], tls: false };
const standalone: ConnectedServer = { name: 'solo', id: 'S1', version: '2.9.10', jetstream: true, connectUrls: [], tls: false };
const account: TopologyFacts['account'] = { info: { streams: 0, consumers: 0, memory: 0, storage: 0, limits: {} } };
const noSystem: TopologyFacts['system'] = { failure: { kind: 'no-responders', message: 'the user is not in the system account (no responders)' } };
const ping = (name: string, tags: string[] = [], jetstream = true) => ({ server: { name, cluster: 'c1', tags, jetstream }, data: { meta_cluster: { leader: 'c1-n1', cluster_size: 3 } } });

/** The live findings a stream config gets under the topology built from `facts`. */
function liveRules(facts: TopologyFacts, config: Record<string, unknown>): string[] {
  const analysis = analyzeDocument(JSON.stringify(config), { topology: analysisTopology(buildTopology(facts)) });
  return analysis.findings.filter((f) => ['replicas-standalone', 'replicas-exceed-cluster', 'placement-unmatched'].includes(f.rule)).map((f) => f.rule);
}

describe('cluster: the topology the live rules check against', () => {
  it('is unknown, with the reason, when a clustered server is seen only through its INFO', () => {
    const t = analysisTopology(buildTopology({ server: clustered, account, system: noSystem }));
    assert.equal(t.kind, 'unknown');
    assert.match(t.kind === 'unknown' ? t.reason ?? '' : '', /cluster c1 cannot be seen/);
    assert.deepEqual(liveRules({ server: clustered, account, system: noSystem }, { name: 'S', num_replicas: 5 }), []);
  });

  it('is standalone for a server without clustering', () => {
    const t = analysisTopology(buildTopology({ server: standalone, account, system: noSystem }));
    assert.equal(t.kind, 'standalone');
    assert.deepEqual(liveRules({ server: standalone, account, system: noSystem }, { name: 'S', num_replicas: 3 }), ['replicas-standalone']);
  });

  it('lists every server with its tags from system-account pings', () => {
    const facts: TopologyFacts = { server: clustered, account, system: { replies: [ping('c1-n1', ['ssd']), ping('c1-n2', ['ssd']), ping('c1-n3')] } };
    const t = analysisTopology(buildTopology(facts));
    assert.equal(t.kind, 'clustered');
    if (t.kind !== 'clustered') return;
    assert.equal(t.partial, undefined);
    assert.deepEqual(t.clusters.map((c) => [c.name, c.servers.map((s) => `${s.name}:${s.tags.join('+')}`)]), [['c1', ['c1-n1:ssd', 'c1-n2:ssd', 'c1-n3:']]]);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 5 }), ['replicas-exceed-cluster']);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 3, placement: { tags: ['ssd'] } }), ['placement-unmatched']);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 2, placement: { tags: ['ssd'] } }), []);
  });

  it('counts servers from the monitoring endpoint but checks no placement it cannot see', () => {
    const facts: TopologyFacts = {
      server: clustered,
      account,
      system: noSystem,
      monitoring: { varz: { server_name: 'c1-n1', cluster: { name: 'c1' }, tags: [] }, jsz: { config: {}, meta_cluster: { leader: 'c1-n2', cluster_size: 3 } } },
    };
    const t = analysisTopology(buildTopology(facts));
    assert.equal(t.kind, 'clustered');
    if (t.kind !== 'clustered') return;
    assert.ok(t.partial, 'marked partial');
    assert.equal(t.clusters[0].servers.length, 3);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 5 }), ['replicas-exceed-cluster']);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 3 }), []);
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 3, placement: { tags: ['gpu'] } }), [], 'tags are unknown: no guess');
    assert.deepEqual(liveRules(facts, { name: 'S', placement: { cluster: 'elsewhere' } }), [], 'other clusters are unknown: no guess');
  });

  it('counts meta group members that did not answer as down, in the one cluster that answered, unless gateways join others', () => {
    const leader = { server: { name: 'c1-n1', cluster: 'c1', tags: [], jetstream: true }, data: { meta_cluster: { leader: 'c1-n1', cluster_size: 4, replicas: [{ name: 'c1-n2' }, { name: 'c1-n3' }] } } };
    const facts: TopologyFacts = { server: clustered, account, system: { replies: [leader, ping('c1-n2')] } };
    const built = buildTopology(facts);
    assert.deepEqual(built.down, [{ name: 'c1-n3', cluster: 'c1' }, { cluster: 'c1' }], 'c1-n3 named by the leader, a fourth member only counted');
    assert.ok(built.notes.includes('2 of 4 JetStream servers answered; down or cut off: c1-n3, 1 unnamed server.'), built.notes.join('; '));
    assert.equal(describeTopology(analysisTopology(built)), 'cluster c1 (4 JetStream servers, 2 down)');
    assert.deepEqual(liveRules(facts, { name: 'S', num_replicas: 3 }), []);
    const gateway = { server: { name: 'c1-n2', cluster: 'c1', jetstream: true }, data: { gateway: { name: 'c1' } } };
    const joined = buildTopology({ server: clustered, account, system: { replies: [leader, ping('c1-n2'), gateway] } });
    assert.deepEqual(joined.down, [{ name: 'c1-n3' }, {}], 'another cluster may hold them: their cluster is not guessed');
    assert.equal(describeTopology(analysisTopology(joined)), 'cluster c1 (2 JetStream servers)');
  });

  it('has a short label for a tree row, the long description being for its tooltip', () => {
    const server = (name: string, jetstream = true) => ({ name, tags: [], jetstream });
    const one = { kind: 'clustered' as const, clusters: [{ name: 'c1', servers: [server('a'), server('b'), server('c'), server('d', false)] }], partial: 'the monitoring endpoint describes only the connected cluster' };
    assert.deepEqual(topologyLabel(one), { servers: '3 servers', where: 'cluster c1' });
    assert.ok(describeTopology(one).length > 60);
    const two = { kind: 'clustered' as const, clusters: [{ name: 'east', servers: [server('e1')] }, { name: 'west', servers: [server('w1'), server('w2')] }] };
    assert.deepEqual(topologyLabel(two), { servers: '3 servers', where: '2 clusters' });
    assert.deepEqual(topologyLabel({ kind: 'standalone' }), { servers: '1 server', where: 'not clustered' });
  });
});
