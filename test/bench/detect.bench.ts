/**
 * What a JSON file that is not a stream config costs the editor: the content detection that runs
 * on every open JSON document (and on each edit of one) and on each JSON file of a workspace scan,
 * and the file-pattern match, on a 1 MB package-lock-like file. Baselines, in the same run:
 * jsonc-parser's `parseTree` of the same text (what the JSON language server does with it anyway)
 * and `JSON.parse`.
 */
import { parseTree } from 'jsonc-parser';
import { looksLikeStreamConfig } from '../../src/core/streams';
import { DEFAULT_FILE_PATTERNS, GlobSet } from '../../src/editor/filePatterns';
import { Bench, time } from './framework';

/** A package-lock.json (lockfile v3) of about `bytes` bytes: "name" keys, no stream keys. */
export function packageLock(bytes: number): string {
  const packages: Record<string, unknown> = { '': { name: 'shop', version: '1.0.0', license: 'MIT', dependencies: {} } };
  for (let i = 0; JSON.stringify(packages).length < bytes; i++) {
    packages[`node_modules/package-${i}`] = {
      name: `package-${i}`,
      version: `${i % 9}.${i % 13}.${i % 7}`,
      resolved: `https://registry.npmjs.org/package-${i}/-/package-${i}-${i % 9}.${i % 13}.${i % 7}.tgz`,
      integrity: `sha512-${Buffer.from(`integrity of package ${i}`).toString('base64')}`,
      dev: i % 3 === 0,
      license: 'MIT',
      dependencies: { [`package-${i + 1}`]: `^${(i + 1) % 9}.0.0` },
      engines: { node: '>=18' },
    };
  }
  return JSON.stringify({ name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}

export async function run(bench: Bench): Promise<void> {
  const lock = packageLock(1024 * 1024);
  if (looksLikeStreamConfig(lock)) throw new Error('the package-lock fixture was taken for a stream config');
  const mb = (lock.length / 1e6).toFixed(2);
  const parse = await time(() => parseTree(lock), 20, 3);
  const jsonParse = await time(() => JSON.parse(lock), 20, 3);
  const detect = await time(() => looksLikeStreamConfig(lock), 2000, 200);
  bench.report(`detect: looksLikeStreamConfig on a ${mb} MB package-lock.json, median (baseline: parseTree of it)`, detect.median, 'ms', parse.median);
  bench.report(`detect: JSON.parse of the same ${mb} MB package-lock.json, median (for scale)`, jsonParse.median, 'ms', parse.median);

  const patterns = new GlobSet(DEFAULT_FILE_PATTERNS);
  const path = '/home/dev/projects/shop/frontend/node_modules/some-package/package-lock.json';
  const match = await time(() => patterns.matches(path, 'frontend/node_modules/some-package/package-lock.json'), 5000, 500);
  bench.report('detect: default file patterns matched against a path, median', match.median * 1000, 'µs', null);
}
