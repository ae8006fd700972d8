/**
 * Writing secrets and store files safely: folders 0700, files 0600, every file written to a
 * temporary name in its own folder, fsync'ed, and then moved into place, so that a reader never
 * sees half a file. An existing file is replaced only with `overwrite: true`.
 *
 * All or nothing: every write (file or folder) made inside `inTransaction` is recorded, and when
 * the transaction's body throws, whatever it wrote is undone: new files and folders removed,
 * replaced files restored from a hard-linked backup. A write outside a transaction is its own
 * transaction. The transaction follows the async calls of its body (AsyncLocalStorage), so the
 * store functions below need no transaction argument.
 *
 * Read, then replace, with nobody in between: a file read inside a transaction and then replaced
 * by it must still hold what was read (two commands editing the same account at once would
 * otherwise silently lose one's change); else the transaction fails with a 'conflict' and
 * nothing it wrote stays.
 *
 * Durable before success: a file that replaces another is fsync'ed before the rename (the old
 * content must survive a crash). The new files of an `inTransaction` are fsync'ed all at once when
 * it commits, then every folder written into, once; only then does it return. Concurrent fsyncs
 * share the file system's journal commits: 600 new files take a third of the time of 600 fsyncs in
 * turn. A crash before the commit can only leave files of the unfinished operation empty.
 *
 * Temporary names keep the file's extension last (`.<stem>.<pid>-<random><counter>.tmp<.ext>`):
 * a temporary seed left by a crash (`….tmp.nk`) is still covered by the keystore's `**\/*.nk` rule.
 * Such leftovers are recognised by that exact pattern (see staleTempFile) and removed by the next
 * write into their folder.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from '../ioErrors';
import { TrustError } from './problems';
import { OPEN_READ_NOW } from '../openFlags';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

// --- errors --------------------------------------------------------------------------------------


/** A file that is there already and was not to be replaced; `path` names it. */
export class FileExistsError extends TrustError {
  constructor(readonly path: string) {
    super('exists', `${path} already exists; it is replaced only when overwriting is allowed`);
  }
}

function ioError(file: string, e: unknown): TrustError {
  return e instanceof TrustError ? e : new TrustError('io', `cannot write ${file}: ${describeIoError(e)}`);
}

// --- fault injection, for tests ------------------------------------------------------------------

/** The steps by which the file layer changes the disk, in the order a write takes them. */
export type FileStep = 'mkdir' | 'write' | 'sync' | 'backup' | 'link' | 'rename' | 'sync-folder' | 'commit';

let faultHook: ((step: FileStep, target: string) => void) | undefined;

/**
 * For tests: `hook` is called before each step that changes the disk (and before a transaction
 * commits); an error it throws fails that step as the system call would. `undefined` removes it.
 */
export function setFileFaultHook(hook: ((step: FileStep, target: string) => void) | undefined): void {
  faultHook = hook;
}

function step(kind: FileStep, target: string): void {
  faultHook?.(kind, target);
}

// --- transactions --------------------------------------------------------------------------------

type Change = { kind: 'file'; path: string } | { kind: 'folder'; path: string } | { kind: 'replaced'; path: string; backup?: string; copy?: { data: Buffer; mode: number } };

/** The writes of one operation: undone together on failure, made durable together on success. */
class Transaction {
  readonly changes: Change[] = [];
  /** Folders whose entries changed: fsync'ed at commit. */
  readonly folders = new Set<string>();
  /** Folders already cleared of stale temporary files. */
  readonly swept = new Set<string>();
  /** New files whose fsync waits for the commit (async transactions only). */
  readonly unsynced: string[] | undefined;
  /** Folders to remove at commit when they are empty then (see removeFileAtomic). */
  readonly emptied: string[] = [];
  /** The text of each file as this transaction first read it (or last wrote it): see checkUnchanged. */
  readonly seen = new Map<string, string>();

  constructor(deferSync: boolean) {
    this.unsynced = deferSync ? [] : undefined;
  }

