/**
 * `nats-workbench lint` never aborts a run over one bad entry: dangling links, link loops, links
 * to folders, pipes, files above the size limit and UTF-16 text are findings of their own; a file
 * reached twice is checked once; a closed pipe ends the output quietly; names and paths print
 * escaped.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { parseSize } from '../../../src/cli/lint';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'out', 'src', 'cli.js');
const GOOD = '{"name": "A", "subjects": ["a"], "num_replicas": 3, "max_age": 1000000000}';

interface Row {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

async function lint(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', cwd, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
  const code = await main(['lint', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('nats-workbench lint on hostile trees', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-robust-'));
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'a.json'), GOOD);
    fs.symlinkSync('missing.json', path.join(tree, 'dangling.json'));
    fs.symlinkSync('loop.json', path.join(tree, 'loop.json'));
    fs.symlinkSync('sub', path.join(tree, 'folder-link.json'));
    fs.symlinkSync('../a.json', path.join(tree, 'sub', 'again.json'));
    fs.symlinkSync('a.json', path.join(tree, 'z-alias.json'));
    spawnSync('mkfifo', [path.join(tree, 'fifo.json')]);
    const text = '{"name": "U", "subjects": ["u"], "num_replicas": 3, "max_age": 1000000000}';
    fs.writeFileSync(path.join(dir, 'bom8.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    fs.writeFileSync(path.join(dir, 'le16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'be16.json'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    fs.writeFileSync(path.join(dir, 'nobom16.json'), Buffer.from(text, 'utf16le'));
    fs.writeFileSync(path.join(dir, 'evil.json'), '{"name": "x\\n::error file=a.json::pwned", "subjects": ["a"]}');
    fs.mkdirSync(path.join(dir, 'evil\n::error::dir'));
    fs.writeFileSync(path.join(dir, 'evil\n::error::dir', 'b.json'), '{"name": "B", "num_replicas": 2}');
    // Sparse: 70 MiB on paper, no blocks on disk.
    fs.closeSync(fs.openSync(path.join(dir, 'sparse.json'), 'w'));
    fs.truncateSync(path.join(dir, 'sparse.json'), 70 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'big.json'), JSON.stringify([JSON.parse(GOOD), { ...JSON.parse(GOOD), name: 'B', subjects: ['b'] }], null, 2));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a dangling link, a loop, a link to a folder and a pipe, and checks the rest (a file reached twice once)', async () => {
    const { code, out, err } = await lint(dir, '--format', 'json', 'tree');
    assert.equal(err, '');
    assert.equal(code, 1);
    const rows = JSON.parse(out) as Row[];
    const problems = rows.filter((r) => r.rule === 'unreadable-file').map((r) => `${r.file}: ${r.message}`);
    assert.deepEqual(problems, [
      `${path.join('tree', 'dangling.json')}: a dangling symbolic link (to 'missing.json', which does not exist)`,
      `${path.join('tree', 'fifo.json')}: not a regular file (a pipe, device or socket)`,
      `${path.join('tree', 'folder-link.json')}: a symbolic link to a folder, not a file`,
      `${path.join('tree', 'loop.json')}: a symbolic link loop`,
    ]);
    // a.json, sub/again.json and z-alias.json are one file: checked once, no overlap with itself.
    assert.deepEqual(rows.filter((r) => r.rule !== 'unreadable-file'), []);
    const text = await lint(dir, 'tree');
    assert.match(text.out, /4 errors, 0 warnings, 0 infos in 5 files \(1 stream\)\./);
  });

  it('reports a pipe named on the command line instead of waiting for a writer', () => {
    // A child process: a blocking open would hang this one for good.
    const run = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', path.join('tree', 'fifo.json')], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.error, undefined, 'lint ended by itself');
    assert.equal(run.status, 1, run.stderr);
    const rows = JSON.parse(run.stdout) as Row[];
    assert.deepEqual(rows.map((r) => `${r.rule}: ${r.message}`), ['unreadable-file: not a regular file (a pipe, device or socket)']);
  });

  it('reads UTF-8 with a byte order mark and UTF-16 with one, and names UTF-16 without one', async () => {
    const { out } = await lint(dir, '--format', 'json', 'bom8.json', 'le16.json', 'be16.json', 'nobom16.json');
    const rows = JSON.parse(out) as Row[];
    // The three decoded files hold the same stream: each overlaps the others, so each was read.
    assert.deepEqual([...new Set(rows.filter((r) => r.rule === 'subjects-overlap').map((r) => r.file))], ['be16.json', 'bom8.json', 'le16.json']);
    assert.ok(rows.every((r) => r.rule === 'subjects-overlap' || r.rule === 'unreadable-file'), out);
    assert.ok(!rows.some((r) => r.rule === 'parse-error'), 'no "unexpected character"');
    const u16 = rows.filter((r) => r.rule === 'unreadable-file');
    assert.deepEqual(u16.map((r) => r.file), ['nobom16.json']);
    assert.match(u16[0].message, /UTF-16 without a byte order mark .* is not read; save it as UTF-8/);
  });

  it('refuses files above --max-file-size (default 64 MiB) with a message, and goes on', async () => {
    const sparse = await lint(dir, '--format', 'json', 'sparse.json', 'tree/a.json');
    const rows = JSON.parse(sparse.out) as Row[];
    assert.deepEqual(rows.map((r) => `${r.file} ${r.rule}: ${r.message}`), ['sparse.json unreadable-file: the file is 70 MiB, above the limit of 64 MiB (--max-file-size): not read']);
    assert.equal(sparse.code, 1);
    const size = fs.statSync(path.join(dir, 'big.json')).size;
    const small = await lint(dir, '--format', 'json', `--max-file-size=${size - 1}`, 'big.json');
    assert.match((JSON.parse(small.out) as Row[])[0].message, /above the limit of .* \(--max-file-size\): not read/);
    const fits = await lint(dir, '--format', 'json', '--max-file-size', String(size), 'big.json');
    assert.deepEqual(JSON.parse(fits.out), []);
    assert.equal((await lint(dir, '--max-file-size', 'lots', 'big.json')).code, 2);
    assert.equal(parseSize('64M'), 64 * 1024 * 1024);
    assert.equal(parseSize('512KiB'), 512 * 1024);
    assert.equal(parseSize('1g'), 1024 ** 3);
    assert.equal(parseSize('100'), 100);
    assert.equal(parseSize('0'), undefined);
    assert.equal(parseSize('-5M'), undefined);
  });

  it('prints names and paths escaped in text output: no line becomes a GitHub Actions command', async () => {
    const { out } = await lint(dir, 'evil.json', 'evil\n::error::dir');
    for (const line of out.split('\n')) assert.doesNotMatch(line, /^::/, `a line starts a workflow command: ${line}`);
    assert.match(out, /evil\\n::error::dir/);
    assert.match(out, /"x\\n::error file=a\.json::pwned" contains whitespace, `\.`:/);
  });

  it('a file named like a workflow command (::error::…) does not start a line with it', async () => {
    fs.writeFileSync(path.join(dir, '::error file=a.json::pwned.json'), JSON.stringify({ name: 'B', subjects: ['b'], num_replicas: 2 }));
    const { out } = await lint(dir, '::error file=a.json::pwned.json');
    assert.match(out, /^\\u003a:error file=a\.json::pwned\.json:1:\d+: warning replicas-even/m, out);
    for (const line of out.split('\n')) assert.doesNotMatch(line, /^\s*::/, `a line starts a workflow command: ${line}`);
  });

  it('says "whitespace" once for several kinds of whitespace in a name', async () => {
    fs.writeFileSync(path.join(dir, 'ws.json'), JSON.stringify({ name: 'a b\tc\nd', subjects: ['a'] }));
    const { out } = await lint(dir, '--format', 'json', 'ws.json');
    const row = (JSON.parse(out) as Row[]).find((r) => r.rule === 'invalid-name')!;
    assert.match(row.message, /contains whitespace: names may not hold/);
  });

  it('takes --server-version for the version-aware rules', async () => {
    fs.writeFileSync(path.join(dir, 'all.json'), JSON.stringify({ name: 'ALL', subjects: ['>'], num_replicas: 3, max_age: 1e9 }));
    const newest = JSON.parse((await lint(dir, '--format', 'json', 'all.json')).out) as Row[];
    assert.deepEqual(newest.map((r) => r.rule), ['reserved-subject']);
    const old = await lint(dir, '--format', 'json', '--server-version', '2.9.10', 'all.json');
    assert.deepEqual(JSON.parse(old.out), []);
    assert.equal(old.code, 0);
    const bad = await lint(dir, '--server-version', 'latest', 'all.json');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--server-version must be a version such as 2\.9/);
  });

  it('exits quietly when the reader closes the pipe (lint … | head -1)', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const big = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ name: `S${i}`, subjects: [`s.${i}`], num_replicas: 2 })));
    fs.writeFileSync(path.join(dir, 'many.json'), big);
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" lint many.json | head -1; echo "status \${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^many\.json:1:\d+: (info|warning) /);
    assert.match(run.stdout, /status 0\n$/);
  });
});
