/**
 * Names, paths and messages from a store, a linted folder or the command line reach the terminal
 * and the log only through displayText: no escape sequence, carriage return, line break or
 * bidirectional override is printed as itself.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { confString, displayText, quoted } from '../../../src/core/trust';
import { oneLineLog } from '../../../src/logLines';
import { tempRoot } from '../trust/helpers';

/** Characters that a terminal or a log file would act on. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', cwd, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

function assertClean(text: string): void {
  assert.doesNotMatch(text, RAW, `printed raw: ${JSON.stringify(text)}`);
}

describe('terminal and log escapes', function () {
  this.timeout(60_000);
  const tmp = tempRoot('escapes');
  const cwd = tmp.root;
  after(() => tmp.remove());

  it('displayText escapes controls, C1, line separators, bidi overrides and lone surrogates, and keeps other text', () => {
    assert.equal(displayText('a\u001b[2Jb\rc\nd'), 'a\\u001b[2Jb\\rc\\nd');
    assert.equal(displayText('evil\u202egpj.exe'), 'evil\\u202egpj.exe');
    assert.equal(displayText('\u009b31m\u2028\ud800'), '\\u009b31m\\u2028\\ud800');
    assert.equal(displayText('café 中 🚀 e\u0301'), 'café 中 🚀 e\u0301');
    assert.equal(quoted('x\u202ey'), "'x\\u202ey'", 'messages quote through the same function');
    assert.equal(confString('x\u202ey'), '"x\\xe2\\x80\\xaey"', 'the config escapes the same characters');
  });

  it('init, account add, user add, user creds and signing-key add print names and paths escaped', async () => {
    const op = 'op\u202eevil';
    const acc = 'acc\u202a2J';
    const runs = [
      await cli(cwd, 'init', '--store', 's\u001b]0;t\u0007', '--operator', op),
      await cli(cwd, 'account', 'add', '--store', 's\u001b]0;t\u0007', '--operator', op, '--name', acc),
      await cli(cwd, 'user', 'add', '--store', 's\u001b]0;t\u0007', '--operator', op, '--account', acc, '--name', 'u\u200fx', '--creds', 'u\u001b[2J.creds'),
      await cli(cwd, 'user', 'creds', '--store', 's\u001b]0;t\u0007', '--operator', op, '--account', acc, '--name', 'u\u200fx', '--creds', 'again\r.creds'),
      await cli(cwd, 'signing-key', 'add', '--store', 's\u001b]0;t\u0007', '--operator', op, '--account', acc, '--role', 'r'),
    ];
    for (const r of runs) {
      assert.equal(r.code, 0, r.err);
      assertClean(r.out + r.err);
    }
    assert.match(runs[0].out, /Created operator 'op\\u202eevil'/);
    assert.match(runs[2].out, /u\\u001b\[2J\.creds/);
  });

  it('errors: a TrustError naming a store entry and a usage error quoting an argument are printed escaped', async () => {
    const missing = await cli(cwd, 'user', 'add', '--store', 'x', '--operator', 'nope\u202a31m\u202e', '--account', 'a', '--name', 'u', '--creds', 'u.creds');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\\u202a31m\\u202e/);
    const badName = await cli(cwd, 'init', '--store', 'x', '--operator', 'a\u001b[2Jb');
    assert.equal(badName.code, 2);
    assert.match(badName.err, /a\\u001b\[2Jb/);
    const unknown = await cli(cwd, 'account', 'remove\u001b[2J');
    const command = await cli(cwd, 'x\u001b[2J');
    for (const r of [missing, badName, unknown, command]) assertClean(r.err);
  });

  it('server-config prints account names from the store escaped', async () => {
    const r = await cli(cwd, 'server-config', '--store', 's\u001b]0;t\u0007', '--operator', 'op\u202eevil', '--out', 'auth\u001b.conf');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /"acc\\u202a2J"/);
    assertClean(r.out + r.err);
  });

  it('lint prints file names and stream names from the files escaped', async () => {
    const dir = path.join(cwd, 'lint');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'evil\u001b[2J\r.json'), JSON.stringify({ name: 'bad name\u001b]0;x\u0007', subjects: ['a'], storage: 'file', num_replicas: 1 }));
    const r = await cli(cwd, 'lint', 'lint', 'missing\u001b[2J');
    assert.equal(r.code, 2);
    assertClean(r.err);
    const text = await cli(cwd, 'lint', 'lint');
    assert.match(text.out, /evil\\u001b\[2J\\r\.json/);
    assertClean(text.out + text.err);
  });

  it('the log channel writes one line per message: a name holding a line break cannot forge a log line', () => {
    const written: unknown[][] = [];
    const record =
      (level: string) =>
      (...args: unknown[]): void =>
        void written.push([level, ...args]);
    const channel = { name: 'NATS Workbench', trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), appendLine: record('line'), show: (): string => 'shown' };
    const log = oneLineLog(channel);
    const error = new Error('kept');
    log.info("Created user 'x\n2026-12-02 13:00:00.000 [error] forged'");
    log.error(error);
    log.warn('a\r\u202eb', 'second');
    assert.deepEqual(written, [
      ['info', "Created user 'x\\n2026-12-02 13:00:00.000 [error] forged'"],
      ['error', error],
      ['warn', 'a\\r\\u202eb', 'second'],
    ]);
    assert.equal(log.name, 'NATS Workbench');
    assert.equal(log.show(), 'shown');
  });
});
