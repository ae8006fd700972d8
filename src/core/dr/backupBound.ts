/**
 * How much a stream's backup may hold, and the writer that keeps to it.
 *
 * A server sends a snapshot's chunks until it says it is done: a broken or hostile one could send
 * forever, or announce a tiny stream and send gigabytes, filling the disk. The data file of a backup
 * (`stream.tar.s2`) holds the stream's message blocks, their indexes and a tar header per file,
 * s2-compressed, so its size follows the stream's `state.bytes` — plus the records of deleted
 * messages a block still holds until the server compacts or drops it.
 *
 * Measured on nats-server 2.9.10 (data file ÷ `state.bytes`; test/server/dr/backupSize.test.ts
 * checks these shapes against the bound on every run):
 *
 * | stream                                                | state.bytes | data file  | ratio |
 * |-------------------------------------------------------|-------------|------------|-------|
 * | empty                                                 | 0           | 792        | –     |
 * | 2000 × 4 KiB random (incompressible)                  | 8 268 000   | 8 277 820  | 1.001 |
 * | 200 × 256 KiB random                                  | 52 437 000  | 52 482 554 | 1.001 |
 * | 20000 empty messages                                  | 720 000     | 441 410    | 0.61  |
 * | 20000 messages on 20000 subjects                      | 1 228 890   | 1 408 009  | 1.15  |
 * | 5000 × 16 B with 5 headers                            | 1 630 000   | 1 295 496  | 0.80  |
 * | max_msgs 100, after 60000 × 1 KiB random              | 104 000     | 3 696 588  | 35.5  |
 * | max_msgs_per_subject 1, 1000 subjects, 60000 × 1 KiB  | 1 041 890   | 3 832 214  | 3.7   |
 * | max_bytes 1 MiB, after 30000 × 1 KiB random           | 1 048 252   | 1 912 858  | 1.8   |
 *
 * Live data costs at most its own size (ratio ≤ 1.15); what exceeds it is deleted records still in
 * a block, at most a few blocks' worth (a block is 8 MiB at most in 2.9). So the bound is twice the
 * stream's bytes plus 64 MiB: every shape above fits with room to spare, and a server that announces
 * an empty stream can make us write 64 MiB at most. A stream whose blocks hold more deleted data
 * than that is backed up with an explicit larger `maxBytes` (`--max-size`).
 */
import { BackupError } from './backupError';
import { formatBytes } from '../streams/format';
import { describeIoError } from '../ioErrors';

/** The data file may be this many times the stream's reported bytes… */
export const BACKUP_SIZE_FACTOR = 2;
/** …plus this much (index files, tar headers and deleted records still in blocks). */
export const BACKUP_SIZE_MARGIN = 64 * 1024 * 1024;

/** A stream's size as its state reports it: a non-negative number of bytes, else 0. */
export function reportedBytes(stateBytes: unknown): number {
  return typeof stateBytes === 'number' && Number.isFinite(stateBytes) && stateBytes > 0 ? stateBytes : 0;
}

/** The most a backup of a stream whose state reports `stateBytes` may hold, and what it comes from (see the module comment). */
export function backupSizeBound(stateBytes: unknown): { limit: number; why: string } {
  const bytes = reportedBytes(stateBytes);
  const limit = Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(bytes * BACKUP_SIZE_FACTOR) + BACKUP_SIZE_MARGIN);
  return { limit, why: `${BACKUP_SIZE_FACTOR} times the ${formatBytes(bytes)} the server reports for the stream plus ${formatBytes(BACKUP_SIZE_MARGIN)}` };
}

/** Writes `data` at the file's position; returns the bytes written, which may be fewer (fs.writeSync). */
export type WriteFn = (data: Uint8Array) => number;

/**
 * Appends chunks to a file, refusing any that would take it past `limit` (set later, once the
 * stream's state is known) and writing each whole: a short write (a disk filling up) is retried
 * for the rest, which then fails with the disk's error rather than leaving a truncated file.
 */
export class BoundedWriter {
  bytes = 0;
  private limitBytes: number;
  private why: string;

  /** `target` names the backup in messages; `limit` and `why` the bound until setLimit. */
  constructor(
    private readonly write: WriteFn,
    private readonly target: string,
    limit: number,
    why: string,
  ) {
    this.limitBytes = limit;
    this.why = why;
  }

  /** Sets the bound (and what it comes from); throws when what was written already passes it. */
  setLimit(limit: number, why: string): void {
    this.limitBytes = limit;
    this.why = why;
    if (this.bytes > limit) throw this.tooLarge(this.bytes);
  }

  /** Writes `data` whole, or throws a BackupError (over the bound, or the file cannot take it). */
  append(data: Uint8Array): void {
    if (this.bytes + data.length > this.limitBytes) throw this.tooLarge(this.bytes + data.length);
    let done = 0;
    try {
      while (done < data.length) {
        const n = this.write(done === 0 ? data : data.subarray(done));
        // A write that takes nothing and reports no error would loop forever: the disk is full.
        if (!(n > 0)) throw Object.assign(new Error('nothing written'), { code: 'ENOSPC' });
        done += n;
      }
    } catch (e) {
      throw new BackupError(`Writing the backup into ${this.target} failed after ${formatBytes(this.bytes + done)}: ${describeIoError(e)}. Nothing was kept.`);
    }
    this.bytes += data.length;
  }

  private tooLarge(bytes: number): BackupError {
    return new BackupError(
      `The server sent more than the backup of ${this.target} may hold: ${formatBytes(bytes)}${bytes >= 1024 ? ` (${bytes} bytes)` : ''} passes the bound of ${formatBytes(this.limitBytes)}, ${this.why}. ` +
        'The backup was stopped and nothing was kept. A server that sends more than its stream holds is broken or not the server it claims to be; if the stream really holds that much (deleted messages still on disk), allow more with a larger maximum size (--max-size).',
    );
  }
}
