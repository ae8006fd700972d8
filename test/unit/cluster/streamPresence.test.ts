/**
 * The one rule of the live view: a stream shown leaves only on its STREAM.DELETED advisory or on a
 * 10059 "not found" that STREAM.NAMES confirms; every other look keeps it (as "unavailable" where
 * its replicas were, when the server cannot describe it now).
 */
import * as assert from 'node:assert/strict';
import { StreamSighting, StreamSummary, applySightings, judgeStream, summarizeStream } from '../../../src/core/cluster';

// Stream infos as nats-server 2.9.10 sends them on the 3-node cluster c1.
const r1 = summarizeStream({ config: { name: 'R1S', subjects: ['r1.>'], num_replicas: 1, storage: 'file' }, cluster: { name: 'c1', leader: 'c1-n2' } });
const r3 = summarizeStream({
  config: { name: 'R3S', subjects: ['r3.>'], num_replicas: 3, storage: 'file' },
  cluster: { name: 'c1', leader: 'c1-n1', replicas: [{ name: 'c1-n2', current: true, active: 30e6 }, { name: 'c1-n3', current: true, active: 31e6 }] },
});
const other = summarizeStream({ config: { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3 }, cluster: { name: 'c1', leader: 'c1-n3', replicas: [{ name: 'c1-n1', current: true }, { name: 'c1-n2', current: true }] } });
const shown: StreamSummary[] = [other, r1, r3];

const look = (entries: [string, StreamSighting][]): Map<string, StreamSighting> => new Map(entries);
const names = (streams: StreamSummary[]): string[] => streams.map((s) => s.name);
const timeout: StreamSighting = { kind: 'unanswered', reason: 'timeout' };