  /** Makes every change durable (fsync of the folders), then drops the backups of replaced files. */
  commit(): void {
    step('commit', '');
    for (const folder of this.folders) syncPath(folder, true);
    this.dropBackups();
    noteSwept(this);
  }

  /** As commit, with the new files' fsyncs first, all issued at once, then the folders'. */
  async commitAsync(): Promise<void> {
    step('commit', '');
    await allSettled((this.unsynced ?? []).map((file) => syncPathAsync(file, false)));
    await allSettled([...this.folders].map((folder) => syncPathAsync(folder, true)));
    this.dropBackups();
    noteSwept(this);
  }

  private dropBackups(): void {
    for (const c of this.changes) if (c.kind === 'replaced' && c.backup) removeQuietly(c.backup);
    // Deepest first: a folder emptied by removals goes before its parent is looked at.
    for (const dir of [...this.emptied].sort((a, b) => b.length - a.length)) {
      try {
        removeEmptyFolder(dir);
      } catch {
        /* still used by someone: it stays */
      }
    }
  }

  /** Undoes every change, last first; returns what could not be undone. */
  rollback(): string[] {
    const failed: string[] = [];
    for (const c of [...this.changes].reverse()) {
      try {
        if (c.kind === 'file') fs.rmSync(c.path, { force: true });
        else if (c.kind === 'folder') removeEmptyFolder(c.path);
        else if (c.backup) fs.renameSync(c.backup, c.path);
        else if (c.copy) restoreCopy(c.path, c.copy);
      } catch (e) {
        failed.push(`${c.path} (${describeIoError(e)})`);
      }
    }
    return failed;
  }
}

/**
 * Waits for every promise, then throws the first failure: a rollback must not start while an
 * fsync of a file it removes is still under way (nor that fsync outlive the transaction).
 */
async function allSettled(work: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

const current = new AsyncLocalStorage<Transaction>();

/** The error to throw after undoing a failed transaction: `e`, plus what could not be undone. */
function undone(tx: Transaction, e: unknown): unknown {
  const failed = tx.rollback();
  if (failed.length === 0) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new TrustError(e instanceof TrustError ? e.code : 'io', `${message}; undoing the partial write failed for ${failed.join(', ')}`);
}

/**
 * Runs `body` as one transaction: if it throws (or its promise rejects), every file and folder it
 * wrote through this module is removed and every file it replaced is restored, then the error is
 * rethrown. A transaction started inside another one is part of the outer one.
 */
export async function inTransaction<T>(body: () => Promise<T>): Promise<T> {
  if (current.getStore()) return body();
  const tx = new Transaction(true);
  return current.run(tx, async () => {
    let result: T;
    try {
      result = await body();
      await tx.commitAsync();
    } catch (e) {
      throw undone(tx, e);
    }
    return result;
  });
}

function removeEmptyFolder(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch (e) {
    // Someone else put a file there meanwhile: the folder is theirs now too.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
}

function restoreCopy(file: string, copy: { data: Buffer; mode: number }): void {
  const temp = tempName(file);
  try {
    fs.writeFileSync(temp, copy.data, { mode: copy.mode, flag: 'wx' });
    fs.renameSync(temp, file);
  } finally {
    removeQuietly(temp);
  }
}

/**
 * What a failed fsync means: undefined when it may be ignored (Windows cannot open a folder for
 * it, and keeps names without it; some file systems do not fsync folders), else the error to throw.
 */
function syncFailure(e: unknown, target: string, folder: boolean): TrustError | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (folder && (code === 'EISDIR' || code === 'EINVAL' || code === 'EBADF' || code === 'ENOTSUP')) return undefined;
  return new TrustError('io', `cannot make ${target} durable: ${describeIoError(e)}`);
}

/** fsync of a file, or of a folder so that the names created in it survive a crash. */
function syncPath(target: string, folder: boolean): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, folder ? 'r' : 'r+');
    step(folder ? 'sync-folder' : 'sync', target);
    fs.fsyncSync(fd);
  } catch (e) {
    const failure = syncFailure(e, target, folder);
    if (failure) throw failure;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function syncPathAsync(target: string, folder: boolean): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(target, folder ? 'r' : 'r+');
    step(folder ? 'sync-folder' : 'sync', target);
    await handle.sync();
  } catch (e) {
    const failure = syncFailure(e, target, folder);
    if (failure) throw failure;
  } finally {
    await handle?.close();
  }
}

