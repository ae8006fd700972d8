/** Offering a workspace `.gitignore` entry for credentials written into the workspace. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './files';

/** Whether `<dir>/.gitignore` already has exactly this pattern line. */
export function gitignoreHas(dir: string, pattern: string): boolean {
  try {
    return fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split(/\r?\n/).some((l) => l.trim() === pattern.trim());
  } catch {
    return false;
  }
}

/**
 * Appends `pattern` (e.g. `*.creds`) to `<dir>/.gitignore` unless it is there, keeping the file's
 * mode (0644 for a new one). Returns whether it was added.
 */
export function addGitignoreEntry(dir: string, pattern: string): boolean {
  if (gitignoreHas(dir, pattern)) return false;
  const file = path.join(dir, '.gitignore');
  let text = '';
  let mode = 0o644;
  try {
    text = fs.readFileSync(file, 'utf8');
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    /* a new file */
  }
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileAtomic(file, `${text}${sep}${pattern.trim()}\n`, { overwrite: true, mode });
  return true;
}
