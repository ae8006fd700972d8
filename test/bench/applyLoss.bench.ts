/**
 * What predicting an update's deletions costs Apply to Server's plan, on a real server holding a
 * stream of 100,000 messages of 1 KiB on 10,000 subjects: the plan of a change that deletes nothing
 * (one STREAM.INFO), of a shorter max_age that takes half the messages (plus a binary search over
 * single messages' times) and of a smaller per-subject limit (plus the per-subject counts), each
 * against a bare nats.js `jsm.streams.info` in the same run.
 */
import { Connection, planApply, profileFromSettings } from '../../src/core/cluster';
import { sleep, startServer } from '../support/natsServer';
import { Bench, time } from './framework';

const MESSAGES = 100_000;
const SUBJECTS = 10_000;
const NAME = 'BENCH_LOSS';
const BASE = { name: NAME, subjects: ['bench.loss.*'], max_msgs_per_subject: 20 };
/** The gap between the two halves; the new max_age (2 s less) falls inside it while the samples run. */
const GAP_MS = 8_000;
const MAX_AGE_NS = (GAP_MS - 2_000) * 1e6;

async function fill(conn: Connection, from: number, to: number): Promise<void> {
  const js = conn.nats.jetstream();
  const payload = new Uint8Array(1024);
  for (let i = from; i < to; i += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, to - i) }, (_, k) => js.publish(`bench.loss.${(i + k) % SUBJECTS}`, payload)));
  }
}

export async function run(bench: Bench): Promise<void> {
  const server = await startServer();
  const conn = await Connection.open(profileFromSettings({ name: 'bench', url: server.url }, 0));
  try {
    const jsm = await conn.nats.jetstreamManager();
    await jsm.streams.add(BASE);
    await fill(conn, 0, MESSAGES / 2);
    await sleep(GAP_MS);
    const youngSince = Date.now();
    await fill(conn, MESSAGES / 2, MESSAGES);

    const baseline = await time(() => jsm.streams.info(NAME), 20);
    // The new max_age takes the older half as long as the younger half is younger than it.
    const age = await time(() => planApply(conn, { ...BASE, max_age: MAX_AGE_NS }), 20);
    const plan = await planApply(conn, { ...BASE, max_age: MAX_AGE_NS });
    if (Date.now() - youngSince >= MAX_AGE_NS / 1e6 || plan.loss?.deleted.min !== MESSAGES / 2 || plan.loss.deleted.max !== MESSAGES / 2) {
      throw new Error(`the max_age plan did not count the older half exactly (${JSON.stringify(plan.loss?.deleted)}); the machine was too slow for the ${GAP_MS} ms gap`);
    }
    const nothing = await time(() => planApply(conn, { ...BASE, description: 'raised limits', max_msgs: 1_000_000 }), 20);
    const perSubject = await time(() => planApply(conn, { ...BASE, max_msgs_per_subject: 5 }), 10);
    const counted = await planApply(conn, { ...BASE, max_msgs_per_subject: 5 });
    if (counted.loss?.deleted.min !== MESSAGES - SUBJECTS * 5) throw new Error(`per-subject: ${JSON.stringify(counted.loss?.deleted)}`);

    bench.report('apply plan, update deleting nothing (vs bare stream info)', nothing.median, 'ms', baseline.median);
    bench.report('apply plan, max_age taking 50,000 of 100,000 messages, exact by binary search (vs bare stream info)', age.median, 'ms', baseline.median);
    bench.report('apply plan, max_msgs_per_subject 20 → 5 on 10,000 subjects, exact from the counts (vs bare stream info)', perSubject.median, 'ms', baseline.median);
  } finally {
    await conn.close();
    await server.stop();
  }
}