/** Runs `body` in the current transaction, or in one of its own that commits when it returns. */
function transacted<T>(body: (tx: Transaction) => T): T {
  const outer = current.getStore();
  if (outer) return body(outer);
  const tx = new Transaction(false);
  return current.run(tx, () => {
    let result: T;
    try {
      result = body(tx);
      tx.commit();
    } catch (e) {
      throw undone(tx, e);
    }
    return result;
  });
}

// --- folders -------------------------------------------------------------------------------------

/**
 * Creates `dir` and its missing parents with mode 0700, one mkdir each, and returns the folders
 * created (topmost first). Not fs.mkdirSync's `recursive`: it reports EROFS and EACCES as ENOENT
 * and loops forever where mkdir says ENOENT under an existing parent (e.g. /proc/x).
 */
function makeFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; ) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw Object.assign(e as Error, { folder: d });
    }
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR', folder: d });
      break;
    }
    missing.push(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      step('mkdir', d);
      fs.mkdirSync(d, { mode: DIR_MODE });
      created.push(d);
    } catch (e) {
      const made = (e as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(d, { throwIfNoEntry: false })?.isDirectory();
      if (!made) throw Object.assign(e as Error, { folder: d, created });
    }
  }
  return created;
}

function recordFolders(tx: Transaction, created: readonly string[]): void {
  for (const d of created) {
    tx.changes.push({ kind: 'folder', path: d });
    tx.folders.add(path.dirname(d));
  }
}

/** Creates a folder (and its parents) with mode 0700; an existing folder is left as it is. */
export function ensureDir(dir: string): void {
  transacted((tx) => {
    try {
      recordFolders(tx, makeFolders(dir));
    } catch (e) {
      const failed = e as NodeJS.ErrnoException & { folder?: string; created?: string[] };
      recordFolders(tx, failed.created ?? []);
      throw new TrustError('io', `cannot create the folder ${failed.folder ?? dir}: ${describeIoError(e)}`);
    }
  });
}

// --- temporary files -----------------------------------------------------------------------------

export interface WriteOptions {
  /** Replace an existing file (default false: an existing file is an error). */
  overwrite?: boolean;
  /** File mode (default 0600); the umask may only remove permissions from it. */
  mode?: number;
}

/** This process's id and a random tag, then a counter: unique temporary names without a random draw per file. */
const TEMP_OWNER = `${process.pid.toString(36)}-${crypto.randomBytes(2).toString('hex')}`;
let tempCounter = 0;

/** The most bytes a temporary name adds to the file's name: 2 dots, pid (≤ 7), '-', 4, counter (≤ 11), '.tmp'. */
export const TEMP_NAME_EXTRA = 2 + 7 + 1 + 4 + 11 + 4;

/** Ours, and only ours: `.<stem>.<pid base 36>-<4 hex><counter base 36>.tmp[.ext]`. */
const TEMP_PATTERN = /^\..+\.([0-9a-z]{1,7})-[0-9a-f]{4}[0-9a-z]{1,11}\.tmp(\.[^.]+)?$/;
/** The temporary names of earlier versions: `.<name>.<12 hex><counter base 36>.tmp`. */
const OLD_TEMP_PATTERN = /^\..+\.[0-9a-f]{12}[0-9a-z]{1,11}\.tmp$/;
/** A temporary file of a running process older than this is left from a crash all the same. */
const STALE_AFTER_MS = 10 * 60_000;

function tempName(file: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  const base = path.basename(file);
  const ext = path.extname(base);
  return path.join(path.dirname(file), `.${base.slice(0, base.length - ext.length)}.${TEMP_OWNER}${tempCounter.toString(36)}.tmp${ext}`);
}

