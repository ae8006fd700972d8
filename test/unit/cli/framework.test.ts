import * as assert from 'node:assert/strict';
import { CliCommand, CliIo, UsageError, parseArgs, runCli } from '../../../src/cli/framework';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    stdout: { write: (t: string) => (io.out += t) },
    stderr: { write: (t: string) => (io.err += t) },
  };
  return io;
}

describe('cli framework', () => {
  it('parses values, repeated values, flags and positionals', () => {
    const parsed = parseArgs(['--format=json', 'a.json', '--allow-pub', 'x.>', '--allow-pub', 'y', '--jetstream', 'b'], {
      values: ['format', 'allow-pub'],
      flags: ['jetstream'],
    });
    assert.deepEqual(parsed.options.get('format'), ['json']);
    assert.deepEqual(parsed.options.get('allow-pub'), ['x.>', 'y']);
    assert.ok(parsed.flags.has('jetstream'));
    assert.deepEqual(parsed.positionals, ['a.json', 'b']);
  });

  it('rejects unknown options and missing values', () => {
    assert.throws(() => parseArgs(['--nope'], {}), UsageError);
    assert.throws(() => parseArgs(['--format'], { values: ['format'] }), /needs a value/);
  });

  it('exits 2 with usage for unknown commands and usage errors, 0 for help', async () => {
    const cmd: CliCommand = {
      summary: 'does a thing',
      usage: 'Usage: nats-workbench thing --x VALUE',
      run: async () => {
        throw new UsageError('--x is required');
      },
    };
    let io = captureIo();
    assert.equal(await runCli({ thing: cmd }, ['other'], io), 2);
    assert.match(io.err, /unknown command 'other'/);
    io = captureIo();
    assert.equal(await runCli({ thing: cmd }, ['thing'], io), 2);
    assert.match(io.err, /--x is required[\s\S]*Usage: nats-workbench thing/);
    io = captureIo();
    assert.equal(await runCli({ thing: cmd }, ['--help'], io), 0);
    assert.match(io.out, /thing\s+does a thing/);
  });
});
