/**
 * The prediction of what an update deletes, checked against nats-server itself: each stream is
 * filled with known messages, the shrinking update is planned, applied, and the prediction is
 * compared with the state the server reports afterwards (messages, bytes, first sequence).
 */
import * as assert from 'node:assert/strict';
import type { JetStreamManager } from 'nats';
import { ApplyLoss, ApplyPlan, Connection, apply, planApply } from '../../../src/core/cluster';
import { sleep, startCluster, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile, watchUnhandledRejections } from './helpers';

const PAYLOAD = new TextEncoder().encode('x'.repeat(100));

interface StateAfter {
  messages: number;
  bytes: number;
  first_seq: number;
  last_seq: number;
}

/** Publishes `count` messages of the same size to `subject` (acknowledged by the stream). */
async function publish(conn: Connection, subject: string, count: number): Promise<void> {
  const js = conn.nats.jetstream();
  for (let i = 0; i < count; i++) await js.publish(subject, PAYLOAD);
}

async function stateOf(jsm: JetStreamManager, name: string): Promise<StateAfter> {
  const { state } = await jsm.streams.info(name);
  return { messages: state.messages, bytes: state.bytes, first_seq: state.first_seq, last_seq: state.last_seq };
}

/** Plans `desired`, applies it as the command does (with the plan's config and prediction), and returns both with the state before and after. */
async function planAndApply(conn: Connection, jsm: JetStreamManager, desired: Record<string, unknown>): Promise<{ plan: ApplyPlan; loss: ApplyLoss; before: StateAfter; after: StateAfter }> {
  const name = String(desired.name);
  const before = await stateOf(jsm, name);
  const plan = await planApply(conn, desired);
  assert.ok(plan.loss, 'an update of an existing stream carries a prediction');
  const result = await apply(conn, desired, { expectedLive: plan.liveConfig, expectedLoss: plan.loss });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.action, 'updated');
  assert.ok(result.loss, 'the result carries the prediction made just before the update');
  return { plan, loss: plan.loss, before, after: await stateOf(jsm, name) };
}

const deletedCount = (before: StateAfter, after: StateAfter): number => before.messages - after.messages;
const within = (n: number, r: { min: number; max: number }, what: string): void => assert.ok(n >= r.min && n <= r.max, `${what}: ${n} not within ${r.min}..${r.max}`);

/**
 * Starts a server (or cluster) for a suite with user `a` connected, stops both after it, and
 * fails a test on any unhandled rejection.
 */
