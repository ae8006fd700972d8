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

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
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
  try {
    writeTemp(temp, data, mode);
    if (options.overwrite) fs.renameSync(temp, file);
    else linkNoClobber(temp, file);
  } catch (e) {
    throw ioError(file, e);
  } finally {
    try {
      fs.unlinkSync(temp);
    } catch {
      /* renamed away, or never written */
    }
  }
}

/** link() refuses an existing target, so a file created meanwhile is not clobbered. */
function linkNoClobber(temp: string, file: string): void {
  try {
    fs.linkSync(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(file);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
    // File systems without hard links: check, then rename.
    if (fs.existsSync(file)) throw existsError(file);
    fs.renameSync(temp, file);
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
