/**
 * Loading the production extension bundle, what VS Code does before `activate()` on the first JSON
 * or YAML file opened: a fresh `node` process requires `dist/extension.js` (with a stand-in for the
 * `vscode` module) and reports the time the require took. Baseline, alternated in the same run:
 * the same, then requiring the libraries kept apart in `dist/lib/` (elkjs, nats.js, yaml): about
 * what loading cost when they were part of the bundle (elkjs and yaml were then run on load,
 * nats.js only compiled).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { Bench } from './framework';

const ROOT = path.resolve(__dirname, '../../..');
const RUNS = 11;

/** The child: a `vscode` stand-in whose every capitalised name is a class, then the timed requires. */
const LOADER = `
const Module = require('module');
const fs = require('fs');
const [bundle, ...libs] = process.argv.slice(2);
const stub = {};
for (const m of fs.readFileSync(bundle, 'utf8').matchAll(/\\.([A-Z][A-Za-z]+)/g)) stub[m[1]] = class {};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const start = process.hrtime.bigint();
require(bundle);
for (const lib of libs) require(lib);
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timedLoad(loader: string, args: string[]): number {
  const run = spawnSync(process.execPath, [loader, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return Number(run.stdout);
}

export async function run(bench: Bench): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-activation-'));
  try {
    // The production extension bundle and its libraries, as the .vsix ships them (scripts/bundles.cjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build script, not part of the program
    const bundles = require(path.join(ROOT, 'scripts', 'bundles.cjs')) as { extensionBuilds(root: string, outdir: string, production: boolean): esbuild.BuildOptions[] };
    await Promise.all(bundles.extensionBuilds(ROOT, dir, true).map((options) => esbuild.build(options)));
    const loader = path.join(dir, 'load.js');
    fs.writeFileSync(loader, LOADER);
    const extension = path.join(dir, 'extension.js');
    const libs = ['elk', 'nats', 'yaml'].map((lib) => path.join(dir, 'lib', `${lib}.js`));
    const kib = (file: string): string => `${Math.round(fs.statSync(file).size / 1024).toLocaleString('en-US')} KiB`;
    console.error(`# extension.js ${kib(extension)}; lib/ ${libs.map((l) => `${path.basename(l)} ${kib(l)}`).join(', ')}; ${RUNS} runs each, alternated`);

    const lean: number[] = [];
    const whole: number[] = [];
    timedLoad(loader, [extension]);
    for (let i = 0; i < RUNS; i++) {
      lean.push(timedLoad(loader, [extension]));
      whole.push(timedLoad(loader, [extension, ...libs]));
    }
    bench.report('activation: require the production dist/extension.js in a fresh process, median (baseline: the same plus the libraries kept apart in dist/lib/)', median(lean), 'ms', median(whole));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
