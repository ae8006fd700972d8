/**
 * What promoting a mirror gives up, said before it is done, checked on a real nats-server 2.9.10:
 * the figures read from the mirror and its origin, the refusal of overlapping subjects while the
 * origin exists, that the promoted stream copies nothing more, and that the server refuses to make
 * it a mirror again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JetStreamManager } from 'nats';
import { BACKUP_DATA_FILE, BackupError, MIRROR_UPDATE_REFUSED, SUBJECTS_OVERLAP, backupStream, planRestore, promoteConsequences, promotedConfig, readMirrorState, restorePlanLines, restoreStream } from '../../../src/core/dr';
import { waitFor } from '../../support/natsServer';
import { drFixture } from './fixture';

describe('Promote Mirror: what it gives up, said before and checked on nats-server', function () {
  this.timeout(60_000);
  const f = drFixture('nats-dr-promote-impact');
  let jsm: JetStreamManager;
  const enc = new TextEncoder();

  before(async () => {
    jsm = await f.conn.nats.jetstreamManager();
    await jsm.streams.add({ name: 'ORIGIN', subjects: ['origin.>'] });
    for (let i = 0; i < 20; i++) await f.conn.nats.jetstream().publish(`origin.${i}`, enc.encode(`m${i}`));
    await jsm.streams.add({ name: 'COPY', mirror: { name: 'ORIGIN' } });
    await waitFor('the mirror to catch up', 10_000, async () => ((await jsm.streams.info('COPY')).state.messages === 20 ? true : undefined));
  });

  it('reads the figures: the mirror holds 20 messages, has nothing left to copy, and the origin exists with its subjects', async () => {
    const live = await readMirrorState(f.conn, 'COPY', 'ORIGIN', 'n1');
    assert.deepEqual(live, { where: 'n1', messages: 20, lag: 0, origin: { subjects: ['origin.>'], messages: 20 } });
    const lines = promoteConsequences('COPY', 'ORIGIN', ['origin.>'], live);
    assert.match(lines[0], /^One-way: 'COPY' stops copying from 'ORIGIN' for good\. nats-server refuses to add a mirror to a stream \(10055\)/);
    assert.equal(lines[1], "On n1 now: 'COPY' holds 20 messages and is up to date with 'ORIGIN'; what 'ORIGIN' stores after the promotion is not in it.");
    assert.match(lines[2], /'ORIGIN' still exists on n1 with overlapping subjects \('origin\.>'\): nats-server refuses to create the promoted 'COPY' \(10065\)/);
    assert.equal(promoteConsequences('COPY', 'ORIGIN', ['copy.>'], live).length, 2, 'subjects of its own overlap nothing');
    const gone = await readMirrorState(f.conn, 'NOPE', 'NONE', 'n1');
    assert.deepEqual(gone, { where: 'n1' }, 'streams that do not exist give no figures');
  });

  it('a restore promoted onto the origin\'s subjects is refused before anything is sent, as the server would refuse it after (10065)', async () => {
    const dir = path.join(f.tmp, 'copy');
    await backupStream(f.conn, 'COPY', dir);
    await jsm.streams.delete('COPY');
    const config = (c: Parameters<typeof promotedConfig>[0]) => promotedConfig(c, ['origin.>']);
    await assert.rejects(planRestore(f.conn, dir, { config }), (e: Error) =>
      e instanceof BackupError && e.message.includes(`'ORIGIN' still exists on n1 with subjects overlapping the promoted 'COPY''s ('origin.>'): nats-server would refuse to create it (${SUBJECTS_OVERLAP}) after the whole backup was sent. Nothing was sent`),
    );
    // What the plan spares: the server takes the whole upload, then refuses.
    let sent = 0;
    await assert.rejects(restoreStream(f.conn, dir, { config, onProgress: (p) => (sent = p.bytes) }), (e: Error) => /overlap|10065/.test(e.message));
    assert.equal(sent, fs.statSync(path.join(dir, BACKUP_DATA_FILE)).size, 'the whole backup was sent before the refusal');
    await assert.rejects(jsm.streams.info('COPY'), 'nothing was created');
  });

  it('promoted on subjects of its own: copies nothing more from the origin, and cannot be made a mirror again (10055)', async () => {
    const dir = path.join(f.tmp, 'copy');
    const config = (c: Parameters<typeof promotedConfig>[0]) => promotedConfig(c, ['copy.>']);
    const plan = await planRestore(f.conn, dir, { config });
    assert.ok(!restorePlanLines(plan).some((l) => l.includes('overlapping')), 'no overlap said where there is none');
    assert.ok(plan.promotion?.some((l) => l.includes("What 'ORIGIN' stores after the promotion is not in 'COPY'")), JSON.stringify(plan.promotion));
    await restoreStream(f.conn, dir, { config });
    for (let i = 0; i < 5; i++) await f.conn.nats.jetstream().publish(`origin.late.${i}`, enc.encode('late'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await jsm.streams.info('ORIGIN')).state.messages, 25);
    assert.equal((await jsm.streams.info('COPY')).state.messages, 20, 'what the origin stored after the promotion is not in it');
    const info = await jsm.streams.info('COPY');
    const reply = JSON.parse(
      new TextDecoder().decode(await f.conn.request('$JS.API.STREAM.UPDATE.COPY', JSON.stringify({ ...info.config, subjects: undefined, mirror: { name: 'ORIGIN' } }))),
    ) as { error?: { err_code: number } };
    assert.equal(reply.error?.err_code, MIRROR_UPDATE_REFUSED, 'one-way: the server refuses to make it a mirror again');
  });
});