function suiteWith<T extends { url: string; stop(): Promise<void> }>(start: () => Promise<T>): { readonly target: T; readonly conn: Connection; readonly jsm: JetStreamManager } {
  const rejections = watchUnhandledRejections();
  const held: { target?: T; conn?: Connection; jsm?: JetStreamManager } = {};
  before(async () => {
    held.target = await start();
    held.conn = await Connection.open(profile('a', held.target.url, { user: 'a' }), { secret: 'a' });
    held.jsm = await held.conn.nats.jetstreamManager();
  });
  after(async () => {
    await held.conn?.close();
    await held.target?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());
  return {
    get target() {
      return held.target!;
    },
    get conn() {
      return held.conn!;
    },
    get jsm() {
      return held.jsm!;
    },
  };
}

describe('cluster: what Apply to Server predicts it deletes, against a real server', function () {
  this.timeout(60_000);
  const suite = suiteWith(() => startServer({ extraConfig: ACCOUNTS_CONFIG }));
  let conn: Connection;
  let jsm: JetStreamManager;
  before(() => ({ conn, jsm } = suite));

  it('max_msgs: deletes exactly the oldest beyond the limit, as predicted', async () => {
    await jsm.streams.add({ name: 'LOSS_MSGS', subjects: ['loss.msgs'], max_msgs: 1000 });
    await publish(conn, 'loss.msgs', 50);
    const { plan, loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_MSGS', subjects: ['loss.msgs'], max_msgs: 20 });
    assert.deepEqual(loss.deleted, { min: 30, max: 30 });
    assert.equal(loss.summary, 'Deletes 30 of 50 messages now: max_msgs 1,000 → 20.');
    assert.deepEqual(plan.changes.map((c) => c.field), ['max_msgs']);
    assert.equal(deletedCount(before, after), 30);
    assert.deepEqual(loss.firstSeqAfter, { min: after.first_seq, max: after.first_seq });
    assert.equal(after.first_seq, 31);
    assert.equal(after.bytes, (before.bytes / 50) * 20);
  });

  it('max_msgs with discard new: the update still deletes the oldest (discard only refuses new messages), as predicted', async () => {
    await jsm.streams.add({ name: 'LOSS_NEW', subjects: ['loss.new'], discard: 'new' as never, max_msgs: 100 });
    await publish(conn, 'loss.new', 12);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_NEW', subjects: ['loss.new'], discard: 'new', max_msgs: 5 });
    assert.deepEqual(loss.deleted, { min: 7, max: 7 });
    assert.equal(deletedCount(before, after), 7);
    assert.equal(after.first_seq, 8);
  });

  it('max_bytes: the real count lies in the predicted range, and equals the average-size estimate for equal messages', async () => {
    await jsm.streams.add({ name: 'LOSS_BYTES', subjects: ['loss.bytes'] });
    await publish(conn, 'loss.bytes', 40);
    const { bytes } = await stateOf(jsm, 'LOSS_BYTES');
    const limit = Math.floor(bytes * 0.3);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_BYTES', subjects: ['loss.bytes'], max_bytes: limit });
    const real = deletedCount(before, after);
    within(real, loss.deleted, 'deleted messages');
    assert.equal(loss.causes[0].estimate, real, 'equal messages: the estimate is the count');
    assert.ok(after.bytes <= limit, `${after.bytes} bytes fit in ${limit}`);
    within(after.first_seq, loss.firstSeqAfter!, 'first sequence after');
  });

  it('max_bytes on a memory stream (other per-message overhead): the estimate still matches equal messages', async () => {
    await jsm.streams.add({ name: 'LOSS_MEM', subjects: ['loss.mem'], storage: 'memory' as never });
    await publish(conn, 'loss.mem', 30);
    const { bytes } = await stateOf(jsm, 'LOSS_MEM');
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_MEM', subjects: ['loss.mem'], storage: 'memory', max_bytes: Math.floor(bytes / 2) });
    assert.equal(loss.causes[0].estimate, deletedCount(before, after));
    within(deletedCount(before, after), loss.deleted, 'deleted messages');
  });

  it('max_age: every message older than the new age goes (exact), and none younger', async () => {
    await jsm.streams.add({ name: 'LOSS_AGE_ALL', subjects: ['loss.age.all'] });
    await publish(conn, 'loss.age.all', 5);
    await sleep(1_300);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_AGE_ALL', subjects: ['loss.age.all'], max_age: 1e9 });
    assert.deepEqual(loss.deleted, { min: 5, max: 5 });
    assert.match(loss.summary, /^Deletes all 5 messages now: max_age unlimited → 1s\./);
    assert.equal(deletedCount(before, after), 5);
    assert.deepEqual(loss.firstSeqAfter, { min: after.first_seq, max: after.first_seq });
  });

  it('max_age: with old and young messages, the count read from single messages\' times is exact', async () => {
    await jsm.streams.add({ name: 'LOSS_AGE_SOME', subjects: ['loss.age.some'] });
    await publish(conn, 'loss.age.some', 5);
    await sleep(2_500);
    // The younger five stay younger than 2 s until well after the update.
    await publish(conn, 'loss.age.some', 5);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_AGE_SOME', subjects: ['loss.age.some'], max_age: 2e9 });
    assert.deepEqual(loss.deleted, { min: 5, max: 5 });
    assert.equal(deletedCount(before, after), 5, 'the five older than 2 s went');
    assert.deepEqual(loss.firstSeqAfter, { min: after.first_seq, max: after.first_seq });
  });

  it('max_age with a message deleted among the old ones: a range of the gaps, holding the real count', async () => {
    await jsm.streams.add({ name: 'LOSS_AGE_GAP', subjects: ['loss.age.gap'] });
    await publish(conn, 'loss.age.gap', 6);
    await jsm.streams.deleteMessage('LOSS_AGE_GAP', 3);
    await sleep(2_500);
    await publish(conn, 'loss.age.gap', 4);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_AGE_GAP', subjects: ['loss.age.gap'], max_age: 2e9 });
    assert.deepEqual(loss.deleted, { min: 5, max: 6 }, 'sequences 1 to 6 are old, one of them deleted: the state does not say where');
    assert.equal(deletedCount(before, after), 5);
    within(deletedCount(before, after), loss.deleted, 'deleted messages');
  });

  it('max_msgs_per_subject lowered from a limit: exactly the messages beyond it in each subject (from the per-subject counts)', async () => {
    await jsm.streams.add({ name: 'LOSS_PER', subjects: ['loss.per.*'], max_msgs_per_subject: 10 });
    await publish(conn, 'loss.per.a', 6);
    await publish(conn, 'loss.per.b', 2);
    await publish(conn, 'loss.per.c', 4);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_PER', subjects: ['loss.per.*'], max_msgs_per_subject: 3 });
    assert.deepEqual(loss.deleted, { min: 4, max: 4 });
    assert.equal(deletedCount(before, after), 4);
    const { state } = await jsm.streams.info('LOSS_PER', { subjects_filter: '>' });
    assert.deepEqual(state.subjects, { 'loss.per.a': 3, 'loss.per.b': 2, 'loss.per.c': 3 });
  });

  it('max_msgs_per_subject set where there was none, file stream: nats-server 2.9 deletes nothing at the update, as predicted; a new message replaces a subject\'s oldest', async () => {
    await jsm.streams.add({ name: 'LOSS_PER_NEW', subjects: ['loss.pernew.*'] });
    await publish(conn, 'loss.pernew.a', 6);
    await publish(conn, 'loss.pernew.b', 4);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_PER_NEW', subjects: ['loss.pernew.*'], max_msgs_per_subject: 2 });
    assert.match(conn.server!.version, /^2\.9\./, 'this case documents the 2.9 line');
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.equal(loss.later.length, 1);
    assert.match(loss.later[0], /deletes nothing now on nats-server 2\.9\.\d+: .*until the server restarts/);
    assert.equal(deletedCount(before, after), 0);
    await publish(conn, 'loss.pernew.a', 1);
    const { state } = await jsm.streams.info('LOSS_PER_NEW', { subjects_filter: '>' });
    assert.deepEqual(state.subjects, { 'loss.pernew.a': 6, 'loss.pernew.b': 4 }, 'the new message replaced the oldest of its subject; nothing was trimmed');
  });

  it('max_msgs_per_subject set where there was none, memory stream: nothing at the update, as predicted; a subject is trimmed at its next message', async () => {
    await jsm.streams.add({ name: 'LOSS_PER_MEM', subjects: ['loss.permem.*'], storage: 'memory' as never });
    await publish(conn, 'loss.permem.a', 6);
    await publish(conn, 'loss.permem.b', 4);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_PER_MEM', subjects: ['loss.permem.*'], storage: 'memory', max_msgs_per_subject: 2 });
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.match(loss.later[0], /trimmed to 2 when it receives its next message/);
    assert.equal(deletedCount(before, after), 0);
    await publish(conn, 'loss.permem.a', 1);
    const { state } = await jsm.streams.info('LOSS_PER_MEM', { subjects_filter: '>' });
    assert.deepEqual(state.subjects, { 'loss.permem.a': 2, 'loss.permem.b': 4 }, 'the subject that received a message was trimmed, the other not');
  });

  it('a combination of max_msgs and max_bytes: the real count lies in the combined range', async () => {
    await jsm.streams.add({ name: 'LOSS_COMBO', subjects: ['loss.combo'] });
    await publish(conn, 'loss.combo', 50);
    const { bytes } = await stateOf(jsm, 'LOSS_COMBO');
    const perMessage = bytes / 50;
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_COMBO', subjects: ['loss.combo'], max_msgs: 30, max_bytes: Math.floor(perMessage * 10.5) });
    assert.deepEqual(loss.causes.map((c) => c.field), ['max_msgs', 'max_bytes']);
    assert.deepEqual(loss.deleted, { min: 20, max: 50 });
    assert.equal(deletedCount(before, after), 40, '10 messages fit');
    assert.match(loss.summary, /^Deletes between 20 and 50 of 50 messages \(about 40 if the messages are of the average size\) now:/);
    within(deletedCount(before, after), loss.deleted, 'deleted messages');
    within(after.first_seq, loss.firstSeqAfter!, 'first sequence after');
  });

  it('raising limits deletes nothing, and says nothing alarming', async () => {
    await jsm.streams.add({ name: 'LOSS_RAISE', subjects: ['loss.raise'], max_msgs: 20, max_bytes: 1_000_000, max_age: 3600e9, max_msgs_per_subject: 20 });
    await publish(conn, 'loss.raise', 20);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_RAISE', subjects: ['loss.raise'], max_msgs: 100, max_bytes: 2_000_000, max_age: 7200e9, max_msgs_per_subject: 50 });
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.equal(loss.summary, '');
    assert.deepEqual(after, before);
  });

  it('sealing is one-way: predicted as such, and the server refuses to unseal', async () => {
    await jsm.streams.add({ name: 'LOSS_SEAL', subjects: ['loss.seal'] });
    await publish(conn, 'loss.seal', 3);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_SEAL', subjects: ['loss.seal'], sealed: true });
    assert.deepEqual(loss.oneWay.map((o) => o.field), ['sealed']);
    assert.equal(loss.summary, 'Cannot be undone: sealed false → true.');
    assert.deepEqual(after, before);
    const back = await apply(conn, { name: 'LOSS_SEAL', subjects: ['loss.seal'] });
    assert.equal(back.ok, false);
    if (!back.ok) assert.match(back.error.message, /can not unseal a sealed stream/);
  });

  it('deny_delete is one-way: predicted, and the server refuses to lift it', async () => {
    await jsm.streams.add({ name: 'LOSS_DENY', subjects: ['loss.deny'] });
    const { loss } = await planAndApply(conn, jsm, { name: 'LOSS_DENY', subjects: ['loss.deny'], deny_delete: true });
    assert.deepEqual(loss.oneWay.map((o) => o.field), ['deny_delete']);
    const back = await apply(conn, { name: 'LOSS_DENY', subjects: ['loss.deny'] });
    assert.equal(back.ok, false);
    if (!back.ok) assert.match(back.error.message, /can not cancel deny message deletes/);
  });

  it('stops with a conflict when a plan that deleted nothing would now delete messages, and changes nothing', async () => {
    await jsm.streams.add({ name: 'LOSS_GREW', subjects: ['loss.grew'] });
    await publish(conn, 'loss.grew', 10);
    const desired = { name: 'LOSS_GREW', subjects: ['loss.grew'], max_msgs: 15 };
    const plan = await planApply(conn, desired);
    assert.deepEqual(plan.loss?.deleted, { min: 0, max: 0 });
    await publish(conn, 'loss.grew', 10);
    const result = await apply(conn, desired, { expectedLive: plan.liveConfig, expectedLoss: plan.loss! });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.kind, 'conflict');
      assert.match(result.error.message, /would now delete 5 of its 20 messages/);
    }
    assert.equal((await stateOf(jsm, 'LOSS_GREW')).messages, 20);
    assert.equal((await jsm.streams.info('LOSS_GREW')).config.max_msgs, -1, 'not updated');
  });

  it('a plan that already deletes goes ahead when more messages arrived, and reports the count at the update', async () => {
    await jsm.streams.add({ name: 'LOSS_MORE', subjects: ['loss.more'] });
    await publish(conn, 'loss.more', 10);
    const desired = { name: 'LOSS_MORE', subjects: ['loss.more'], max_msgs: 5 };
    const plan = await planApply(conn, desired);
    assert.deepEqual(plan.loss?.deleted, { min: 5, max: 5 });
    await publish(conn, 'loss.more', 3);
    const result = await apply(conn, desired, { expectedLive: plan.liveConfig, expectedLoss: plan.loss! });
    assert.ok(result.ok);
    assert.deepEqual(result.loss?.deleted, { min: 8, max: 8 });
    assert.equal((await stateOf(jsm, 'LOSS_MORE')).messages, 5);
  });
});

