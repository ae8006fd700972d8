/** Offering a workspace `.gitignore` entry for credentials written into the workspace. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from '../ioErrors';
import { readFileText, writeFileAtomic } from './files';
import { TrustError } from './problems';

/**
 * `<dir>/.gitignore`: its text and mode, or undefined when there is none. Only a regular file is
 * read (a repository can hold a `.gitignore` link to `/dev/zero`, whose reading never ends);
 * throws a TrustError when it cannot be read.
 */
function readGitignore(file: string): { text: string; mode: number } | undefined {
  try {
    const text = readFileText(file);
    return { text, mode: fs.statSync(file).mode & 0o777 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrustError('io', `cannot read ${file}: ${describeIoError(e)}`);
  }
}

/** Whether `<dir>/.gitignore` already has exactly this pattern line (false also when it cannot be read). */
export function gitignoreHas(dir: string, pattern: string): boolean {
  try {
    return readGitignore(path.join(dir, '.gitignore'))?.text.split(/\r?\n/).some((l) => l.trim() === pattern.trim()) ?? false;
  } catch {
    return false;
  }
}

/**
 * Appends `pattern` (e.g. `*.creds`) to `<dir>/.gitignore` unless it is there, keeping the file's
 * mode (0644 for a new one). Returns whether it was added. Throws a TrustError, leaving the file as
 * it was, when it cannot be read (writing then would replace the lines it holds) or is a symbolic
 * link (the new file would replace the link).
 */
export function addGitignoreEntry(dir: string, pattern: string): boolean {
  const file = path.join(dir, '.gitignore');
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new TrustError('io', `${file} is a symbolic link (to ${fs.readlinkSync(file)}): add the line ${pattern.trim()} where it points yourself`);
  }
  const existing = readGitignore(file);
  const text = existing?.text ?? '';
  if (text.split(/\r?\n/).some((l) => l.trim() === pattern.trim())) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileAtomic(file, `${text}${sep}${pattern.trim()}\n`, { overwrite: true, mode: existing?.mode ?? 0o644 });
  return true;
}
