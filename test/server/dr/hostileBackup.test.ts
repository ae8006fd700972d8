/**
 * Backup folders made by someone else, restored on a real nats-server 2.9.10: a stream name that
 * would rewrite the API subject (a line break injects protocol lines, a space or `.` changes the
 * subject), symbolic links inside the folder, an oversized backup.json. Each is refused before
 * anything is sent, with an error naming the file; nothing reaches the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JetStreamManager, Subscription } from 'nats';
import { Connection } from '../../../src/core/cluster';
import { BACKUP_DATA_FILE, BACKUP_META_FILE, BackupError, backupStream, readBackup, restoreStream } from '../../../src/core/dr';
import { NatsServer, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile, watchUnhandledRejections } from '../cluster/helpers';

/** A name whose line breaks, sent as a subject, would add a publish of its own to `canary`. */
const INJECTING = 'X 0\r\n\r\nPUB canary.hit 2\r\nhi\r\nPUB Y';

describe('Hostile backup folders on a real server', function () {
  this.timeout(60_000);
  const rejections = watchUnhandledRejections();
  let server: NatsServer;
  let conn: Connection;
  let jsm: JetStreamManager;
  let tmp: string;
  let canary: Subscription;
  let seen = 0;

  before(async () => {
    server = await startServer({ extraConfig: ACCOUNTS_CONFIG });
    conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
    jsm = await conn.nats.jetstreamManager();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-dr-hostile-'));
    canary = conn.nats.subscribe('canary.>', { callback: () => seen++ });
    // The subscription is in place before anything is sent.
    await conn.nats.flush();
  });
  after(async () => {
    canary?.unsubscribe();
    await conn?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    rejections.stop();
  });
  afterEach(() => rejections.check());

  /** A backup folder holding `meta` as backup.json and a small data file. */
  function folder(name: string, meta: unknown): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, BACKUP_META_FILE), JSON.stringify(meta));
    fs.writeFileSync(path.join(dir, BACKUP_DATA_FILE), Buffer.alloc(1024, 1));
    return dir;
  }

  async function streamNames(): Promise<string[]> {
    return (await jsm.streams.list().next()).map((s) => s.config.name);
  }

  it('refuses a backup.json whose stream name holds line breaks, injecting nothing into the connection', async () => {
    const dir = folder('injecting', { config: { name: INJECTING, subjects: ['x.>'] }, state: {} });
    await assert.rejects(restoreStream(conn, dir), (e: Error) => e instanceof BackupError && e.message.includes(BACKUP_META_FILE) && /not one a server accepts: it contains whitespace/.test(e.message) && !/[\r\n]/.test(e.message));
    await conn.nats.flush();
    assert.equal(seen, 0, 'no message was published by the stream name');
    assert.deepEqual(await streamNames(), []);
  });

  it('refuses stream names with a space, a dot, a wildcard or a path in backup.json', async () => {
    for (const [i, name] of ['A B', 'A.B', 'A*', '../../etc', 'a\\b', 'x'.repeat(256)].entries()) {
      const dir = folder(`bad-name-${i}`, { config: { name, subjects: [`n${i}.>`] }, state: {} });
      assert.throws(() => readBackup(dir), (e: Error) => e instanceof BackupError && /is not one a server accepts/.test(e.message), name);
      await assert.rejects(restoreStream(conn, dir), BackupError, name);
    }
    await conn.nats.flush();
    assert.equal(seen, 0);
    assert.deepEqual(await streamNames(), []);
  });

  it('refuses to back up a stream whose name would change the snapshot subject, writing no folder', async () => {
    const dir = path.join(tmp, 'never');
    await assert.rejects(backupStream(conn, INJECTING, dir), (e: Error) => e instanceof BackupError && /not one a server accepts/.test(e.message));
    await conn.nats.flush();
    assert.equal(seen, 0);
    assert.equal(fs.existsSync(dir), false);
  });

  it('refuses a data file that is a symbolic link (it would send the file it points to)', async () => {
    const secret = path.join(tmp, 'secret.nk');
    fs.writeFileSync(secret, 'SUAEXAMPLESEEDTHATMUSTNEVERLEAVE', { mode: 0o600 });
    const dir = folder('linked-data', { config: { name: 'LINKED', subjects: ['linked.>'] }, state: {} });
    fs.rmSync(path.join(dir, BACKUP_DATA_FILE));
    fs.symlinkSync(secret, path.join(dir, BACKUP_DATA_FILE));
    assert.throws(() => readBackup(dir), /stream\.tar\.s2 cannot be read: it is a symbolic link/);
    await assert.rejects(restoreStream(conn, dir), /stream\.tar\.s2 cannot be read: it is a symbolic link/);
    assert.deepEqual(await streamNames(), []);
  });

  it('refuses a backup.json that is a symbolic link, showing nothing of the file it points to', () => {
    const secret = path.join(tmp, 'private.json');
    fs.writeFileSync(secret, 'password=hunter2', { mode: 0o600 });
    const dir = folder('linked-meta', {});
    fs.rmSync(path.join(dir, BACKUP_META_FILE));
    fs.symlinkSync(secret, path.join(dir, BACKUP_META_FILE));
    assert.throws(
      () => readBackup(dir),
      (e: Error) => /backup\.json cannot be read: it is a symbolic link/.test(e.message) && !e.message.includes('hunter2'),
    );
  });

  it('refuses an oversized backup.json without reading it', () => {
    const dir = folder('huge-meta', {});
    fs.truncateSync(path.join(dir, BACKUP_META_FILE), 64 * 1024 * 1024);
    assert.throws(() => readBackup(dir), /backup\.json is 67108864 bytes long/);
  });
});
