/**
 * A backup from a server that sends more than its stream holds: an impostor answers
 * `$JS.API.STREAM.SNAPSHOT.>` on a real nats-server 2.9.10 without JetStream, announces a tiny
 * stream and sends chunks for as long as they are acknowledged (a real server's flow control).
 * The backup stops at its bound with a clear error, and leaves no folder, staging or not. A full
 * disk (a 1 MiB tmpfs, where the system lets a user mount one) is a clear error too.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { BACKUP_SIZE_MARGIN, BackupError, SNAPSHOT_CHUNK, backupStream } from '../../../src/core/dr';
import { drFixture } from './fixture';

const encode = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));

describe('Backup from a server that sends more than its stream holds', function () {
  this.timeout(120_000);
  const f = drFixture('nats-dr-snapshot', { jetstream: false });
  let impostor: NatsConnection;
  before(async () => (impostor = await connect({ servers: f.server.url })));
  after(async () => impostor?.close());

  /**
   * Answers the snapshot request of `stream` with `state`, then sends chunks of random data to the
   * deliver subject, each waiting for its acknowledgement, until one is not acknowledged or `max`
   * were sent (then the end-of-snapshot message). Resolves with the chunks acknowledged.
   */
  function snapshotImpostor(stream: string, state: Record<string, unknown>, max = Infinity, config: Record<string, unknown> = { name: stream, subjects: [`${stream.toLowerCase()}.>`], storage: 'file' }): { sub: Subscription; acked: Promise<number> } {
    let resolveAcked: (n: number) => void = () => undefined;
    const acked = new Promise<number>((r) => (resolveAcked = r));
    const sub = impostor.subscribe(`$JS.API.STREAM.SNAPSHOT.${stream}`, {
      max: 1,
      callback: (_e, m) => {
        const req = JSON.parse(new TextDecoder().decode(m.data)) as { deliver_subject: string };
        m.respond(encode({ type: 'io.nats.jetstream.api.v1.stream_snapshot_response', config, state }));
        void (async () => {
          const chunk = new Uint8Array(SNAPSHOT_CHUNK).map(() => Math.floor(Math.random() * 256));
          let n = 0;
          try {
            for (; n < max; n++) await impostor.request(req.deliver_subject, chunk, { timeout: 1500 });
            impostor.publish(req.deliver_subject, new Uint8Array(0));
          } catch {
            /* not acknowledged: the backup stopped taking chunks */
          }
          resolveAcked(n);
        })();
      },
    });
    return { sub, acked };
  }

  function leftovers(name: string): string[] {
    return fs.readdirSync(f.tmp).filter((entry) => entry === name || entry.startsWith(`.${name}.partial-`));
  }

  it('a stream announced as 100 bytes that sends without end stops at the bound, keeping nothing', async () => {
    const { acked } = snapshotImpostor('TINY', { messages: 1, bytes: 100 });
    await impostor.flush();
    const dir = path.join(f.tmp, 'tiny');
    await assert.rejects(
      backupStream(f.conn, 'TINY', dir, { idleTimeoutMs: 5000 }),
      (e: Error) => e instanceof BackupError && /passes the bound of 64 MiB, 2 times the 100 bytes the server reports for the stream plus 64 MiB/.test(e.message) && /nothing was kept/.test(e.message),
    );
    assert.deepEqual(leftovers('tiny'), [], 'no backup folder and no staging folder');
    const sent = await acked;
    assert.ok(sent <= Math.ceil((BACKUP_SIZE_MARGIN + 200) / SNAPSHOT_CHUNK), `the impostor could make us take ${sent} chunks`);
    assert.ok(sent >= Math.floor(BACKUP_SIZE_MARGIN / SNAPSHOT_CHUNK), `${sent} chunks: stopped well before the bound`);
  });

  it('an explicit maximum size stops a stream announced as huge, keeping nothing', async () => {
    const { acked } = snapshotImpostor('HUGE', { messages: 1e9, bytes: 1e15 });
    await impostor.flush();
    const dir = path.join(f.tmp, 'huge');
    await assert.rejects(backupStream(f.conn, 'HUGE', dir, { maxBytes: 1024 * 1024, idleTimeoutMs: 5000 }), (e: Error) => e instanceof BackupError && /passes the bound of 1 MiB, the maximum size given/.test(e.message));
    assert.deepEqual(leftovers('huge'), []);
    assert.equal(await acked, 8, 'eight 128 KiB chunks fit in 1 MiB, the ninth is refused');
  });

  it('a snapshot within the bound is kept whole (the bound is not a limit on honest data)', async () => {
    const { acked } = snapshotImpostor('FITS', { messages: 10, bytes: 1000 }, 4);
    await impostor.flush();
    const dir = path.join(f.tmp, 'fits');
    const r = await backupStream(f.conn, 'FITS', dir, { idleTimeoutMs: 5000 });
    assert.equal(await acked, 4);
    assert.equal(r.bytes, 4 * SNAPSHOT_CHUNK);
    assert.equal(fs.statSync(path.join(dir, 'stream.tar.s2')).size, 4 * SNAPSHOT_CHUNK);
  });

  it('a reply describing another stream (or none) is refused: backup.json would restore something else', async () => {
    for (const [i, config] of [{ name: 'OTHER\u001b[2J' }, {}].entries()) {
      const { sub } = snapshotImpostor('ASKED', { messages: 1, bytes: 10 }, 1, config);
      await impostor.flush();
      await assert.rejects(
        backupStream(f.conn, 'ASKED', path.join(f.tmp, `asked-${i}`), { idleTimeoutMs: 5000 }),
        (e: Error) => e instanceof BackupError && (i === 0 ? /describes stream 'OTHER\\u001b\[2J', not 'ASKED': nothing was kept/ : /holds no stream config and state: nothing was kept/).test(e.message),
      );
      sub.unsubscribe();
      assert.deepEqual(leftovers(`asked-${i}`), []);
    }
  });

  it('a full disk is a clear error, leaving nothing (a 1 MiB tmpfs mounted in a user namespace, where allowed)', async function () {
    const mount = path.join(f.tmp, 'small-disk');
    fs.mkdirSync(mount);
    const probe = spawnSync('unshare', ['-r', '-m', 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs '${mount}'`], { encoding: 'utf8' });
    if (probe.status !== 0) this.skip();
    const { acked } = snapshotImpostor('DISK', { messages: 100, bytes: 10 * 1024 * 1024 });
    await impostor.flush();
    const cli = path.join(__dirname, '..', '..', '..', 'src', 'cli.js');
    const target = path.join(mount, 'disk');
    const script = `mount -t tmpfs -o size=1m tmpfs '${mount}' && '${process.execPath}' '${cli}' backup --server '${f.server.url}' DISK '${target}'; code=$?; ls -A '${mount}'; exit $code`;
    const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn('unshare', ['-r', '-m', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(child.status, 1, child.stderr + child.stdout);
    assert.match(child.stderr, /^nats-workbench backup: Writing the backup into .*disk failed after .*: no space left on the device \(ENOSPC\)\. Nothing was kept\.\n$/);
    assert.equal(child.stdout, '', 'the tmpfs is empty afterwards: no folder, no staging folder');
    assert.ok((await acked) <= 8, 'no more than the disk took');
  });
});
