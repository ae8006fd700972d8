import * as assert from 'node:assert/strict';
import { classifyHealth, replicaStatuses, summarizeStream, unreportedText } from '../../../src/core/cluster';

// Cluster blocks as nats-server 2.9.10 sent them (see nats-facts.md), seconds in nanoseconds.
const healthy = { name: 'c1', leader: 'c1-n2', replicas: [{ name: 'c1-n1', current: true, active: 30e6 }, { name: 'c1-n3', current: true, active: 31e6, lag: 0 }] };
const oneDown = { name: 'c1', leader: 'c1-n3', replicas: [{ name: 'c1-n1', current: false, active: 6.58e9, lag: 2 }, { name: 'c1-n2', current: true, active: 0.81e9 }] };
const noLeader = {
  name: 'c1',
  replicas: [
    { name: 'c1-n1', current: false, active: 0, lag: 1 },
    { name: 'c1-n2', current: false, active: 12.5e9, lag: 1 },
    { name: 'c1-n3', current: false, active: 12.2e9, lag: 1 },
  ],
};

describe('cluster: replica health', () => {
  it('lists the leader first, then the followers with their state, lag and last contact', () => {
    const peers = replicaStatuses(oneDown, 1_000_000);
    assert.deepEqual(peers, [
      { name: 'c1-n3', leader: true, state: 'current' },
      { name: 'c1-n1', leader: false, state: 'not-current', lag: 2, seenAgoMs: 6580, seenAt: 1_000_000 - 6580 },
      { name: 'c1-n2', leader: false, state: 'current', seenAgoMs: 810, seenAt: 1_000_000 - 810 },
    ]);
  });

  it('calls a stream healthy when every replica is current', () => {
    const v = classifyHealth(3, replicaStatuses(healthy), true);
    assert.equal(v.health, 'healthy');
    assert.match(v.reason, /leader c1-n2; 3 of 3 replicas current/);
  });

  it('calls a stream degraded when a replica is not current or missing, and says which', () => {
    const v = classifyHealth(3, replicaStatuses(oneDown), true);
    assert.equal(v.health, 'degraded');
    assert.match(v.reason, /c1-n1 not current \(2 behind, seen 6\.6 s ago\)/);
    assert.match(v.reason, /^survives no further failure: leader c1-n3/);
    const r5 = classifyHealth(5, replicaStatuses({ name: 'c1', leader: 'a', replicas: ['b', 'c', 'd'].map((name) => ({ name, current: true })).concat([{ name: 'e', current: false }]) }), true);
    assert.match(r5.reason, /^survives 1 more failure: /);
    const missing = classifyHealth(3, replicaStatuses({ name: 'c1', leader: 'c1-n1', replicas: [{ name: 'c1-n2', current: true }] }), true);
    assert.equal(missing.health, 'degraded');
    assert.match(missing.reason, /1 replica missing/);
    const offline = replicaStatuses({ name: 'c1', leader: 'a', replicas: [{ name: 'b', current: false, offline: true }] });
    assert.equal(offline[1].state, 'offline');
  });

  it('calls a replicated stream without a leader no-leader, every peer not current', () => {
    const peers = replicaStatuses(noLeader);
    assert.ok(peers.every((p) => !p.leader && p.state === 'not-current'));
    assert.equal(classifyHealth(3, peers, true).health, 'no-leader');
  });

  it('words a leaderless stream with one or several replicas seen as English, not "no leader among c1-n2"', () => {
    const one = classifyHealth(3, replicaStatuses({ name: 'c1', replicas: [{ name: 'c1-n2', current: false }] }), true);
    assert.equal(one.reason, 'no leader elected (replica seen: c1-n2): the stream takes no writes until one is elected');
    const all = classifyHealth(3, replicaStatuses(noLeader), true);
    assert.match(all.reason, /^no leader elected \(replicas seen: c1-n1, c1-n2, c1-n3\)/);
  });

  it('notes streams listed by name only in the right number, without claiming they are not listed', () => {
    assert.equal(unreportedText(1), '1 stream is listed by name only: the server could not report its state (its leader may be down).');
    assert.equal(unreportedText(2), '2 streams are listed by name only: the server could not report their state (their leaders may be down).');
  });

  it('marks a replica the leader counts current but behind as lagging, still healthy', () => {
    const peers = replicaStatuses({ name: 'c1', leader: 'a', replicas: [{ name: 'b', current: true, lag: 40 }, { name: 'c', current: true }] });
    assert.equal(peers[1].state, 'lagging');
    const v = classifyHealth(3, peers, true);
    assert.equal(v.health, 'healthy');
    assert.match(v.reason, /catching up: b lagging \(40 behind\)/);
  });

  it('summarises a stream info into what the tree shows', () => {
    const s = summarizeStream({
      config: { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3, storage: 'memory', retention: 'workqueue', sources: [{ name: 'A' }] },
      created: '2026-01-01T00:00:00Z',
      state: { messages: 5, bytes: 500, consumer_count: 2 },
      cluster: oneDown,
    });
    assert.equal(s.name, 'ORDERS');
    assert.deepEqual(s.subjects, ['orders.>']);
    assert.equal(s.replicas, 3);
    assert.equal(s.storage, 'memory');
    assert.equal(s.cluster, 'c1');
    assert.equal(s.leader, 'c1-n3');
    assert.equal(s.peers.length, 3);
    assert.deepEqual([s.messages, s.bytes, s.consumers], [5, 500, 2]);
    assert.deepEqual(s.sources, ['A']);
    assert.equal(s.health, 'degraded');
    const standalone = summarizeStream({ config: { name: 'S' } });
    assert.equal(standalone.health, 'healthy');
    assert.equal(standalone.replicas, 1);
    assert.deepEqual(standalone.peers, []);
  });
});