describe('cluster: when a stream leaves the live view', () => {
  describe('judgeStream', () => {
    it('lets a shown stream go on its deletion advisory', () => {
      assert.deepEqual(judgeStream('R1S', r1, { kind: 'deleted' }), { leave: 'deleted (its STREAM.DELETED advisory)' });
    });

    it('lets a shown stream go on a 10059 that STREAM.NAMES confirms', () => {
      assert.deepEqual(judgeStream('R1S', r1, { kind: 'not-found', stillNamed: false }), { leave: 'not found, and STREAM.NAMES no longer names it' });
    });

    it('keeps an R1 stream the server says it does not have while STREAM.NAMES still names it: unavailable, naming its server', () => {
      const v = judgeStream('R1S', r1, { kind: 'not-found', stillNamed: true });
      assert.ok('keep' in v);
      assert.equal(v.keep.health, 'unavailable');
      assert.match(v.keep.healthReason, /^unavailable: its only replica is on server c1-n2; a server did not find it, though the cluster still names it/);
      assert.deepEqual(v.keep.peers, [{ name: 'c1-n2', leader: false, state: 'offline' }]);
      assert.equal(v.keep.leader, undefined);
      assert.deepEqual(v.keep.subjects, ['r1.>'], 'what was known of it stays');
    });

    it('keeps a stream whose 10059 could not be checked (STREAM.NAMES unanswered)', () => {
      const v = judgeStream('R1S', r1, { kind: 'not-found', stillNamed: undefined });
      assert.ok('keep' in v);
      assert.match(v.keep.healthReason, /^unavailable: its only replica is on server c1-n2; a server did not find it now/);
    });

    it('keeps a stream whose info request timed out: unavailable, naming where its replicas were', () => {
      const a = judgeStream('R1S', r1, timeout);
      assert.ok('keep' in a);
      assert.match(a.keep.healthReason, /^unavailable: its only replica is on server c1-n2; the server could not report this stream \(timeout\)$/);
      const b = judgeStream('R3S', r3, timeout);
      assert.ok('keep' in b);
      assert.match(b.keep.healthReason, /^unavailable: no replica answers now \(its leader was c1-n1, a new one may be being elected\)/);
      assert.deepEqual(
        b.keep.peers.map((p) => p.name),
        ['c1-n1', 'c1-n2', 'c1-n3'],
      );
    });

    it('keeps an unavailable stream unavailable at the next look (the placement is not lost)', () => {
      const first = judgeStream('R1S', r1, timeout);
      assert.ok('keep' in first);
      const second = judgeStream('R1S', first.keep, { kind: 'not-found', stillNamed: true });
      assert.ok('keep' in second);
      assert.match(second.keep.healthReason, /^unavailable: its only replica is on server c1-n2;/);
    });

    it('takes a described stream as described (also a new leader after an unavailable spell)', () => {
      const back = summarizeStream({ config: { name: 'R1S', subjects: ['r1.>'], num_replicas: 1 }, cluster: { name: 'c1', leader: 'c1-n2' } });
      assert.deepEqual(judgeStream('R1S', r1, { kind: 'described', summary: back }), { keep: back });
    });

    it('does not add a stream it never showed from a deletion, a confirmed or an unconfirmed 10059', () => {
      assert.deepEqual(judgeStream('NEW', undefined, { kind: 'deleted' }), { ignore: true });
      assert.deepEqual(judgeStream('NEW', undefined, { kind: 'not-found', stillNamed: false }), { ignore: true });
      assert.deepEqual(judgeStream('NEW', undefined, { kind: 'not-found', stillNamed: undefined }), { ignore: true });
    });

    it('adds a stream it never showed when the cluster names it or it is described, even without an answer', () => {
      const named = judgeStream('NEW', undefined, { kind: 'not-found', stillNamed: true });
      assert.ok('keep' in named);
      assert.equal(named.keep.health, 'unknown');
      const unanswered = judgeStream('NEW', undefined, timeout);
      assert.ok('keep' in unanswered);
      assert.equal(unanswered.keep.health, 'unknown');
    });
  });

  describe('applySightings', () => {
    it('keeps every stream a look does not mention, as it was (a listing that left it out)', () => {
      const seen = applySightings(shown, look([['ORDERS', { kind: 'described', summary: other }]]));
      assert.deepEqual(names(seen.streams), ['ORDERS', 'R1S', 'R3S']);
      assert.equal(seen.streams[1], r1);
      assert.deepEqual(seen.left, []);
    });

    it('removes only what the rule lets go, and says why', () => {
      const seen = applySightings(
        shown,
        look([
          ['ORDERS', { kind: 'deleted' }],
          ['R1S', timeout],
          ['R3S', { kind: 'not-found', stillNamed: false }],
        ]),
      );
      assert.deepEqual(names(seen.streams), ['R1S']);
      assert.equal(seen.streams[0].health, 'unavailable');
      assert.deepEqual(seen.left, [
        { name: 'ORDERS', why: 'deleted (its STREAM.DELETED advisory)' },
        { name: 'R3S', why: 'not found, and STREAM.NAMES no longer names it' },
      ]);
    });

    it('keeps a dead server’s R1 stream through any number of looks that cannot reach it', () => {
      let streams = shown;
      const looks: StreamSighting[] = [timeout, { kind: 'not-found', stillNamed: true }, { kind: 'not-found', stillNamed: undefined }, timeout];
      for (const s of looks) streams = applySightings(streams, look([['R1S', s]])).streams;
      assert.deepEqual(names(streams), ['ORDERS', 'R1S', 'R3S']);
      assert.match(streams[1].healthReason, /^unavailable: its only replica is on server c1-n2;/);
    });

    it('adds new streams in name order among those shown and counts them', () => {
      const a = summarizeStream({ config: { name: 'AAA', num_replicas: 1 } });
      const p = summarizeStream({ config: { name: 'PAYMENTS', num_replicas: 1 } });
      const z = summarizeStream({ config: { name: 'ZZZ', num_replicas: 1 } });
      const seen = applySightings(
        shown,
        look([
          ['ZZZ', { kind: 'described', summary: z }],
          ['AAA', { kind: 'described', summary: a }],
          ['PAYMENTS', { kind: 'described', summary: p }],
          ['GONE', { kind: 'deleted' }],
        ]),
      );
      assert.deepEqual(names(seen.streams), ['AAA', 'ORDERS', 'PAYMENTS', 'R1S', 'R3S', 'ZZZ']);
      assert.equal(seen.added, 3);
      assert.deepEqual(seen.left, [], 'a deletion of a stream never shown is no departure');
    });

    it('does not change the array it is given', () => {
      const before = [...shown];
      applySightings(shown, look([['R1S', { kind: 'deleted' }]]));
      assert.deepEqual(shown, before);
    });
  });
});