/** Whether a file name has the exact pattern of our temporary files (this version's or an earlier one's). */
export function isTempFileName(name: string): boolean {
  return TEMP_PATTERN.test(name) || OLD_TEMP_PATTERN.test(name);
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `name` (in a folder, modified at `mtimeMs`) is a temporary file of ours that no write
 * will ever move into place: its process is gone, or it is older than any write takes.
 */
export function staleTempFile(name: string, mtimeMs: number, now = Date.now()): boolean {
  const match = TEMP_PATTERN.exec(name);
  if (!match && !OLD_TEMP_PATTERN.test(name)) return false;
  if (now - mtimeMs > STALE_AFTER_MS) return true;
  return match !== null && !processRuns(parseInt(match[1], 36));
}

/** The stale temporary files of ours in `dir` (plain files only; nothing else is looked at). */
export function staleTempFilesIn(dir: string): string[] {
  // Plain names, not Dirents: every write sweeps its folder once, and a folder may hold thousands of users.
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.charCodeAt(0) !== 0x2e || !isTempFileName(name)) continue;
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && staleTempFile(name, stat.mtimeMs)) out.push(file);
  }
  return out;
}

/** Every stale temporary file of ours below `dir`, recursively (symbolic links are not followed). */
export async function staleTempFilesBelow(dir: string): Promise<string[]> {
  let items: fs.Dirent[];
  try {
    items = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = await Promise.all(
    items.map(async (d): Promise<string[]> => {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) return staleTempFilesBelow(full);
      if (!d.isFile() || !isTempFileName(d.name)) return [];
      const stat = await fsp.lstat(full).catch(() => undefined);
      return stat && staleTempFile(d.name, stat.mtimeMs) ? [full] : [];
    }),
  );
  return found.flat();
}

/**
 * Each folder's modification time as the last committed transaction that wrote there left it:
 * a folder unchanged since then holds no leftover of a crash that its sweep has not seen, so it
 * is not listed again (listing a folder of 1,000 users took a third of the time of a user edit).
 */
const sweptAt = new Map<string, number>();

