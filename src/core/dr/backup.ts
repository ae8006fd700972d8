/**
 * Backing up a stream to a folder and restoring it, in the format of `nats stream backup` /
 * `nats stream restore` (jsm.go's SnapshotToDirectory / RestoreSnapshotFromDirectory), so that the
 * nats CLI reads our backups and we read its:
 *
 * - `backup.json`: `{"config": …, "state": …}` as the snapshot request's reply gave them (indented);
 * - `stream.tar.s2`: the snapshot's chunks as the server sent them (an s2-compressed tar), in order.
 *
 * Backup: a request on `$JS.API.STREAM.SNAPSHOT.<stream>` names a deliver subject; the server sends
 * the chunks there, each with a reply subject to acknowledge (its flow control), and ends with an
 * empty message (status 204, or an error status). Restore: `$JS.API.STREAM.RESTORE.<stream>` with
 * `{config, state}` gives a subject to send the chunks to as requests (64 KiB each), then an empty
 * request whose reply is the stream's create response. Memory streams have no snapshot.
 *
 * The folder is written atomically: into a hidden sibling folder first, renamed into place when
 * complete; a failure or a cancel leaves nothing. What the server may send is bounded (see
 * backupBound.ts): past the bound, the backup stops and leaves nothing. An existing non-empty
 * folder is never overwritten. Folder 0700, files 0600 (a backup holds the stream's messages).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ClusterError, Connection } from '../cluster';
import { cancelledFailure, failure } from '../cluster/errors';
import { apiFailure, jsRequest } from '../cluster/jsApi';
import { describeIoError } from '../ioErrors';
import { streamNameFault } from '../streams/rules/invalidName';
import { quoted } from '../trust/quote';
import { BACKUP_SIZE_MARGIN, BoundedWriter, backupSizeBound, reportedBytes } from './backupBound';
import { BackupError } from './backupError';
import { assertNoStream } from './restoreTarget';

export const BACKUP_META_FILE = 'backup.json';
export const BACKUP_DATA_FILE = 'stream.tar.s2';
/** Chunks the server sends for a backup (jsm.go's default). */
export const SNAPSHOT_CHUNK = 128 * 1024;
/** Chunks sent for a restore (jsm.go's). */
export const RESTORE_CHUNK = 64 * 1024;
/** The largest `backup.json` read (a stream's config and state take a few KiB). */
export const MAX_BACKUP_META_BYTES = 16 * 1024 * 1024;

export interface TransferProgress {
  /** Bytes received (backup) or sent (restore) so far. */
  bytes: number;
  /** Bytes expected in all: the stream's size for a backup (the compressed data is smaller), the file's for a restore. */
  total: number;
  chunks: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  /** Longest wait for the server between two chunks (default 30 s). */
  idleTimeoutMs?: number;
}

export interface BackupOptions extends TransferOptions {
  /** Include the stream's consumers (default false, as `nats stream backup`). */
  consumers?: boolean;
  /** Have the server check the messages first (default false). */
  check?: boolean;
  /**
   * The most the data file may hold; default: twice the stream's reported bytes plus 64 MiB (see
   * backupBound.ts). A server that sends more is stopped with a BackupError and nothing is kept.
   */
  maxBytes?: number;
}

export interface StreamBackupMeta {
  config: Record<string, unknown> & { name: string; storage?: string };
  state: Record<string, unknown> & { messages?: number; bytes?: number };
}

export interface BackupResult {
  dir: string;
  meta: StreamBackupMeta;
  /** Size of `stream.tar.s2`. */
  bytes: number;
  chunks: number;
}

export { BackupError };

function cancelled(operation: string): ClusterError {
  return new ClusterError(cancelledFailure(operation));
}

/**
 * Throws unless `name` is a stream name the server accepts: it becomes a token of the API subject
 * (`$JS.API.STREAM.RESTORE.<name>`), where a space, a line break or a `.` would change what is sent.
 */
