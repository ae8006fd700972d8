import * as assert from 'node:assert/strict';
import { MAX_AGE_PROBES, MessageProbe, StreamStateSnapshot, ageCutoff, countOlderThan, lossIsSerious, needsSubjectCounts, predictApplyLoss } from '../../../src/core/cluster';
import { LIVE_MINIMAL } from './liveConfigs';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const S = 1e9;
/** A stream of `messages` messages of 100 bytes, the first stored `firstAgo` s before NOW, the last `lastAgo` s before. */
function state(messages: number, extra: Partial<StreamStateSnapshot> & { firstAgo?: number; lastAgo?: number } = {}): StreamStateSnapshot {
  const { firstAgo = 3600, lastAgo = 0, ...rest } = extra;
  return {
    messages,
    bytes: messages * 100,
    first_seq: messages ? 1 : 0,
    last_seq: messages,
    first_ts: new Date(NOW - firstAgo * 1000).toISOString(),
    last_ts: new Date(NOW - lastAgo * 1000).toISOString(),
    num_subjects: 1,
    ...rest,
  };
}
const live = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...LIVE_MINIMAL, ...extra });
const want = (extra: Record<string, unknown>): Record<string, unknown> => ({ name: 'A', ...extra });

describe('cluster: what an update deletes (prediction from the stream state)', () => {
  it('max_msgs: exactly the oldest beyond the new limit, with the figures first', () => {
    const loss = predictApplyLoss(live({ max_msgs: 1_000_000 }), want({ max_msgs: 1000 }), state(5_000_000), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 4_999_000, max: 4_999_000 });
    assert.equal(loss.summary, 'Deletes 4,999,000 of 5,000,000 messages now: max_msgs 1,000,000 → 1,000.');
    assert.deepEqual(loss.firstSeqAfter, { min: 4_999_001, max: 4_999_001 });
    assert.match(loss.lines[0], /keeping the newest 1,000 \(exact\)/);
    assert.match(loss.lines.at(-1)!, /as of 2026-12-03 12:00:00 UTC \(this computer's clock\)/);
    const byServer = predictApplyLoss(live({ max_msgs: 1_000_000 }), want({ max_msgs: 1000 }), state(5_000_000), { now: NOW, clock: 'server' });
    assert.match(byServer.lines.at(-1)!, /as of 2026-12-03 12:00:00 UTC \(the server's clock\)/, "nats-server 2.10 on says its time in the info reply's ts");
    assert.equal(lossIsSerious(loss), true);
  });

  it('max_msgs from unlimited, and a limit the stream already fits, delete what the state says', () => {
    assert.equal(predictApplyLoss(live(), want({ max_msgs: 10 }), state(25), { now: NOW }).deleted.min, 15);
    const fits = predictApplyLoss(live(), want({ max_msgs: 10 }), state(10), { now: NOW });
    assert.deepEqual(fits.deleted, { min: 0, max: 0 });
    assert.equal(fits.summary, '');
    assert.equal(lossIsSerious(fits), false);
  });

  it('raising or lifting limits deletes nothing', () => {
    const loss = predictApplyLoss(live({ max_msgs: 10, max_bytes: 1000, max_age: 60 * S, max_msgs_per_subject: 2 }), want({ max_msgs: 100, max_bytes: -1, max_age: 0, max_msgs_per_subject: 0 }), state(10, { firstAgo: 50 }), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.deepEqual(loss.causes, []);
    assert.deepEqual(loss.lines, []);
  });

  it('max_bytes: a range (the sizes of single messages decide) with the average-size estimate', () => {
    const loss = predictApplyLoss(live(), want({ max_bytes: 250 }), state(10), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 1, max: 10 });
    assert.equal(loss.causes[0].estimate, 8);
    assert.equal(loss.summary, 'Deletes between 1 and 10 of 10 messages (about 8 if the messages are of the average size) now: max_bytes unlimited → 250 bytes.');
    assert.match(loss.lines[0], /about 8 if they are of the average size/);
    assert.deepEqual(loss.firstSeqAfter, { min: 2, max: 11 });
  });

  it('max_age: all when every message is older, none when none is, a range in between', () => {
    const all = predictApplyLoss(live(), want({ max_age: 60 * S }), state(5, { firstAgo: 600, lastAgo: 120 }), { now: NOW });
    assert.deepEqual(all.deleted, { min: 5, max: 5 });
    assert.match(all.summary, /^Deletes all 5 messages now: max_age unlimited → 1m\./);
    assert.deepEqual(all.firstSeqAfter, { min: 6, max: 6 }, 'an emptied stream goes on after its last sequence');
    const none = predictApplyLoss(live(), want({ max_age: 60 * S }), state(5, { firstAgo: 30, lastAgo: 1 }), { now: NOW });
    assert.deepEqual(none.deleted, { min: 0, max: 0 });
    const some = predictApplyLoss(live({ max_age: 3600 * S }), want({ max_age: 60 * S }), state(5, { firstAgo: 600, lastAgo: 1 }), { now: NOW });
    assert.deepEqual(some.deleted, { min: 1, max: 4 });
    assert.match(some.lines[0], /stored before 2026-12-03 11:59:00 UTC/);
  });

  it('sealing sets max_age to 0 on the server: an age in the same file deletes nothing', () => {
    const loss = predictApplyLoss(live(), want({ max_age: 60 * S, sealed: true }), state(5, { firstAgo: 600, lastAgo: 120 }), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.deepEqual(loss.oneWay.map((o) => o.field), ['sealed'], 'sealing implies deny_delete and deny_purge: said once');
    assert.equal(loss.summary, 'Cannot be undone: sealed false → true.');
    assert.equal(lossIsSerious(loss), true);
  });

  it('deny_delete and deny_purge switched on are one-way; already on, or switched off, they are not', () => {
    assert.deepEqual(predictApplyLoss(live(), want({ deny_delete: true, deny_purge: true }), state(0), { now: NOW }).oneWay.map((o) => o.field), ['deny_delete', 'deny_purge']);
    assert.deepEqual(predictApplyLoss(live({ deny_delete: true }), want({ deny_delete: true }), state(3), { now: NOW }).oneWay, []);
    assert.deepEqual(predictApplyLoss(live({ sealed: true, deny_delete: true, deny_purge: true, discard: 'new' }), want({ sealed: true }), state(3), { now: NOW }).oneWay, []);
  });

  it('max_msgs_per_subject with counts: exactly the messages beyond the limit in each subject', () => {
    const counts = { 'a.1': 5, 'a.2': 1, 'a.3': 3 };
    const st = state(9, { num_subjects: 3 });
    assert.equal(needsSubjectCounts(live({ max_msgs_per_subject: 5 }), want({ max_msgs_per_subject: 2 }), st, '2.9.10'), true);
    const loss = predictApplyLoss(live({ max_msgs_per_subject: 5 }), want({ max_msgs_per_subject: 2 }), st, { now: NOW, serverVersion: '2.9.10', subjectCounts: counts });
    assert.deepEqual(loss.deleted, { min: 4, max: 4 });
    assert.match(loss.lines[0], /the oldest of 2 subjects holding more than 2 \(exact/);
    assert.equal(loss.firstSeqAfter, undefined, 'per-subject deletes leave gaps: the first sequence is not predicted');
  });

  it('max_msgs_per_subject without counts: bounded by the subject count', () => {
    const loss = predictApplyLoss(live({ max_msgs_per_subject: 10 }), want({ max_msgs_per_subject: 2 }), state(100, { num_subjects: 20 }), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 60, max: 80 });
  });

  it('max_msgs_per_subject from unlimited: nothing now before 2.12.10 (said, for later), trimmed at once from 2.12.10', () => {
    const st = state(9, { num_subjects: 3 });
    assert.equal(needsSubjectCounts(live(), want({ max_msgs_per_subject: 2 }), st, '2.9.10'), false, 'no counts asked for when nothing goes now');
    const old = predictApplyLoss(live(), want({ max_msgs_per_subject: 2 }), st, { now: NOW, serverVersion: '2.9.10' });
    assert.deepEqual(old.deleted, { min: 0, max: 0 });
    assert.equal(old.later.length, 1);
    assert.match(old.later[0], /deletes nothing now on nats-server 2\.9\.10: .*until the server restarts, which trims each to 2$/);
    const memory = predictApplyLoss(live({ storage: 'memory' }), want({ storage: 'memory', max_msgs_per_subject: 2 }), st, { now: NOW, serverVersion: '2.9.10' });
    assert.match(memory.later[0], /each subject holding more than 2 is trimmed to 2 when it receives its next message$/);
    assert.equal(needsSubjectCounts(live(), want({ max_msgs_per_subject: 2 }), st, '2.12.10'), true);
    const fresh = predictApplyLoss(live(), want({ max_msgs_per_subject: 2 }), st, { now: NOW, serverVersion: '2.12.10', subjectCounts: { a: 4, b: 4, c: 1 } });
    assert.deepEqual(fresh.deleted, { min: 4, max: 4 });
    assert.deepEqual(fresh.later, []);
  });

  it('a combination: the oldest-first limits take the longest run; per-subject deletes add up to the total', () => {
    const both = predictApplyLoss(live(), want({ max_msgs: 6, max_bytes: 500 }), state(10), { now: NOW });
    assert.deepEqual(both.deleted, { min: 4, max: 10 }, 'max_msgs alone deletes 4; max_bytes at least 1, up to all');
    assert.match(both.summary, /^Deletes between 4 and 10 of 10 messages \(about 5 if the messages are of the average size\) now: max_msgs unlimited → 6, max_bytes unlimited → 500 bytes\.$/);
    const withSubjects = predictApplyLoss(live({ max_msgs_per_subject: 5 }), want({ max_msgs: 8, max_msgs_per_subject: 2 }), state(10, { num_subjects: 2 }), {
      now: NOW,
      serverVersion: '2.9.10',
      subjectCounts: { a: 5, b: 5 },
    });
    assert.deepEqual(withSubjects.deleted, { min: 6, max: 8 });
  });

  it('an empty stream loses nothing, and a stream with interior deletes gets no first-sequence prediction', () => {
    assert.deepEqual(predictApplyLoss(live(), want({ max_msgs: 1, max_bytes: 1, max_age: S }), state(0), { now: NOW }).deleted, { min: 0, max: 0 });
    assert.equal(predictApplyLoss(live(), want({ max_msgs: 1 }), state(10, { num_deleted: 3 }), { now: NOW }).firstSeqAfter, undefined);
  });

  it('reads the server’s zero time for an empty stream’s timestamps as none', () => {
    const loss = predictApplyLoss(live(), want({ max_age: S }), state(2, { first_ts: '0001-01-01T00:00:00Z', last_ts: '0001-01-01T00:00:00Z' }), { now: NOW });
    assert.deepEqual(loss.deleted, { min: 1, max: 2 }, 'no times: at least one, up to all');
  });

  describe('counting the messages older than a new max_age from single messages\' times', () => {
    /** A fake stream: sequence → time (ms); missing sequences are deleted. Counts the probes. */
    function fake(times: Map<number, number>): { probe: MessageProbe; asked: number[] } {
      const asked: number[] = [];
      const seqs = [...times.keys()].sort((a, b) => a - b);
      return {
        asked,
        probe: (seq) => {
          asked.push(seq);
          const next = seqs.find((s) => s >= seq);
          return Promise.resolve(next === undefined ? undefined : { seq: next, time: times.get(next)! });
        },
      };
    }
    const stateOf = (times: Map<number, number>, deleted = 0): StreamStateSnapshot => {
      const seqs = [...times.keys()].sort((a, b) => a - b);
      return { messages: seqs.length, bytes: seqs.length * 100, first_seq: seqs[0], last_seq: seqs.at(-1)!, num_deleted: deleted };
    };

    it('finds the exact count in about log2(n) reads', async () => {
      const times = new Map(Array.from({ length: 1000 }, (_, i) => [i + 1, i * 10] as [number, number]));
      const { probe, asked } = fake(times);
      const found = await countOlderThan(stateOf(times), 4_995, probe);
      assert.deepEqual({ min: found!.min, max: found!.max }, { min: 500, max: 500 }, 'times 0..4990 are at or before 4995');
      assert.ok(asked.length <= 10, `${asked.length} reads`);
    });

    it('a cutoff exactly at a message’s time takes it (the server expires ts <= now - max_age)', async () => {
      const times = new Map([1, 2, 3, 4, 5].map((s) => [s, s * 1000] as [number, number]));
      assert.equal((await countOlderThan(stateOf(times), 3000, fake(times).probe))!.min, 3);
    });

    it('with interior deletes: exact when the gaps lie among the young, else a range of the gaps', async () => {
      const times = new Map([1, 2, 3, 4, 5, 6, 9, 10].map((s) => [s, s * 1000] as [number, number]));
      const found = await countOlderThan(stateOf(times, 2), 6500, fake(times).probe);
      assert.deepEqual({ min: found!.min, max: found!.max }, { min: 4, max: 6 }, 'the state does not say where the 2 gaps are');
      const gapsOld = new Map([1, 4, 5, 6, 7, 8].map((s) => [s, s * 1000] as [number, number]));
      const old = await countOlderThan(stateOf(gapsOld, 2), 5500, fake(gapsOld).probe);
      assert.ok(old!.min <= 3 && old!.max >= 3, 'the true count (1, 4, 5) is within the range');
    });

    it('gives up on messages out of time order and on a probe that answers nonsense; the largest stream takes at most 53 reads', async () => {
      const disordered = new Map([[1, 1000], [2, 9000], [3, 2000], [4, 9500]] as [number, number][]);
      const st = stateOf(disordered);
      const result = await countOlderThan(st, 5000, fake(disordered).probe);
      assert.ok(result === undefined || (result.min >= 1 && result.max <= 3), 'never outside what the state allows');
      assert.equal(await countOlderThan({ ...st, first_seq: 1, last_seq: 100 }, 5000, () => Promise.resolve({ seq: 1, time: 0 })), undefined, 'a message before the sequence asked for');
      let reads = 0;
      const endless: MessageProbe = (seq) => {
        reads++;
        return Promise.resolve({ seq, time: 0 });
      };
      const huge = Number.MAX_SAFE_INTEGER;
      const all = await countOlderThan({ messages: huge, bytes: 0, first_seq: 1, last_seq: huge }, 5000, endless);
      assert.ok(all && reads <= 53 && reads < MAX_AGE_PROBES, `the largest stream takes ${reads} reads`);
      assert.equal(await countOlderThan({ messages: 2 ** 70, bytes: 0, first_seq: 1, last_seq: 2 ** 70 }, 5000, endless), undefined, 'sequences beyond 2^53 are not read as numbers');
    });

    it('is asked for only when the new age takes some but not all messages, and not when sealing', () => {
      const some = state(10, { firstAgo: 600, lastAgo: 1 });
      assert.equal(ageCutoff(live(), want({ max_age: 60 * S }), some, NOW), NOW - 60_000);
      assert.equal(ageCutoff(live(), want({ max_age: 60 * S, sealed: true }), some, NOW), undefined);
      assert.equal(ageCutoff(live(), want({ max_age: 60 * S }), state(10, { firstAgo: 600, lastAgo: 120 }), NOW), undefined, 'all: the state decides');
      assert.equal(ageCutoff(live({ max_age: 30 * S }), want({ max_age: 60 * S }), some, NOW), undefined, 'a longer age deletes nothing');
    });

    it('the prediction uses the count read', () => {
      const loss = predictApplyLoss(live(), want({ max_age: 60 * S }), state(10, { firstAgo: 600, lastAgo: 1 }), { now: NOW, aged: { min: 7, max: 7 } });
      assert.deepEqual(loss.deleted, { min: 7, max: 7 });
      assert.match(loss.summary, /^Deletes 7 of 10 messages now: max_age unlimited → 1m\./);
      assert.match(loss.lines[0], /\(exact, found by reading the times of single messages\)/);
    });
  });
});
