/**
 * `.creds` files named on the command line (`diagnose --creds`, `--sys-creds` of diagnose, push and
 * pull) that are no file to read: a named pipe would block the CLI for good, a link to /dev/zero
 * never end. Each is refused at once with the reason; nothing is asked of a server.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run';

describe('cli: .creds files that are no regular file', () => {
  let cwd: string;

  before(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-creds-inputs-'));
    execFileSync('mkfifo', [path.join(cwd, 'pipe.creds')]);
    fs.symlinkSync('/dev/zero', path.join(cwd, 'zero.creds'));
    fs.mkdirSync(path.join(cwd, 'folder.creds'));
    // A file of 2 MiB: no .creds file is that large.
    fs.writeFileSync(path.join(cwd, 'huge.creds'), Buffer.alloc(2 * 1024 * 1024, 'A'));
  });

  after(() => {
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  const cases: [string, RegExp][] = [
    ['pipe.creds', /not a regular file \(a pipe, device or socket\) \(ENOTREG\)/],
    ['zero.creds', /not a regular file \(a pipe, device or socket\) \(ENOTREG\)/],
    ['folder.creds', /it is a folder, not a file \(EISDIR\)/],
    ['huge.creds', /it is larger than 1 MiB/],
    ['missing.creds', /it does not exist/],
  ];

  for (const [file, reason] of cases) {
    it(`diagnose --creds ${file}`, async () => {
      const r = await cli(cwd, 'diagnose', '--creds', file);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, new RegExp(`cannot read --creds ${file.replace('.', '\\.')}: ${reason.source}`));
    });
  }

  it('diagnose, push and pull --sys-creds', async () => {
    const creds = path.join(cwd, 'user.creds');
    fs.writeFileSync(creds, 'not creds at all\n');
    const runs = [
      await cli(cwd, 'diagnose', '--creds', 'user.creds', '--server', 'nats://127.0.0.1:1', '--sys-creds', 'pipe.creds'),
      await cli(cwd, 'push', '--store', cwd, '--operator', 'O', '--server', 'nats://127.0.0.1:1', '--sys-creds', 'zero.creds'),
      await cli(cwd, 'pull', '--store', cwd, '--operator', 'O', '--server', 'nats://127.0.0.1:1', '--sys-creds', 'pipe.creds'),
    ];
    for (const r of runs) {
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /cannot read --sys-creds (pipe|zero)\.creds: not a regular file/);
    }
  });
});