function checkStreamName(name: string, where: string): void {
  const fault = streamNameFault(name);
  if (fault === undefined) return;
  const why = fault.kind === 'length' ? `it is ${fault.bytes} bytes long (at most 255)` : `it contains ${fault.characters.replace(/`/g, "'")}`;
  throw new BackupError(`${where}: the stream name ${quoted(name)} is not one a server accepts: ${why}.`);
}

/**
 * Opens `file` for reading only if it is a regular file itself: not a symbolic link (a backup
 * folder from elsewhere could point stream.tar.s2 at a key file, which a restore would send to the
 * server), a pipe or a device. The caller closes the descriptor.
 */
function openRegularFile(file: string, hint = ''): { fd: number; size: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTREG' });
    return { fd, size: stat.size };
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    const code = (e as NodeJS.ErrnoException).code;
    // O_NOFOLLOW on a symbolic link fails with ELOOP.
    const why = code === 'ELOOP' && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? 'it is a symbolic link, which a backup does not hold' : describeIoError(e);
    throw new BackupError(`${file} cannot be read: ${why}${hint}.`);
  }
}

/** Throws unless `dir` is absent or an empty folder. */
function assertFreeTarget(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new BackupError(`The backup folder ${dir} cannot be used: ${describeIoError(e)}.`);
  }
  if (entries.length > 0) throw new BackupError(`The backup folder ${dir} is not empty; choose a new or empty folder (nothing is overwritten).`);
}

/** Backs up `stream` into `dir` (created; must be absent or empty). */
export async function backupStream(conn: Connection, stream: string, dir: string, options: BackupOptions = {}): Promise<BackupResult> {
  checkStreamName(stream, 'Nothing was backed up');
  const operation = `the backup of stream ${stream}`;
  const target = path.resolve(dir);
  assertFreeTarget(target);
  const parent = path.dirname(target);
  const staging = path.join(parent, `.${path.basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
    fs.mkdirSync(staging, { mode: 0o700 });
  } catch (e) {
    throw new BackupError(`The backup folder ${target} cannot be created: ${describeIoError(e)}.`);
  }
  let data: number | undefined;
  try {
    data = fs.openSync(path.join(staging, BACKUP_DATA_FILE), 'wx', 0o600);
    const inbox = `_INBOX.${randomBytes(11).toString('hex')}`;
    let chunks = 0;
    let total = 0;
    const fd = data;
    const explicit = options.maxBytes;
    // Until the snapshot's reply gives the stream's size, the bound of an empty stream applies.
    const writer = new BoundedWriter((chunk) => fs.writeSync(fd, chunk), target, explicit ?? BACKUP_SIZE_MARGIN, explicit !== undefined ? 'the maximum size given' : "allowed before the server reported the stream's size");
    let settle: (error?: Error) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    // It may fail (a cancel, a bad chunk) before the snapshot request has answered and it is awaited.
    done.catch(() => undefined);
    // Once ended (done, failed, cancelled), nothing more is written: a server may keep sending until unsubscribed.
    let ended = false;
    const finish = (error?: Error): void => {
      ended = true;
      settle(error);
    };
    let idle: NodeJS.Timeout | undefined;
    const idleMs = options.idleTimeoutMs ?? 30_000;
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(new ClusterError(failure('timeout', `${operation} stalled: the server sent nothing for ${idleMs / 1000} s.`))), idleMs);
    };
    const sub = conn.nats.subscribe(inbox, {
      callback: (err, msg) => {
        if (ended) return;
        if (err) return finish(err);
        if (msg.data.length === 0) {
          const code = msg.headers?.code ?? 0;
          if (code !== 0 && code !== 204) return finish(new ClusterError(failure('jetstream', `The server ended ${operation} with status ${code} ${msg.headers?.description ?? ''}`.trim() + '.')));
          return finish();
        }
        try {
          writer.append(msg.data);
        } catch (e) {
          return finish(e as Error);
        }
        chunks++;
        armIdle();
        options.onProgress?.({ bytes: writer.bytes, total, chunks });
        // The acknowledgement is the server's flow control: it sends more once it has it.
        if (msg.reply) msg.respond();
      },
    });
    const onAbort = (): void => finish(cancelled(operation));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw cancelled(operation);
      const reply = await jsRequest<StreamBackupMeta>(
        conn,
        `STREAM.SNAPSHOT.${stream}`,
        { deliver_subject: inbox, no_consumers: !options.consumers, chunk_size: SNAPSHOT_CHUNK, jsck: options.check === true },
        { operation, signal: options.signal },
      );
      // backup.json must describe the stream asked for: a restore creates the stream it names.
      const named = reply.config?.name;
      if (named !== stream || typeof reply.state !== 'object' || reply.state === null) {
        throw new BackupError(`The server's reply to ${operation} ${typeof named === 'string' ? `describes stream ${quoted(named)}, not ${quoted(stream)}` : 'holds no stream config and state'}: nothing was kept.`);
      }
      total = reportedBytes(reply.state.bytes);
      if (explicit === undefined) {
        // Throws when the chunks that came before the reply already pass the stream's bound.
        const bound = backupSizeBound(reply.state.bytes);
        writer.setLimit(bound.limit, bound.why);
      }
      options.onProgress?.({ bytes: writer.bytes, total, chunks });
      armIdle();
      await done;
      const meta: StreamBackupMeta = { config: reply.config, state: reply.state };
      try {
        fs.fsyncSync(fd);
        fs.writeFileSync(path.join(staging, BACKUP_META_FILE), JSON.stringify(meta, null, 2), { mode: 0o600, flag: 'wx' });
        fs.closeSync(fd);
      } catch (e) {
        throw new BackupError(`Writing the backup into ${target} failed: ${describeIoError(e)}. Nothing was kept.`);
      }
      data = undefined;
      assertFreeTarget(target);
      try {
        fs.rmSync(target, { recursive: false, force: true });
      } catch {
        /* an empty folder left in place: the rename below says why it cannot go */
      }
      try {
        fs.renameSync(staging, target);
      } catch (e) {
        throw new BackupError(`The backup could not be moved into ${target}: ${describeIoError(e)}.`);
      }
      return { dir: target, meta, bytes: writer.bytes, chunks };
    } finally {
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onAbort);
      sub.unsubscribe();
    }
  } catch (e) {
    if (data !== undefined) fs.closeSync(data);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Reads and checks a backup folder's `backup.json`; the data file must be there too. */
export function readBackup(dir: string): { meta: StreamBackupMeta; dataFile: string; size: number } {
  const metaFile = path.join(dir, BACKUP_META_FILE);
  const dataFile = path.join(dir, BACKUP_DATA_FILE);
  const opened = openRegularFile(metaFile, `; is ${dir} a stream backup folder?`);
  let text: string;
  try {
    if (opened.size > MAX_BACKUP_META_BYTES) throw new BackupError(`${metaFile} is ${opened.size} bytes long: a stream backup's is a few KiB (at most ${MAX_BACKUP_META_BYTES} are read).`);
    text = fs.readFileSync(opened.fd, 'utf8');
  } catch (e) {
    throw e instanceof BackupError ? e : new BackupError(`${metaFile} cannot be read: ${describeIoError(e)}.`);
  } finally {
    fs.closeSync(opened.fd);
  }
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (e) {
    throw new BackupError(`${metaFile} is not valid JSON: ${(e as Error).message}.`);
  }
  const m = meta as Partial<StreamBackupMeta> | null;
  if (!m || typeof m !== 'object' || !m.config || typeof m.config !== 'object' || typeof m.config.name !== 'string' || m.config.name === '') {
    throw new BackupError(`${metaFile} does not hold a stream backup: "config.name" is missing.`);
  }
  checkStreamName(m.config.name, `${metaFile} cannot be restored`);
  if (m.config.storage === 'memory') throw new BackupError(`${metaFile} describes a memory stream, which the server cannot restore from a snapshot.`);
  const data = openRegularFile(dataFile);
  fs.closeSync(data.fd);
  const size = data.size;
  return { meta: { config: m.config, state: m.state ?? {} }, dataFile, size };
}

export interface RestoreOptions extends TransferOptions {
  /** Changes to the backed-up config (e.g. a promoted mirror: no `mirror`, new `subjects`); its name may not change. */
  config?: (config: StreamBackupMeta['config']) => StreamBackupMeta['config'];
}

export interface RestoreResult {
  stream: string;
  /** The restored stream's state, as the server reports it. */
  state: Record<string, unknown> & { messages?: number };
  chunks: number;
}

/** Restores the stream backed up in `dir`; a stream of its name on the server is refused with a BackupError naming where. */
export async function restoreStream(conn: Connection, dir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { meta, dataFile, size } = readBackup(path.resolve(dir));
  const config = options.config ? options.config({ ...meta.config }) : meta.config;
  const name = meta.config.name;
  if (config.name !== name) throw new BackupError(`A restored stream keeps its name: ${JSON.stringify(name)}, not ${JSON.stringify(config.name)}.`);
  const operation = `the restore of stream ${name}`;
  await assertNoStream(conn, name, options.signal);
  const reply = await jsRequest<{ deliver_subject: string }>(conn, `STREAM.RESTORE.${name}`, { config, state: meta.state }, { operation, signal: options.signal });
  const timeoutMs = options.idleTimeoutMs ?? 30_000;
  const { fd } = openRegularFile(dataFile);
  let chunks = 0;
  let bytes = 0;
  try {
    const buffer = Buffer.alloc(RESTORE_CHUNK);
    for (;;) {
      // The stream is created only by the final empty request: a restore stopped before it leaves none (server test).
      if (options.signal?.aborted) throw cancelled(operation);
      const n = fs.readSync(fd, buffer, 0, RESTORE_CHUNK, null);
      if (n === 0) break;
      const answer = await conn.request(reply.deliver_subject, buffer.subarray(0, n), { timeoutMs, operation, signal: options.signal });
      if (answer.length > 0) checkReply(answer, operation);
      chunks++;
      bytes += n;
      options.onProgress?.({ bytes, total: size, chunks });
    }
  } finally {
    fs.closeSync(fd);
  }
  const last = await conn.request(reply.deliver_subject, '', { timeoutMs: Math.max(timeoutMs, 120_000), operation, signal: options.signal });
  const created = checkReply(last, operation) as { state?: RestoreResult['state'] };
  return { stream: name, state: created.state ?? {}, chunks };
}

/** An API reply: its body, or the ClusterError its `error` describes. */
function checkReply(data: Uint8Array, operation: string): Record<string, unknown> {
  let body: { error?: Parameters<typeof apiFailure>[0] } & Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(data)) as typeof body;
  } catch {
    throw new ClusterError(failure('unknown', `The server's reply during ${operation} is not JSON.`));
  }
  if (body.error) throw apiFailure(body.error, operation);
  return body;
}
