/**
 * The live checks of the editor with a node of a 3-node cluster killed: the cluster's size comes
 * from the JetStream meta group (the killed node reported as down), not from the servers that
 * answered, so an R3 stream is not "too big for a cluster of 2".
 */
import * as assert from 'node:assert/strict';
import { ClusterTopology, Connection, analysisTopology, jetStreamServerCount, readTopology } from '../../../src/core/cluster';
import { analyzeDocument, describeTopology, topologyLabel } from '../../../src/core/streams';
import { Cluster, startCluster } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, eventually, profile, watchUnhandledRejections } from './helpers';

/** The replicas-exceed-cluster findings of a stream config under a topology. */
function exceeds(t: ClusterTopology, config: Record<string, unknown>): string[] {
  const analysis = analyzeDocument(JSON.stringify(config), { topology: analysisTopology(t) });
  return analysis.findings.filter((f) => f.rule === 'replicas-exceed-cluster').map((f) => f.message);
}

describe('live checks: a 3-node cluster with a node down', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  let cluster: Cluster;
  let sys: Connection;

  before(async () => {
    cluster = await startCluster({ extraConfig: ACCOUNTS_CONFIG });
    sys = await Connection.open(profile('sys', cluster.urls[0], { user: 'sys' }), { secret: 'sys' });
  });
  after(async () => {
    await sys?.close();
    await cluster?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  it('counts the killed node in its cluster, reports it down, and finds R3 placeable, R5 not', async () => {
    const intact = await readTopology(sys);
    assert.equal(intact.down, undefined, 'nothing is down yet');
    assert.deepEqual(exceeds(intact, { name: 'S', num_replicas: 3 }), []);

    const dead = cluster.servers[2];
    await dead.kill();
    // Wait for the meta group to elect a leader among the living, whose reply names every peer.
    const t = await eventually(`${dead.name} reported down by name`, 30_000, async () => {
      const read = await readTopology(sys);
      return read.servers.length === 2 && read.down?.some((d) => d.name === dead.name) ? read : undefined;
    });
    assert.deepEqual(t.down, [{ name: dead.name, cluster: 'c1' }]);
    assert.deepEqual(t.servers.map((s) => s.name), ['c1-n1', 'c1-n2'], 'only the living answered');
    assert.deepEqual(jetStreamServerCount(t), { known: true, value: 3 });
    assert.ok(t.notes.some((n) => n === `2 of 3 JetStream servers answered; down or cut off: ${dead.name}.`), t.notes.join('; '));

    assert.deepEqual(exceeds(t, { name: 'S', num_replicas: 3 }), [], 'R3 is not too big for a cluster of 3 with one node down');
    assert.deepEqual(exceeds(t, { name: 'S', num_replicas: 5 }), ['R5 needs 5 JetStream servers, but cluster c1 has 3']);

    const live = analysisTopology(t);
    assert.equal(describeTopology(live), 'cluster c1 (3 JetStream servers, 1 down)');
    assert.ok(live.kind === 'clustered' && live.clusters[0].servers.some((s) => s.name === dead.name && s.down === true));
    if (live.kind === 'clustered') assert.deepEqual(topologyLabel(live), { servers: '3 servers, 1 down', where: 'cluster c1' });
  });
});
