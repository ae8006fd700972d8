/**
 * Builds the .vsix the way a release does (`npm run package`) and checks what is inside it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';

const ROOT = path.resolve(__dirname, '../../../..');

function listZip(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Writes the entries of `file` whose names start with `prefix` under `dir` (same relative paths). */
function extractZip(file: string, prefix: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.startsWith(prefix) || entry.fileName.endsWith('/')) return zip.readEntry();
        const target = path.join(dir, entry.fileName);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          stream.pipe(fs.createWriteStream(target)).on('finish', () => zip.readEntry()).on('error', reject);
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the packaged extension (.vsix)', function () {
  this.timeout(180_000);
  let entries: string[] = [];
  let tmp = '';
  let vsix = '';

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-vsix-'));
    const out = (vsix = path.join(tmp, 'nats-workbench.vsix'));
    execFileSync('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const size = fs.statSync(out).size;
    console.log(`      .vsix size: ${(size / 1024).toFixed(1)} KiB`);
    return listZip(out).then((names) => (entries = names));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    // the production build replaced the development bundle: rebuild it for the tiers that follow
    execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  });

  it('holds the bundles, manifest, media, README, CHANGELOG and licence', () => {
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension/dist/cli/lint.js',
      'extension/dist/cli/user.js',
      'extension/dist/lib/elk.js',
      'extension/dist/lib/nats.js',
      'extension/dist/lib/yaml.js',
      'extension/media/icon.png',
      'extension/media/activitybar.svg',
      'extension/media/walkthrough/lint.md',
      'extension/schemas/stream-config.schema.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(
        entries.some((e) => e.toLowerCase() === required.toLowerCase()),
        `${required} missing from the .vsix; it holds: ${entries.join(', ')}`,
      );
    }
  });

  it('runs its CLI from the .vsix alone: the libraries it loads on first use (yaml, nats.js) are inside', async () => {
    // Extracted outside the checkout: no node_modules on the way up, only what the .vsix holds.
    const dir = path.join(tmp, 'unpacked');
    await extractZip(vsix, 'extension/dist/', dir);
    const cli = path.join(dir, 'extension', 'dist', 'cli.js');
    const yamlFile = path.join(tmp, 'stream.yaml');
    fs.writeFileSync(yamlFile, 'apiVersion: jetstream.nats.io/v1beta2\nkind: Stream\nmetadata:\n  name: orders\nspec:\n  name: orders\n  replicas: 2\n  maxAge: 1h\n');
    const lint = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', yamlFile], { cwd: tmp, encoding: 'utf8' });
    assert.equal(lint.stderr, '');
    assert.deepEqual((JSON.parse(lint.stdout) as { rule: string }[]).map((f) => f.rule), ['replicas-even']);
    // A connection attempt loads nats.js: refused by a closed port, not by a missing module.
    const audit = spawnSync(process.execPath, [cli, 'audit', '--server', 'nats://127.0.0.1:1'], { cwd: tmp, encoding: 'utf8' });
    assert.equal(audit.status, 2, audit.stderr);
    assert.match(audit.stderr, /connection refused/);
  });

  it('leaves sources, tests, maps, caches, dependencies and the README screenshots out', () => {
    const forbidden = [/^extension\/src\//, /^extension\/test\//, /^extension\/out\//, /^extension\/\.vscode-test\//, /^extension\/node_modules\//, /^extension\/media\/screenshots\//, /\.map$/, /\.ts$/, /\.creds$/, /\.nk$/];
    const leaked = entries.filter((e) => forbidden.some((f) => f.test(e)));
    assert.deepEqual(leaked, []);
  });
});
