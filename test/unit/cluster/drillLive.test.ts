/** The drill's topology from what a connection sees: servers from pings or from replicas, the meta group, streams it cannot describe. */
import * as assert from 'node:assert/strict';
import { ConnectedServer, StreamSummary, buildTopology, drillTopologyFrom, runDrill, summarizeStream } from '../../../src/core/cluster';

const node: ConnectedServer = { name: 'east-n1', id: 'E1', version: '2.9.10', cluster: 'east', jetstream: true, connectUrls: [], tls: false };
const solo: ConnectedServer = { name: 'solo', id: 'S1', version: '2.9.10', jetstream: true, connectUrls: [], tls: false };
const account = { info: { streams: 2, consumers: 0, memory: 0, storage: 0, limits: {} } };
const noSys = { failure: { kind: 'no-responders' as const, message: 'the user is not in the system account (no responders)' } };
const ping = (name: string, cluster: string) => ({ server: { name, cluster, tags: [`region:${cluster}`], jetstream: true }, data: { meta_cluster: { leader: 'east-n1', cluster_size: 9 } } });

function stream(name: string, cluster: string | undefined, peers: string[], extra: Record<string, unknown> = {}): StreamSummary {
  return summarizeStream({
    config: { name, num_replicas: peers.length || 1, storage: 'file', ...extra },
    ...(cluster ? { cluster: { name: cluster, leader: peers[0], replicas: peers.slice(1).map((p) => ({ name: p, current: true, active: 1e8 })) } } : {}),
  });
}

describe('cluster: the drill topology of a live connection', () => {
  it('takes the servers from system-account pings and counts the meta members that did not answer as down', () => {
    const replies = ['east-n1', 'east-n2', 'east-n3', 'west-n1', 'west-n2', 'west-n3', 'central-n1', 'central-n2'].map((n) => ping(n, n.split('-')[0]));
    const t = buildTopology({ server: node, account, system: { replies } });
    const { topology } = drillTopologyFrom(t, [stream('ORDERS', 'east', ['east-n1', 'east-n2', 'east-n3'])]);
    assert.equal(topology.servers.length, 8);
    assert.equal(topology.metaGroupSize, 9);
    assert.equal(topology.metaDown, 1, 'central-n3 did not answer');
    // 8 answered, 1 down already: losing east leaves 5 of 9, quorum 5.
    assert.equal(runDrill(topology, { clusters: ['east'] }).meta.available, true);
    assert.equal(runDrill(topology, { clusters: ['east'], servers: ['west-n1'] }).meta.available, false);
  });

  it('without system rights learns servers from where the replicas live, and says so', () => {
    const t = buildTopology({ server: node, account, system: noSys });
    const { topology, notes } = drillTopologyFrom(t, [stream('ORDERS', 'east', ['east-n1', 'east-n2', 'east-n3']), stream('DR', 'west', ['west-n2'], { mirror: { name: 'ORDERS' } })]);
    assert.deepEqual(topology.servers.map((s) => `${s.name}@${s.cluster}`), ['east-n1@east', 'east-n2@east', 'east-n3@east', 'west-n2@west']);
    assert.match(notes.join('\n'), /known only as a replica's home \(east-n2, east-n3, west-n2\)/);
    assert.match(notes.join('\n'), /meta group's size is not known/);
    assert.deepEqual(topology.streams.find((s) => s.name === 'DR')?.mirror, 'ORDERS');
  });

  it('puts the one replica of a stream on a server without clustering on that server, and leaves out streams it cannot describe', () => {
    const t = buildTopology({ server: solo, account, system: noSys });
    const unknown: StreamSummary = { ...stream('GONE', undefined, []), health: 'unknown', replicas: 0 };
    const { topology, notes } = drillTopologyFrom(t, [stream('S', undefined, []), unknown]);
    assert.deepEqual(topology.streams.map((s) => [s.name, s.peers]), [['S', ['solo']]]);
    assert.match(notes.join('\n'), /1 stream left out: the server could not describe it \(GONE\)/);
    const r = runDrill(topology, { servers: ['solo'] }, 'outage');
    assert.deepEqual([r.assets[0].available, r.assets[0].data, r.meta.available], [false, 'intact', false]);
  });
});
