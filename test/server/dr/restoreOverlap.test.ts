/**
 * A plain restore whose subjects overlap another stream of the account, on a real nats-server
 * 2.9.10: the server refuses it (10065) only after the whole backup was uploaded; the plan, the
 * CLI and its --dry-run refuse it before anything is sent, naming the stream it overlaps, also when
 * that stream is on a later page of the listing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageType, type JetStreamManager } from 'nats';
import { BACKUP_DATA_FILE, BackupError, SUBJECTS_OVERLAP, backupStream, planRestore, restorePlanLines, restoreStream } from '../../../src/core/dr';
import { Connection } from '../../../src/core/cluster';
import { startServer } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { profile } from '../cluster/helpers';
import { drFixture } from './fixture';

/** Account A with user r, who may use the JetStream API but not list streams. */
const LIMITED_CONFIG = [
  'accounts {',
  '  A { jetstream: enabled, users: [{ user: r, password: r, permissions: { publish: { deny: ["$JS.API.STREAM.LIST"] } } }] }',
  '}',
].join('\n');

describe('Restore: subjects overlapping another stream are refused before anything is sent', function () {
  this.timeout(120_000);
  const f = drFixture('nats-dr-clash');
  let jsm: JetStreamManager;
  let dir: string;
  const enc = new TextEncoder();
  const connected = (): string[] => ['--server', f.server.url, '--user', 'a', '--password', 'a'];

  before(async () => {
    jsm = await f.conn.nats.jetstreamManager();
    await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.eu.>', 'orders.us'] });
    for (let i = 0; i < 200; i++) await f.conn.nats.jetstream().publish(`orders.eu.${i}`, enc.encode('x'.repeat(500)));
    dir = path.join(f.tmp, 'orders');
    await backupStream(f.conn, 'ORDERS', dir);
    await jsm.streams.delete('ORDERS');
    await jsm.streams.add({ name: 'EU_ALL', subjects: ['*.eu.*', 'other.x'] });
  });

  it('the server itself refuses the overlap only after the whole backup was sent (10065)', async () => {
    let sent = 0;
    await assert.rejects(restoreStream(f.conn, dir, { onProgress: (p) => (sent = p.bytes) }), (e: Error) => e.message.includes(String(SUBJECTS_OVERLAP)) || /overlap/.test(e.message));
    assert.equal(sent, fs.statSync(path.join(dir, BACKUP_DATA_FILE)).size, 'the whole backup was sent before the refusal');
    await assert.rejects(jsm.streams.info('ORDERS'), /stream not found/);
  });

  it('the plan refuses it first, naming the stream and its overlapping subjects', async () => {
    await assert.rejects(planRestore(f.conn, dir), (e: Error) =>
      e instanceof BackupError &&
      e.message ===
        `The subjects of 'ORDERS' overlap those of stream 'EU_ALL' ('*.eu.*') on n1: nats-server would refuse to create it (${SUBJECTS_OVERLAP}) after the whole backup was sent. Nothing was sent: delete or change that stream, or restore onto another server or account.`,
    );
  });

  it('the CLI and its --dry-run refuse it, exit 1, nothing announced or created', async () => {
    for (const extra of [['--dry-run'], []]) {
      const r = await cli(f.tmp, 'restore', ...connected(), 'orders', ...extra);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /^nats-workbench restore: The subjects of 'ORDERS' overlap those of stream 'EU_ALL' \('\*\.eu\.\*'\) on n1: /);
      assert.equal(r.out, '');
    }
    await assert.rejects(jsm.streams.info('ORDERS'), /stream not found/);
  });

  it('finds the overlapping stream on a later page of the listing (300 streams), naming every one that overlaps', async () => {
    await jsm.streams.delete('EU_ALL');
    for (let i = 0; i < 300; i++) await jsm.streams.add({ name: `S${String(i).padStart(3, '0')}`, subjects: [`s.${i}`], storage: StorageType.Memory });
    await jsm.streams.add({ name: 'ZZ_US', subjects: ['orders.us'], storage: StorageType.Memory });
    await jsm.streams.add({ name: 'ZZ_EU', subjects: ['*.eu.7'], storage: StorageType.Memory });
    await assert.rejects(planRestore(f.conn, dir), (e: Error) =>
      e instanceof BackupError && e.message.startsWith("The subjects of 'ORDERS' overlap those of streams 'ZZ_EU' ('*.eu.7'), 'ZZ_US' ('orders.us') on n1: "),
    );
  });

  it('a user who may not list streams: the plan says the subjects were not checked, and the restore may still be refused after the upload', async () => {
    const server = await startServer({ extraConfig: LIMITED_CONFIG });
    const conn = await Connection.open(profile('r', server.url, { user: 'r' }), { secret: 'r' });
    try {
      const jsmR = await conn.nats.jetstreamManager();
      await jsmR.streams.add({ name: 'EU_ALL', subjects: ['*.eu.*'] });
      const plan = await planRestore(conn, dir);
      assert.match(plan.unchecked ?? '', /^Subjects not checked against the account's other streams: .*(denied|permission).* If one overlaps, the server refuses the restore only after the upload\.$/i);
      assert.equal(restorePlanLines(plan).at(-1), plan.unchecked);
      await assert.rejects(restoreStream(conn, dir), /overlap|10065/, 'the server still refuses it, after the upload');
    } finally {
      await conn.close();
      await server.stop();
    }
  });

  it('subjects that overlap nothing: the plan says nothing of it, and the restore goes through', async () => {
    await jsm.streams.delete('ZZ_US');
    await jsm.streams.delete('ZZ_EU');
    const plan = await planRestore(f.conn, dir);
    assert.equal(plan.unchecked, undefined, 'every stream was checked');
    assert.ok(!restorePlanLines(plan).some((l) => /overlaps? |checked against/.test(l)));
    const r = await restoreStream(f.conn, dir);
    assert.equal(Number(r.state.messages), 200);
  });
});
