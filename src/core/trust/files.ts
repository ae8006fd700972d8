/**
 * Writing secrets and store files safely: folders 0700, files 0600, every file written to a
 * temporary name in its own folder and then moved into place, so that a reader never sees half a
 * file and no temporary file stays behind. An existing file is replaced only with `overwrite: true`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrustError } from './problems';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates a folder (and its parents) with mode 0700; an existing folder is left as it is. */
export function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    throw new TrustError('io', `cannot create the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface WriteOptions {
  /** Replace an existing file (default false: an existing file is an error). */
  overwrite?: boolean;
  /** File mode (default 0600); the umask may only remove permissions from it. */
  mode?: number;
}

/** A random prefix per process and a counter: unique temporary names without a random draw per file. */
const TEMP_PREFIX = crypto.randomBytes(6).toString('hex');
let tempCounter = 0;

function tempName(file: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  return path.join(path.dirname(file), `.${path.basename(file)}.${TEMP_PREFIX}${tempCounter.toString(36)}.tmp`);
}

function existsError(file: string): TrustError {
  return new TrustError('exists', `${file} already exists; it is replaced only when overwriting is allowed`);
}

function ioError(file: string, e: unknown): TrustError {
  return e instanceof TrustError ? e : new TrustError('io', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

/** Writes the temporary file, creating the folder (mode 0700) only when it is missing. */
function writeTemp(temp: string, data: string | Uint8Array, mode: number): void {
  try {
    fs.writeFileSync(temp, data, { mode, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    ensureDir(path.dirname(temp));
    fs.writeFileSync(temp, data, { mode, flag: 'wx' });
  }
}

/**
 * Writes `data` to `file` atomically (temporary file + rename or link in the same folder),
 * creating the folder with mode 0700. Without `overwrite`, an existing file is never touched
 * (TrustError 'exists'), even one created meanwhile by someone else.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const mode = options.mode ?? FILE_MODE;
  const temp = tempName(file);
  let moved = false;
  try {
    writeTemp(temp, data, mode);
    moved = options.overwrite ? renameOver(temp, file) : linkNoClobber(temp, file);
  } catch (e) {
    throw ioError(file, e);
  } finally {
    // A temporary file renamed into place is gone already: no needless unlink.
    if (!moved) removeQuietly(temp);
  }
}

function renameOver(temp: string, file: string): true {
  fs.renameSync(temp, file);
  return true;
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    /* never written */
  }
}

/** Removes files written by an operation that then failed; a file already gone is fine. */
export function removeWritten(files: readonly string[]): void {
  for (const file of files) removeQuietly(file);
}

/**
 * link() refuses an existing target, so a file created meanwhile is not clobbered. Returns whether
 * the temporary file was moved (renamed) rather than linked, i.e. is gone already.
 */
function linkNoClobber(temp: string, file: string): boolean {
  try {
    fs.linkSync(temp, file);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(file);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
    // File systems without hard links: check, then rename.
    if (fs.existsSync(file)) throw existsError(file);
    fs.renameSync(temp, file);
    return true;
  }
}

/** The text of a file, or undefined when it does not exist; other read errors are returned as `error`. */
export function readText(file: string): { text?: string; error?: string } {
  try {
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return { error: `cannot read ${file}: ${code ?? (e as Error).message}` };
  }
}
