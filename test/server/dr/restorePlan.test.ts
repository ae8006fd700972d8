/**
 * What a restore says before it sends anything, on a real nats-server 2.9.10: the stream's name,
 * subjects, replicas, storage, messages and bytes from backup.json, and the server, connection and
 * credentials it goes to; a stream that exists refused before the restore request, naming where;
 * names and subjects from a crafted backup.json shown, not obeyed, on a terminal. CLI alike.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JetStreamManager } from 'nats';
import { BACKUP_DATA_FILE, BACKUP_META_FILE, BackupError, backupStream, planRestore, restorePlanLines, restoreStream } from '../../../src/core/dr';
import { formatBytes } from '../../../src/core/streams';
import { cli } from '../../unit/cli/run';
import { drFixture } from './fixture';

/** A subject that retitles a terminal, and one that starts a GitHub Actions command. */
const ESCAPING = 'evil.\u001b]0;pwned\u0007';
const ACTIONS = '::error::forged';

describe('Restore: what will be created, and where', function () {
  this.timeout(60_000);
  const f = drFixture('nats-dr-plan');
  let jsm: JetStreamManager;
  let backup: string;

  before(async () => {
    jsm = await f.conn.nats.jetstreamManager();
    await jsm.streams.add({ name: 'PLANNED', subjects: ['planned.a', 'planned.b.>'], max_msgs_per_subject: 10 });
    const js = f.conn.nats.jetstream();
    for (let i = 0; i < 25; i++) await js.publish(`planned.b.${i}`, new TextEncoder().encode(`m${i}`));
    backup = path.join(f.tmp, 'planned');
    await backupStream(f.conn, 'PLANNED', backup);
  });

  const credentials = ['--server', '', '--user', 'a', '--password', 'a'];
  const connected = (): string[] => credentials.map((a) => a || f.server.url);

  it('refuses a stream that exists before the restore request, naming the server, connection and credentials', async () => {
    const where = /Stream 'PLANNED' already exists on n1, connection 'a', the account of user "a" with a password: a restore creates the stream and never replaces one/;
    await assert.rejects(planRestore(f.conn, backup), (e: Error) => e instanceof BackupError && where.test(e.message));
    await assert.rejects(restoreStream(f.conn, backup), (e: Error) => e instanceof BackupError && where.test(e.message));
    const r = await cli(f.tmp, 'restore', ...connected(), 'planned');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^nats-workbench restore: Stream 'PLANNED' already exists on n1, connection 'nats:\/\/127\.0\.0\.1:\d+', the account of user "a" with a password: a restore creates the stream and never replaces one\. Delete it first, or restore onto another server or account\.\n$/);
    assert.equal(r.out, '', 'nothing announced as being restored');
    assert.equal((await jsm.streams.info('PLANNED')).state.messages, 25, 'the stream is as it was');
  });

  it('says what will be created from backup.json and where it goes', async () => {
    await jsm.streams.delete('PLANNED');
    const plan = await planRestore(f.conn, backup);
    assert.deepEqual([plan.name, plan.subjects, plan.replicas, plan.storage, plan.messages], ['PLANNED', ['planned.a', 'planned.b.>'], 1, 'file', 25]);
    assert.ok(plan.bytes > 0 && plan.dataBytes > 0);
    const lines = restorePlanLines(plan);
    assert.deepEqual(lines.slice(0, 3), ["Stream: 'PLANNED'", "Subjects: 'planned.a', 'planned.b.>'", 'Replicas: 1, storage: file']);
    assert.equal(lines[3], `Messages: 25, ${formatBytes(plan.bytes)} (backup.json's state), ${formatBytes(plan.dataBytes)} of backup data`);
    assert.equal(lines[4], 'Onto: n1, connection \'a\', the account of user "a" with a password');
    assert.equal(lines[5], `From: ${backup}`);
  });

  it('the CLI prints the plan first; --dry-run stops there and creates nothing; json carries it', async () => {
    const dry = await cli(f.tmp, 'restore', ...connected(), 'planned', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Would restore \(--dry-run: nothing is sent\):\n {2}Stream: 'PLANNED'\n {2}Subjects: 'planned\.a', 'planned\.b\.>'\n {2}Replicas: 1, storage: file\n {2}Messages: 25, /);
    await assert.rejects(jsm.streams.info('PLANNED'), /stream not found/);
    const json = await cli(f.tmp, 'restore', ...connected(), 'planned', '--dry-run', '--format', 'json');
    const value = JSON.parse(json.out) as { dryRun: boolean; plan: { stream: string; subjects: string[]; replicas: number; storage: string; messages: number; server: string; connection: string; account: string } };
    assert.deepEqual(value.plan && [value.dryRun, value.plan.stream, value.plan.subjects, value.plan.replicas, value.plan.storage, value.plan.messages, value.plan.server], [true, 'PLANNED', ['planned.a', 'planned.b.>'], 1, 'file', 25, 'n1']);
    const done = await cli(f.tmp, 'restore', ...connected(), 'planned');
    assert.equal(done.code, 0, done.err);
    assert.match(done.out, /^Restoring:\n {2}Stream: 'PLANNED'\n[\s\S]*\nRestored PLANNED: 25 messages\n$/);
    assert.equal((await jsm.streams.info('PLANNED')).state.messages, 25);
  });

  it("a crafted backup.json's subjects and mirror are shown escaped, never as terminal codes or CI commands", async () => {
    const dir = path.join(f.tmp, 'crafted');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, BACKUP_META_FILE), JSON.stringify({ config: { name: 'CRAFTED', subjects: [ESCAPING, ACTIONS], mirror: { name: '\u001b[2J' }, num_replicas: 'lots', storage: 'file\n::warning::x' }, state: { messages: -4, bytes: 'huge' } }));
    fs.writeFileSync(path.join(dir, BACKUP_DATA_FILE), Buffer.alloc(16));
    const lines = restorePlanLines(await planRestore(f.conn, dir));
    assert.doesNotMatch(lines.join('\n'), /[\u001b\u0007]/);
    assert.ok(lines.every((l) => !l.includes('\n')), 'one line each');
    assert.equal(lines[1], "Subjects: 'evil.\\u001b]0;pwned\\u0007', '::error::forged'");
    assert.equal(lines[2], 'Replicas: 1, storage: file\\n::warning::x');
    assert.match(lines[3], /^Messages: 0, 0 bytes/);
    const r = await cli(f.tmp, 'restore', ...connected(), 'crafted', '--dry-run');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /[\u001b\u0007]/);
    assert.deepEqual(r.out.split('\n').filter((l) => /^\s*::/.test(l)), [], r.out);
  });
});
