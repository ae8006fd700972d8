/**
 * The reads behind Apply to Server's deletion prediction, from a server that lies: an impostor
 * answers the JetStream API on a real nats-server 2.9.10 without JetStream. Per-subject counts in
 * pages of one for a huge total are refused after the first page, a page sent again and again ends
 * the listing, and message times that make no sense leave the prediction at its range instead of
 * reading for ever.
 */
import * as assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { ApplyFailure, Connection, MAX_PAGES, planApply } from '../../../src/core/cluster';
import { impostorSuite } from './helpers';

const encode = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));
const decode = (d: Uint8Array): Record<string, unknown> => JSON.parse(new TextDecoder().decode(d) || '{}') as Record<string, unknown>;

const LIVE = { name: 'H', subjects: ['h.>'], retention: 'limits', max_consumers: -1, max_msgs: -1, max_bytes: -1, max_age: 0, max_msgs_per_subject: 10, max_msg_size: -1, discard: 'old', storage: 'file', num_replicas: 1, duplicate_window: 120e9 };

describe('the deletion prediction from a server that lies', function () {
  this.timeout(60_000);
  const suite = impostorSuite();
  let conn: Connection;
  let impostor: NatsConnection;
  before(() => ({ conn, impostor } = suite));
  const asked = { info: 0, counts: 0, get: 0 };

  /** Answers STREAM.INFO.H (plain: `state`; with subjects_filter: `counts(offset)`) and STREAM.MSG.GET.H (`get(seq)`). */
  async function impostorStream(
    state: Record<string, unknown>,
    counts: (offset: number) => unknown,
    get: (seq: number) => unknown = () => ({ error: { code: 404, err_code: 10037, description: 'no message found' } }),
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    Object.assign(asked, { info: 0, counts: 0, get: 0 });
    for (const s of suite.subs.splice(0)) s.unsubscribe();
    suite.subs.push(
      impostor.subscribe('$JS.API.STREAM.INFO.H', {
        callback: (_e, m) => {
          const req = decode(m.data);
          if (req.subjects_filter) {
            asked.counts++;
            m.respond(encode(counts(typeof req.offset === 'number' ? req.offset : 0)));
          } else {
            asked.info++;
            m.respond(encode({ config: LIVE, state, created: new Date().toISOString(), ...extra }));
          }
        },
      }),
      impostor.subscribe('$JS.API.STREAM.MSG.GET.H', {
        callback: (_e, m) => {
          asked.get++;
          m.respond(encode(get(Number(decode(m.data).seq))));
        },
      }),
    );
    await impostor.flush();
  }

  it('per-subject counts in pages of one for 50,000 subjects: refused after the first page, nothing planned', async () => {
    await impostorStream({ messages: 100, bytes: 10_000, first_seq: 1, last_seq: 100, num_subjects: 3 }, (offset) => ({ total: 50_000, offset, limit: 1, state: { subjects: { [`h.${offset}`]: 50 } } }));
    await assert.rejects(planApply(conn, { ...LIVE, max_msgs_per_subject: 2 }, { timeoutMs: 2000 }), (e: unknown) => {
      assert.ok(e instanceof ApplyFailure, String(e));
      assert.match(e.message, new RegExp(`per-subject counts of stream H come 1 at a time for 50000 entries: 50000 requests, more than the ${MAX_PAGES}`));
      return true;
    });
    assert.equal(asked.counts, 1);
  });

  it('per-subject counts: the same page again and again ends the listing with the counts it holds', async () => {
    await impostorStream({ messages: 100, bytes: 10_000, first_seq: 1, last_seq: 100, num_subjects: 3 }, (offset) => ({ total: 1_000, offset, limit: 2, state: { subjects: { 'h.a': 50, 'h.b': 5 } } }));
    const plan = await planApply(conn, { ...LIVE, max_msgs_per_subject: 2 }, { timeoutMs: 2000 });
    assert.deepEqual(plan.loss?.deleted, { min: 51, max: 51 }, '48 + 3 from the counts it was given');
    assert.equal(asked.counts, 2, 'the second page named nothing new');
  });

  it('message times: a million messages take at most 20 reads; a last message that turns out old contradicts the state and keeps the range', async () => {
    const now = Date.now();
    const state = { messages: 1_000_000, bytes: 1e8, first_seq: 1, last_seq: 1_000_000, first_ts: new Date(now - 3_600_000).toISOString(), last_ts: new Date(now).toISOString() };
    const old = new Date(now - 7_200_000).toISOString();
    const young = new Date(now).toISOString();
    await impostorStream(state, () => ({}), (seq) => ({ message: { subject: 'h.x', seq, time: seq <= 123_456 ? old : young } }));
    const found = await planApply(conn, { ...LIVE, max_age: 60e9 }, { timeoutMs: 2000 });
    assert.deepEqual(found.loss?.deleted, { min: 123_456, max: 123_456 });
    assert.ok(asked.get <= 20, `${asked.get} reads`);

    await impostorStream(state, () => ({}), () => ({ message: { subject: 'h.x', seq: 1_000_000, time: old } }));
    const contradicted = await planApply(conn, { ...LIVE, max_age: 60e9 }, { timeoutMs: 2000 });
    assert.deepEqual(contradicted.loss?.deleted, { min: 1, max: 999_999 });
    assert.equal(asked.get, 1);
  });

  it('message reads answered with garbage: the range, not a failure', async () => {
    const now = Date.now();
    const state = { messages: 10, bytes: 1000, first_seq: 1, last_seq: 10, first_ts: new Date(now - 3_600_000).toISOString(), last_ts: new Date(now).toISOString() };
    await impostorStream(state, () => ({}), () => ({ message: { seq: 'five', time: 'yesterday' } }));
    const plan = await planApply(conn, { ...LIVE, max_age: 60e9 }, { timeoutMs: 2000 });
    assert.deepEqual(plan.loss?.deleted, { min: 1, max: 9 });
    assert.equal(asked.get, 1, 'one read that made no sense ends the search');
  });

  it("a server that says its time (ts, as 2.10 on does): max_age is measured by the server's clock, not this computer's", async () => {
    const serverNow = Date.now() + 3_600_000; // an hour ahead of this computer
    const state = { messages: 10, bytes: 1000, first_seq: 1, last_seq: 10, first_ts: new Date(serverNow - 600_000).toISOString(), last_ts: new Date(serverNow - 360_000).toISOString() };
    await impostorStream(state, () => ({}), undefined, { ts: new Date(serverNow).toISOString() });
    const plan = await planApply(conn, { ...LIVE, max_age: 300e9 }, { timeoutMs: 2000 });
    assert.deepEqual(plan.loss?.deleted, { min: 10, max: 10 }, 'every message is over 5 minutes old by the server’s clock (by this computer’s, none is)');
    assert.match(plan.loss?.lines.at(-1) ?? '', /\(the server's clock\)/);
  });

  it('a state of garbage (text, negative, huge numbers): read as none, nothing predicted, no failure', async () => {
    await impostorStream({ messages: 'lots', bytes: -5, first_seq: 2 ** 80, last_seq: null, first_ts: 'yesterday', num_subjects: -1 }, () => ({}));
    const plan = await planApply(conn, { ...LIVE, max_msgs: 1, max_bytes: 1, max_age: 1e9, max_msgs_per_subject: 1 }, { timeoutMs: 2000 });
    assert.deepEqual(plan.loss?.deleted, { min: 0, max: 0 });
    assert.equal(plan.loss?.summary, '');
    assert.equal(asked.counts + asked.get, 0, 'nothing more was read for an empty stream');
  });
});
