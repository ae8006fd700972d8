/**
 * `nats-workbench lint --format json` as a whole process on a file of 10,000 streams (about
 * 3.8 MB; goal: ≤ 2× a bare `node` process that `JSON.parse`s the same file), run from the
 * production bundle, alternated with the baselines in the same run so both see the same machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { Bench } from './framework';

const ROOT = path.resolve(__dirname, '../../..');
const STREAMS = 10_000;
const RUNS = 11;

/** A compact production-like stream config (about 380 bytes pretty-printed). */
function compactStream(i: number): Record<string, unknown> {
  return {
    name: `ORDERS_${i}`,
    description: `Shop ${i}`,
    subjects: [`shop.${i}.orders.>`],
    retention: 'limits',
    max_msgs: 1_000_000,
    max_bytes: 1_073_741_824,
    max_age: 86_400_000_000_000,
    storage: i % 10 ? 'file' : 'memory',
    num_replicas: i % 7 ? 3 : 2,
    duplicate_window: 120_000_000_000,
    placement: { cluster: i % 2 ? 'east' : 'west' },
    discard: 'old',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time of one process, in milliseconds; throws when it fails. */
function timed(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return ms;
}

export async function run(bench: Bench): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-lint-'));
  try {
    const file = path.join(dir, 'streams.json');
    fs.writeFileSync(file, JSON.stringify(Array.from({ length: STREAMS }, (_, i) => compactStream(i)), null, 2));
    // The production bundles as the .vsix ships them (scripts/bundles.cjs): the command table and
    // each command apart.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build script, not part of the program
    const bundles = require(path.join(ROOT, 'scripts', 'bundles.cjs')) as { cliBuilds(root: string, outdir: string, production: boolean): esbuild.BuildOptions[] };
    await Promise.all(bundles.cliBuilds(ROOT, dir, true).map((options) => esbuild.build(options)));
    const cli = path.join(dir, 'cli.js');
    const parseScript = path.join(dir, 'parse.js');
    fs.writeFileSync(parseScript, `JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n`);
    const treeScript = path.join(dir, 'tree.js');
    fs.writeFileSync(treeScript, `require(${JSON.stringify(require.resolve('jsonc-parser'))}).parseTree(require('fs').readFileSync(process.argv[2], 'utf8'));\n`);
    const mb = (fs.statSync(file).size / 1e6).toFixed(1);
    console.error(`# ${STREAMS} streams, ${mb} MB, ${RUNS} runs of each process, alternated`);

    const lint: number[] = [];
    const parse: number[] = [];
    const tree: number[] = [];
    timed([cli, 'lint', '--format', 'json', file]);
    for (let i = 0; i < RUNS; i++) {
      parse.push(timed([parseScript, file]));
      lint.push(timed([cli, 'lint', '--format', 'json', file]));
      tree.push(timed([treeScript, file]));
    }
    const name = `lint: whole process, --format json on ${STREAMS} streams (${mb} MB), median wall`;
    bench.report(`${name} (baseline: a node process that JSON.parses the file; goal ≤ 2)`, median(lint), 'ms', median(parse));
    bench.report(`${name} (baseline: a node process that runs jsonc-parser's parseTree on it)`, median(lint), 'ms', median(tree));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
