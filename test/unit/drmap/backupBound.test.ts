/**
 * The bound on a backup's data and the writer that keeps to it, with a writer that plays a disk
 * filling up (short writes, then ENOSPC) — our logic alone; the server tests drive the real thing.
 */
import * as assert from 'node:assert/strict';
import { BACKUP_SIZE_MARGIN, BackupError, BoundedWriter, backupSizeBound } from '../../../src/core/dr';

/** A "disk" that takes `room` bytes in all, at most `perCall` per call, then fails with ENOSPC (or returns 0). */
function disk(room: number, perCall = Infinity, full: 'throw' | 'zero' = 'throw'): { write: (d: Uint8Array) => number; written: number[] } {
  const written: number[] = [];
  let left = room;
  return {
    written,
    write: (d) => {
      if (left === 0) {
        if (full === 'zero') return 0;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      const n = Math.min(d.length, left, perCall);
      left -= n;
      written.push(n);
      return n;
    },
  };
}

describe('backup size bound and bounded writer', () => {
  it('the bound is twice the reported bytes plus the margin; a missing or odd size counts as 0', () => {
    assert.equal(backupSizeBound(1000).limit, 2000 + BACKUP_SIZE_MARGIN);
    for (const odd of [undefined, null, -5, Number.NaN, '1e12', Infinity]) assert.equal(backupSizeBound(odd).limit, BACKUP_SIZE_MARGIN, String(odd));
    assert.equal(backupSizeBound(Number.MAX_SAFE_INTEGER).limit, Number.MAX_SAFE_INTEGER);
    assert.match(backupSizeBound(1024).why, /2 times the 1 KiB the server reports for the stream plus 64 MiB/);
  });

  it('writes each chunk whole across short writes', () => {
    const d = disk(1000, 7);
    const w = new BoundedWriter(d.write, '/b', 1000, 'test');
    w.append(new Uint8Array(100));
    w.append(new Uint8Array(50));
    assert.equal(w.bytes, 150);
    assert.equal(d.written.reduce((a, b) => a + b, 0), 150);
  });

  it('a full disk after a short write is a clear error, not a truncated file', () => {
    const w = new BoundedWriter(disk(130, 64).write, '/backups/orders', 10_000, 'test');
    w.append(new Uint8Array(100));
    assert.throws(
      () => w.append(new Uint8Array(100)),
      (e: Error) => e instanceof BackupError && /Writing the backup into \/backups\/orders failed after 130 bytes: no space left on the device \(ENOSPC\)\. Nothing was kept\./.test(e.message),
    );
    assert.equal(w.bytes, 100, 'the failed chunk is not counted');
  });

  it('a write that takes nothing without an error counts as a full disk (no endless loop)', () => {
    const w = new BoundedWriter(disk(10, Infinity, 'zero').write, '/b', 10_000, 'test');
    assert.throws(() => w.append(new Uint8Array(20)), /no space left on the device \(ENOSPC\)/);
  });

  it('refuses a chunk that would pass the bound, before writing any of it', () => {
    const d = disk(10_000);
    const w = new BoundedWriter(d.write, '/b', 250, 'the maximum size given');
    w.append(new Uint8Array(200));
    assert.throws(
      () => w.append(new Uint8Array(51)),
      (e: Error) => e instanceof BackupError && /251 bytes passes the bound of 250 bytes, the maximum size given/.test(e.message) && /nothing was kept/.test(e.message),
    );
    assert.equal(d.written.reduce((a, b) => a + b, 0), 200);
    w.append(new Uint8Array(50));
    assert.equal(w.bytes, 250, 'exactly the bound is allowed');
  });

  it('a lower bound set later fails at once when already passed', () => {
    const w = new BoundedWriter(disk(10_000).write, '/b', 5000, 'before the reply');
    w.append(new Uint8Array(3000));
    assert.throws(() => w.setLimit(2000, 'from the state'), /2\.93 KiB \(3000 bytes\) passes the bound of 1\.95 KiB, from the state/);
    const ok = new BoundedWriter(disk(10_000).write, '/b', 5000, 'before the reply');
    ok.append(new Uint8Array(1000));
    ok.setLimit(8000, 'from the state');
    ok.append(new Uint8Array(6000));
    assert.equal(ok.bytes, 7000);
  });
});