/** The folder's modification time; undefined when it is missing or not a folder (the write then says why). */
function folderTime(dir: string): number | undefined {
  try {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    return stat?.isDirectory() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the stale temporary files of ours in a folder, once per transaction. */
function sweep(tx: Transaction, dir: string): void {
  if (tx.swept.has(dir)) return;
  tx.swept.add(dir);
  const time = folderTime(dir);
  if (time !== undefined && sweptAt.get(dir) === time) return;
  for (const file of staleTempFilesIn(dir)) removeQuietly(file);
}

/** After a commit: the swept folders as this transaction left them (see sweptAt). */
function noteSwept(tx: Transaction): void {
  for (const dir of tx.swept) {
    const time = folderTime(dir);
    if (time === undefined) sweptAt.delete(dir);
    else sweptAt.set(dir, time);
  }
}

/** Writes the temporary file (and fsyncs it when `sync`), creating the folder (mode 0700) only when it is missing. */
function writeTemp(temp: string, data: string | Uint8Array, mode: number, sync: boolean): void {
  let fd: number;
  try {
    step('write', temp);
    fd = fs.openSync(temp, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    ensureDir(path.dirname(temp));
    step('write', temp);
    fd = fs.openSync(temp, 'wx', mode);
  }
  try {
    fs.writeFileSync(fd, data);
    if (sync) {
      step('sync', temp);
      fs.fsyncSync(fd);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `file` atomically (temporary file, then rename or link in the same folder),
 * creating the folder with mode 0700. Without `overwrite`, an existing file is never touched
 * (FileExistsError, code 'exists'), even one created meanwhile by someone else. Inside a
 * transaction the write is undone if the transaction fails, and made durable when it commits
 * (see the module comment); outside one, file and folder are fsync'ed before this returns.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  transacted((tx) => {
    const mode = options.mode ?? FILE_MODE;
    const dir = path.dirname(file);
    sweep(tx, dir);
    const temp = tempName(file);
    let moved = false;
    try {
      // A replacement is fsync'ed before the rename; a new file may wait for the commit.
      const defer = tx.unsynced !== undefined && !(options.overwrite && fs.existsSync(file));
      writeTemp(temp, data, mode, !defer);
      if (options.overwrite) {
        replace(tx, temp, file, data);
        moved = true;
      } else {
        moved = linkNoClobber(temp, file);
        tx.changes.push({ kind: 'file', path: file });
      }
      if (defer) tx.unsynced?.push(file);
      tx.folders.add(dir);
    } catch (e) {
      throw ioError(file, e);
    } finally {
      // A temporary file renamed into place is gone already: no needless unlink.
      if (!moved) removeQuietly(temp);
    }
  });
}

/**
 * writeFileAtomic with `overwrite` for many files of one transaction: the temporary files are
 * written and fsync'ed concurrently (a replacement must be durable before its rename, and
 * concurrent fsyncs share the journal's commits), then each is moved into place in turn, undone
 * with the transaction. Outside a transaction it is one of its own.
 */
export async function replaceFilesAtomic(files: readonly { file: string; data: string | Uint8Array }[], mode = FILE_MODE): Promise<void> {
  if (!current.getStore()) return inTransaction(() => replaceFilesAtomic(files, mode));
  const tx = current.getStore() as Transaction;
  const temps = files.map(({ file }) => {
    sweep(tx, path.dirname(file));
    return tempName(file);
  });
  const moved = new Set<string>();
  try {
    await allSettled(files.map(({ file, data }, i) => writeTempAsync(temps[i], data, mode).catch((e: unknown) => Promise.reject(ioError(file, e)))));
    files.forEach(({ file }, i) => {
      try {
        replace(tx, temps[i], file, files[i].data);
      } catch (e) {
        throw ioError(file, e);
      }
      moved.add(temps[i]);
      tx.folders.add(path.dirname(file));
    });
  } finally {
    for (const temp of temps) if (!moved.has(temp)) removeQuietly(temp);
  }
}

/** writeTemp, without blocking: written and fsync'ed (the folder must exist). */
async function writeTempAsync(temp: string, data: string | Uint8Array, mode: number): Promise<void> {
  step('write', temp);
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    step('sync', temp);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames `temp` over `file`, keeping what it replaces (a hard link, else a copy) until the transaction ends. */
function replace(tx: Transaction, temp: string, file: string, data?: string | Uint8Array): void {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(file);
  } catch {
    /* a new file */
  }
  if (!existing) {
    step('rename', file);
    fs.renameSync(temp, file);
    tx.changes.push({ kind: 'file', path: file });
    return;
  }
  const backup = tempName(file);
  let change: Change;
  try {
    step('backup', backup);
    fs.linkSync(file, backup);
    change = { kind: 'replaced', path: file, backup };
  } catch (e) {
    if (!noHardLinks(e)) throw e;
    change = { kind: 'replaced', path: file, copy: { data: fs.readFileSync(file), mode: existing.mode & 0o777 } };
  }
  try {
    checkUnchanged(tx, file, change);
    step('rename', file);
    fs.renameSync(temp, file);
  } catch (e) {
    if (change.kind === 'replaced' && change.backup) removeQuietly(change.backup);
    throw e;
  }
  tx.changes.push(change);
  if (tx.seen.has(path.resolve(file))) tx.seen.set(path.resolve(file), typeof data === 'string' ? data : Buffer.from(data ?? '').toString('utf8'));
}

/**
 * Refuses to replace a file this transaction read when its content (as kept in the backup, a
 * snapshot of what the rename replaces) is no longer what was read: someone changed it meanwhile.
 */
function checkUnchanged(tx: Transaction, file: string, change: Change): void {
  const read = tx.seen.get(path.resolve(file));
  if (read === undefined || change.kind !== 'replaced') return;
  const now = change.backup ? fs.readFileSync(change.backup, 'utf8') : (change.copy?.data.toString('utf8') ?? '');
  if (now !== read) {
    throw new TrustError('conflict', `${file} was changed by another command while this one was working on it: nothing was written; run it again to apply it to the new content`);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    /* never written */
  }
}

function noHardLinks(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS';
}

/**
 * link() refuses an existing target, so a file created meanwhile is not clobbered. Returns whether
 * the temporary file was moved (renamed) rather than linked, i.e. is gone already.
 */
function linkNoClobber(temp: string, file: string): boolean {
  try {
    step('link', file);
    fs.linkSync(temp, file);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file);
    if (!noHardLinks(e)) throw e;
    // File systems without hard links: check, then rename.
    if (fs.existsSync(file)) throw new FileExistsError(file);
    step('rename', file);
    fs.renameSync(temp, file);
    return true;
  }
}

// --- removing ------------------------------------------------------------------------------------

/**
 * Removes `file` as part of the current transaction: it is renamed to a temporary name beside it
 * (restored if the transaction fails, deleted when it commits). A missing file is no error.
 * `emptiedFolders` (e.g. the folders of a deleted account) are removed at the commit when they are
 * empty by then; a folder that still holds something stays.
 */
export function removeFileAtomic(file: string, emptiedFolders: readonly string[] = []): void {
  transacted((tx) => {
    tx.emptied.push(...emptiedFolders);
    if (!fs.existsSync(file)) return;
    const backup = tempName(file);
    try {
      step('rename', file);
      fs.renameSync(file, backup);
    } catch (e) {
      throw new TrustError('io', `cannot remove ${file}: ${describeIoError(e)}`);
    }
    tx.changes.push({ kind: 'replaced', path: file, backup });
    tx.folders.add(path.dirname(file));
  });
}

// --- reading -------------------------------------------------------------------------------------


/**
 * Refuses what is not a regular file: a FIFO blocks its reader, a device such as /dev/zero never
 * ends. Errors as fs reports them (EISDIR for a folder), ENOTREG for a special file.
 */
function checkRegular(file: string, stats: fs.Stats): void {
  if (stats.isFile()) return;
  const code = stats.isDirectory() ? 'EISDIR' : 'ENOTREG';
  throw Object.assign(new Error(`${code}: ${describeIoError({ code })}, read '${file}'`), { code, path: file });
}

/**
 * The text (UTF-8) of a file of a store, keystore or nsc's settings, which whoever can write there
 * controls: only a regular file is read (see checkRegular).
 */
export function readFileText(file: string): string {
  const fd = fs.openSync(file, OPEN_READ_NOW);
  try {
    checkRegular(file, fs.fstatSync(fd));
    const text = fs.readFileSync(fd, 'utf8');
    noteRead(file, text);
    return text;
  } finally {
    fs.closeSync(fd);
  }
}

/** Inside a transaction: the text of `file` as first read (see checkUnchanged). */
function noteRead(file: string, text: string): void {
  const seen = current.getStore()?.seen;
  const key = path.resolve(file);
  if (seen && !seen.has(key)) seen.set(key, text);
}

/** readFileText, without blocking the event loop. */
export async function readFileTextAsync(file: string): Promise<string> {
  const handle = await fsp.open(file, OPEN_READ_NOW);
  try {
    checkRegular(file, await handle.stat());
    const text = await handle.readFile('utf8');
    noteRead(file, text);
    return text;
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a regular file (see checkRegular) of at most `maxBytes`: a larger file is refused
 * with EFBIG before it is read, and one that grows past the limit while read is refused too.
 */
export async function readBoundedFileAsync(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fsp.open(file, OPEN_READ_NOW);
  try {
    const stats = await handle.stat();
    checkRegular(file, stats);
    const tooLarge = (): Error => Object.assign(new Error(`EFBIG: ${describeIoError({ code: 'EFBIG' })}, read '${file}'`), { code: 'EFBIG', path: file });
    if (stats.size > maxBytes) throw tooLarge();
    // Sized by the file (one byte more, to see it end), grown only for a file that grows.
    let buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, maxBytes + 1 - buffer.length))]);
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge();
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** The text of a file, or undefined when it does not exist; other read errors are returned as `error`. */
export function readText(file: string): { text?: string; error?: string } {
  try {
    return { text: readFileText(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return { error: `cannot read ${file}: ${describeIoError(e)}` };
  }
}
