import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { CliIo } from '../../../src/cli/framework';

const ROOT = path.resolve(__dirname, '../../../..');

function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout: { write: (t: string) => (io.out += t) },
    stderr: { write: (t: string) => (io.err += t) },
  };
  return io;
}

async function lint(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(cwd);
  const code = await main(['lint', ...args], io);
  return { code, out: io.out, err: io.err };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

describe('nats-workbench lint', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-lint-'));
    const write = (file: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('good.json', JSON.stringify({ name: 'GOOD', subjects: ['good.>'], num_replicas: 3, max_age: 86_400e9 }, null, 2));
    write('warn.json', '{\n  "name": "WARN",\n  "subjects": ["warn.>"],\n  "max_age": 86400000000000,\n  "num_replicas": 2\n}\n');
    write('nested/deeper/bad.jsonc', '// bad\n{\n  "name": "BAD",\n  "subjects": ["bad.>"],\n  "max_age": 86400000000000,\n  "num_replicas": -1\n}\n');
    write('nested/overlap-a.json', '{"name": "A", "subjects": ["orders.*"], "num_replicas": 3, "max_age": 1000000000}');
    write('nested/overlap-b.json', '{"name": "B", "subjects": ["orders.new"], "num_replicas": 3, "max_age": 1000000000}');
    write('nested/package.json', '{"name": "not-a-stream", "version": "1.0.0"}');
    write('node_modules/dep/stream.json', '{"name": "HIDDEN", "num_replicas": 7}');
    write('.git/stream.json', '{"name": "HIDDEN", "num_replicas": 7}');
    write('broken/broken.json', '{\n  "name": "X",\n  "num_replicas": 3\n  "storage": "file"\n}');
    write('notes.txt', 'not json');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints findings as JSON with 1-based positions at the rule anchor, exit 0 without errors', async () => {
    const { code, out } = await lint(dir, '--format', 'json', 'warn.json');
    assert.equal(code, 0);
    const findings = JSON.parse(out) as JsonFinding[];
    assert.deepEqual(findings, [
      {
        file: 'warn.json',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 17,
        severity: 'warning',
        rule: 'replicas-even',
        message: 'R2 is even: quorum is 2 of 2, so it survives no server failure, no more than R1',
      },
    ]);
  });

  it('searches folders recursively for stream configs, skipping node_modules, .git and other JSON; exit 1 on an error', async () => {
    const { code, out } = await lint(dir, '--format', 'json', '.');
    assert.equal(code, 1);
    const findings = JSON.parse(out) as JsonFinding[];
    const files = [...new Set(findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['broken/broken.json', 'nested/deeper/bad.jsonc', 'nested/overlap-a.json', 'nested/overlap-b.json', 'warn.json'].map((f) => f.split('/').join(path.sep)));
    assert.ok(!out.includes('HIDDEN') && !out.includes('not-a-stream'));
    const bad = findings.find((f) => f.rule === 'replicas-negative')!;
    assert.deepEqual([bad.line, bad.column, bad.severity], [6, 3, 'error']);
    const parse = findings.find((f) => f.rule === 'parse-error')!;
    assert.deepEqual([parse.file, parse.line, parse.column], [path.join('broken', 'broken.json'), 4, 3]);
    assert.equal(findings.filter((f) => f.rule === 'subjects-overlap').length, 2, 'workspace rules see every file of the run');
  });

  it('prints text for people with a count, and --disable turns rules off', async () => {
    const text = await lint(dir, 'nested');
    assert.equal(text.code, 1);
    assert.match(text.out, new RegExp(`^${path.join('nested', 'deeper', 'bad.jsonc').replace(/\\/g, '\\\\').replace(/\./g, '\\.')}:6:3: error replicas-negative num_replicas is -1`, 'm'));
    assert.match(text.out, /^nested.deeper.bad\.jsonc:1:1: warning jsonc-syntax The file holds comments/m);
    assert.match(text.out, /1 error, 3 warnings, 0 infos in 3 files \(3 streams\)\./);
    const quiet = await lint(dir, '--disable', 'replicas-negative', '--disable=subjects-overlap', '--disable', 'jsonc-syntax', 'nested');
    assert.equal(quiet.code, 0);
    assert.match(quiet.out, /No problems in 3 files \(3 streams\)\./);
  });

  it('writes SARIF 2.1.0 with the rule table and relative locations', async () => {
    const { code, out } = await lint(dir, '--format', 'sarif', 'nested/deeper/bad.jsonc', 'warn.json');
    assert.equal(code, 1);
    const log = JSON.parse(out);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'nats-workbench');
    assert.ok(run.tool.driver.rules.some((r: { id: string }) => r.id === 'source-cycle'));
    const results = run.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    assert.deepEqual(results.map((r) => `${r.ruleId}:${r.level}`), ['jsonc-syntax:warning', 'replicas-negative:error', 'replicas-even:warning']);
    assert.equal(run.tool.driver.rules[results[1].ruleIndex].id, 'replicas-negative');
    assert.equal(results[1].locations[0].physicalLocation.artifactLocation.uri, 'nested/deeper/bad.jsonc');
    assert.deepEqual(results[1].locations[0].physicalLocation.region.startLine, 6);
  });

  it('exits 2 with a clear message for unreadable paths and wrong usage', async () => {
    const missing = await lint(dir, 'good.json', 'nope/missing.json');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read 'nope\/missing.json': no such file or folder/);
    assert.equal(missing.out, '');
    assert.equal((await lint(dir)).code, 2);
    const format = await lint(dir, '--format', 'xml', 'good.json');
    assert.equal(format.code, 2);
    assert.match(format.err, /--format must be one of text, json, sarif/);
    const rule = await lint(dir, '--disable', 'no-such-rule', 'good.json');
    assert.equal(rule.code, 2);
    assert.match(rule.err, /unknown rule 'no-such-rule'/);
    const help = await lint(dir, '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /replicas-exceed-cluster .*needs a server/);
  });

  it('checks a file named explicitly even when it does not look like a stream config', async () => {
    const { code, out } = await lint(dir, '--format', 'json', 'nested/package.json');
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(out) as JsonFinding[]).map((f) => `${f.rule}:${f.severity}`), ['single-replica:info', 'unbounded-growth:info']);
  });

  it('runs as the bundled bin: node dist/cli.js lint', function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', 'example/streams/replicas.json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const rules = new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.rule));
    assert.deepEqual([...rules].sort(), ['jsonc-syntax', 'replicas-even', 'replicas-negative', 'replicas-over-max', 'single-replica', 'unbounded-growth']);
    // NACK YAML needs the yaml package, which the bundle requires from dist/lib/ on first use.
    const yaml = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', 'example/nack'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(yaml.stderr, '');
    assert.ok((JSON.parse(yaml.stdout) as JsonFinding[]).some((f) => f.rule === 'replicas-even' && /\.ya?ml$/.test(f.file)), yaml.stdout);
  });

  it('keeps elkjs, nats.js and yaml out of the bundles: each is dist/lib/<name>.js, required on first use', function () {
    // (dist/ was built by the test above.) Compiling elkjs alone (1.5 MB) cost every activation of
    // the extension tens of milliseconds; each bundle now names the file it requires instead.
    const extension = fs.readFileSync(path.join(ROOT, 'dist', 'extension.js'), 'utf8');
    const lint = fs.readFileSync(path.join(ROOT, 'dist', 'cli', 'lint.js'), 'utf8');
    for (const [bundle, text, libs] of [
      ['extension.js', extension, ['./lib/elk.js', './lib/nats.js', './lib/yaml.js']],
      ['cli/lint.js', lint, ['../lib/yaml.js']],
    ] as const) {
      for (const lib of libs) assert.ok(text.includes(`require("${lib}")`), `${bundle} requires ${lib}`);
      assert.ok(!text.includes('org.eclipse.elk'), `${bundle} holds no elkjs code`);
      assert.ok(!text.includes('YAMLParseError'), `${bundle} holds no yaml code`);
    }
    assert.ok(!extension.includes('NatsConnectionImpl'), 'extension.js holds no nats.js code');
    for (const lib of ['elk', 'nats', 'yaml']) assert.ok(fs.statSync(path.join(ROOT, 'dist', 'lib', `${lib}.js`)).size > 50_000, `dist/lib/${lib}.js is built`);
  });
});
