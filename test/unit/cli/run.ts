/** Runs the CLI in-process for tests, capturing its output; it must never print a seed. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { walk } from '../trust/helpers';

export const SEED = /S[OAU][A-Z2-7]{56}/;

export async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', cwd, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
  const code = await main(argv, io);
  assert.doesNotMatch(io.out + io.err, SEED, 'the CLI never prints a seed');
  return { code, out: io.out, err: io.err };
}

/** The store's files and folders with their bytes. */
export function snapshot(dir: string): string[] {
  return walk(dir).map((f) => (f.endsWith('/') ? f : `${f} ${fs.readFileSync(path.join(dir, f), 'base64')}`));
}
