/**
 * `npm run bench`: runs every compiled `*.bench.js` under out/test/bench (or only those whose
 * file name contains one of the arguments) and prints one JSON line per figure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Bench, createBench } from './framework';

interface BenchModule {
  run(bench: Bench): Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.error('no benchmarks found');
    process.exitCode = 1;
    return;
  }
  const bench = createBench();
  for (const file of files) {
    console.error(`# ${file}`);
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    await mod.run(bench);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