describe('cluster: a per-subject limit set where there was none, on a file stream, after a restart', function () {
  this.timeout(60_000);
  const suite = suiteWith(() => startServer({ extraConfig: ACCOUNTS_CONFIG }));

  it('is enforced when the server restarts, as the prediction says', async () => {
    const { conn, jsm, target: server } = suite;
    await jsm.streams.add({ name: 'LOSS_PER_RESTART', subjects: ['loss.restart.*'] });
    await publish(conn, 'loss.restart.a', 6);
    await publish(conn, 'loss.restart.b', 1);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_PER_RESTART', subjects: ['loss.restart.*'], max_msgs_per_subject: 2 });
    assert.deepEqual(loss.deleted, { min: 0, max: 0 });
    assert.deepEqual(after, before);
    await server.kill();
    await server.start();
    const again = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
    try {
      const { state } = await (await again.nats.jetstreamManager()).streams.info('LOSS_PER_RESTART', { subjects_filter: '>' });
      assert.deepEqual(state.subjects, { 'loss.restart.a': 2, 'loss.restart.b': 1 });
    } finally {
      await again.close();
    }
  });
});

describe('cluster: what Apply to Server predicts it deletes, on a 3-node cluster', function () {
  this.timeout(90_000);
  const suite = suiteWith(() => startCluster({ extraConfig: ACCOUNTS_CONFIG }));

  it('an R3 stream: max_msgs and max_msgs_per_subject deletions as predicted', async () => {
    const { conn, jsm } = suite;
    await jsm.streams.add({ name: 'LOSS_R3', subjects: ['loss.r3.*'], num_replicas: 3, max_msgs_per_subject: 20 });
    await publish(conn, 'loss.r3.a', 12);
    await publish(conn, 'loss.r3.b', 8);
    const { loss, before, after } = await planAndApply(conn, jsm, { name: 'LOSS_R3', subjects: ['loss.r3.*'], num_replicas: 3, max_msgs: 15, max_msgs_per_subject: 10 });
    assert.deepEqual(loss.causes.map((c) => [c.field, c.messages.min, c.messages.max]), [
      ['max_msgs', 5, 5],
      ['max_msgs_per_subject', 2, 2],
    ]);
    assert.deepEqual(loss.deleted, { min: 5, max: 7 });
    assert.equal(deletedCount(before, after), 5);
    assert.equal(after.messages, 15, 'the oldest five were all on loss.r3.a, which then holds 7: nothing more beyond 10');
  });
});
