/**
 * DR actions on a real nats-server 2.9.10: a stream backed up to a folder in the `nats stream
 * backup` format and restored (message count and contents), cancel and refusals leaving nothing
 * behind; the server refusing to remove a live stream's mirror by update (10055), and the way
 * around it: back the mirror up, delete it, restore it with the promoted config.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JetStreamManager } from 'nats';
import { ClusterError, Connection } from '../../../src/core/cluster';
import { BACKUP_DATA_FILE, BACKUP_META_FILE, BackupError, MIRROR_UPDATE_REFUSED, TransferProgress, backupStream, promotedConfig, readBackup, restoreStream } from '../../../src/core/dr';
import { NatsServer, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, eventually, profile, watchUnhandledRejections } from '../cluster/helpers';

const COUNT = 2000;
const text = (i: number): string => `order ${i} ${'x'.repeat(i % 97)}`;

describe('DR actions on a real server: backup, restore, promote', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  let server: NatsServer;
  let conn: Connection;
  let jsm: JetStreamManager;
  let tmp: string;

  before(async () => {
    server = await startServer({ extraConfig: ACCOUNTS_CONFIG });
    conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
    jsm = await conn.nats.jetstreamManager();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-dr-'));
    await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
    const js = conn.nats.jetstream();
    for (let i = 0; i < COUNT; i += 200) await Promise.all(Array.from({ length: 200 }, (_, j) => js.publish(`orders.${(i + j) % 7}`, new TextEncoder().encode(text(i + j)))));
  });
  after(async () => {
    await conn?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    rejections.stop();
  });
  afterEach(() => rejections.check());

  async function readAll(stream: string): Promise<string[]> {
    const info = await jsm.streams.info(stream);
    const out: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) out.push(new TextDecoder().decode((await jsm.streams.getMessage(stream, { seq })).data));
    return out;
  }

  /** A new stream of `count` messages, backed up into `<tmp>/<name>` and deleted; the folder. */
  async function backedUpAndDeleted(name: string, count: number): Promise<string> {
    const subject = name.toLowerCase();
    await jsm.streams.add({ name, subjects: [`${subject}.>`] });
    for (let i = 0; i < count; i++) await conn.nats.jetstream().publish(`${subject}.x`, new TextEncoder().encode(text(i)));
    const dir = path.join(tmp, subject);
    await backupStream(conn, name, dir);
    await jsm.streams.delete(name);
    return dir;
  }

  it('backs a stream up in the nats CLI format and restores every message', async () => {
    const dir = path.join(tmp, 'orders-backup');
    const seen: TransferProgress[] = [];
    const result = await backupStream(conn, 'ORDERS', dir, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(fs.readdirSync(dir).sort(), [BACKUP_META_FILE, BACKUP_DATA_FILE]);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, BACKUP_DATA_FILE)).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(dir, BACKUP_META_FILE)).mode & 0o777, 0o600);
    assert.ok(result.bytes > 0 && result.chunks > 0);
    assert.equal(fs.statSync(path.join(dir, BACKUP_DATA_FILE)).size, result.bytes);
    assert.ok(seen.length >= result.chunks && seen.at(-1)!.bytes === result.bytes, 'progress for each chunk');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, BACKUP_META_FILE), 'utf8')) as { config: { name: string; subjects: string[] }; state: { messages: number } };
    assert.equal(meta.config.name, 'ORDERS');
    assert.deepEqual(meta.config.subjects, ['orders.>']);
    assert.equal(meta.state.messages, COUNT);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('partial')), [], 'no staging folder left');

    const original = await readAll('ORDERS');
    await jsm.streams.delete('ORDERS');
    const restoredProgress: TransferProgress[] = [];
    const restored = await restoreStream(conn, dir, { onProgress: (p) => restoredProgress.push(p) });
    assert.equal(restored.stream, 'ORDERS');
    assert.equal(restored.state.messages, COUNT);
    assert.equal(restoredProgress.at(-1)!.bytes, result.bytes);
    const info = await jsm.streams.info('ORDERS');
    assert.equal(info.state.messages, COUNT);
    assert.deepEqual(await readAll('ORDERS'), original, 'the same messages in the same order');
    const ack = await conn.nats.jetstream().publish('orders.1', new TextEncoder().encode('after restore'));
    assert.equal(ack.seq, info.state.last_seq + 1, 'the restored stream takes writes');
  });

  it('refuses to overwrite a folder that is not empty, and to restore a stream that exists', async () => {
    const dir = path.join(tmp, 'taken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    await assert.rejects(backupStream(conn, 'ORDERS', dir), (e: Error) => e instanceof BackupError && /is not empty/.test(e.message));
    assert.deepEqual(fs.readdirSync(dir), ['keep.txt']);
    const backup = path.join(tmp, 'orders-again');
    await backupStream(conn, 'ORDERS', backup);
    await assert.rejects(restoreStream(conn, backup), (e: Error) => e instanceof BackupError && /Stream 'ORDERS' already exists on n1, .*a restore creates the stream and never replaces one/.test(e.message));
  });

  it('a cancelled backup leaves no folder behind', async () => {
    const dir = path.join(tmp, 'cancelled');
    const abort = new AbortController();
    await assert.rejects(
      backupStream(conn, 'ORDERS', dir, { signal: abort.signal, onProgress: (p) => p.chunks >= 1 && abort.abort() }),
      (e: Error) => e instanceof ClusterError && e.failure.kind === 'cancelled',
    );
    assert.equal(fs.existsSync(dir), false);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('partial')), []);
  });

  it('reads hostile backup folders with an error naming the file', () => {
    const bad = path.join(tmp, 'bad');
    fs.mkdirSync(bad);
    assert.throws(() => readBackup(bad), /backup\.json cannot be read: no such file or folder \(ENOENT\); is .* a stream backup folder\?/);
    fs.writeFileSync(path.join(bad, BACKUP_META_FILE), '{"config": ');
    assert.throws(() => readBackup(bad), /backup\.json is not valid JSON/);
    fs.writeFileSync(path.join(bad, BACKUP_META_FILE), '{"config": {"subjects": []}}');
    assert.throws(() => readBackup(bad), /"config.name" is missing/);
    fs.writeFileSync(path.join(bad, BACKUP_META_FILE), '{"config": {"name": "M", "storage": "memory"}}');
    assert.throws(() => readBackup(bad), /memory stream/);
    fs.writeFileSync(path.join(bad, BACKUP_META_FILE), '{"config": {"name": "M"}}');
    assert.throws(() => readBackup(bad), /stream\.tar\.s2 cannot be read/);
  });

  it('a cancelled restore creates no stream, and the backup restores after it', async () => {
    const dir = await backedUpAndDeleted('TOCANCEL', 50);
    const abort = new AbortController();
    await assert.rejects(
      restoreStream(conn, dir, { signal: abort.signal, onProgress: () => abort.abort() }),
      (e: Error) => e instanceof ClusterError && e.failure.kind === 'cancelled',
    );
    await assert.rejects(jsm.streams.info('TOCANCEL'), /stream not found/);
    const again = await restoreStream(conn, dir);
    assert.equal(again.state.messages, 50, 'restored in full after the cancelled attempt');
  });

  it('a restore of a damaged snapshot fails with the server\'s error and leaves no stream behind', async () => {
    const dir = await backedUpAndDeleted('DAMAGED', 500);
    const data = fs.readFileSync(path.join(dir, BACKUP_DATA_FILE));
    fs.writeFileSync(path.join(dir, BACKUP_DATA_FILE), Buffer.concat([data.subarray(0, 64), Buffer.alloc(4096, 0x5a)]));
    const error = await restoreStream(conn, dir, { idleTimeoutMs: 10_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    console.log(`      damaged snapshot: ${error instanceof Error ? error.message : 'restored?!'}`);
    assert.ok(error instanceof ClusterError, 'the restore fails');
    await assert.rejects(jsm.streams.info('DAMAGED'), /stream not found/);
  });

  it('nats-server refuses to remove a live mirror by update (10055); backup, delete and restore with subjects promotes it', async () => {
    await jsm.streams.add({ name: 'ORDERS_COPY', mirror: { name: 'ORDERS' } });
    const total = (await jsm.streams.info('ORDERS')).state.messages;
    await eventually('the mirror caught up', 20_000, async () => ((await jsm.streams.info('ORDERS_COPY')).state.messages === total ? true : undefined));
    const current = (await jsm.streams.info('ORDERS_COPY')).config;
    const promoted = { ...current, mirror: undefined, subjects: ['copy.>'] };
    const reply = JSON.parse(new TextDecoder().decode(await conn.request('$JS.API.STREAM.UPDATE.ORDERS_COPY', JSON.stringify(promoted)))) as { error?: { err_code: number; description: string } };
    console.log(`      update removing the mirror: ${JSON.stringify(reply.error)}`);
    assert.equal(reply.error?.err_code, MIRROR_UPDATE_REFUSED);

    const dir = path.join(tmp, 'copy-backup');
    await backupStream(conn, 'ORDERS_COPY', dir);
    await jsm.streams.delete('ORDERS_COPY');
    const restored = await restoreStream(conn, dir, { config: (c) => promotedConfig(c, ['copy.>']) });
    assert.equal(restored.state.messages, total);
    const info = await jsm.streams.info('ORDERS_COPY');
    assert.equal(info.config.mirror, undefined);
    assert.deepEqual(info.config.subjects, ['copy.>']);
    const ack = await conn.nats.jetstream().publish('copy.new', new TextEncoder().encode('written to the promoted copy'));
    assert.equal(ack.stream, 'ORDERS_COPY');
    assert.equal((await jsm.streams.info('ORDERS_COPY')).state.messages, total + 1);
  });
});
