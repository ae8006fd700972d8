/**
 * The trust CLI's writes (run in-process, except where a hang must be caught): a failed `user add`
 * leaves no user behind, `user creds` rewrites a user's .creds, no path makes the CLI hang, and
 * errors name their true cause (--force where it would help, byte-long names).
 */
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCreds, paths } from '../../../src/core/trust';
import { tempRoot } from '../trust/helpers';
import { cli, snapshot } from './run';

describe('trust CLI writes', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli-writes');
  const cwd = tmp.root;
  const storeDir = path.join(cwd, 'nats');
  const common = ['--store', 'nats', '--operator', 'OP', '--account', 'APP'];

  before(async () => {
    assert.equal((await cli(cwd, 'init', '--store', 'nats', '--operator', 'OP')).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'OP', '--name', 'APP')).code, 0);
    fs.writeFileSync(path.join(cwd, 'a-file'), 'not a folder');
  });
  after(() => tmp.remove());

  it('user add with a --creds file that cannot be written creates no user, so a retry works', async () => {
    const before = snapshot(storeDir);
    const failed = await cli(cwd, 'user', 'add', ...common, '--name', 'svc', '--creds', 'a-file/svc.creds');
    assert.equal(failed.code, 1);
    assert.match(failed.err, /a-file.*: a part of the path is not a folder \(ENOTDIR\) \(no user was created\)/);
    assert.deepEqual(snapshot(storeDir), before, 'the store is as it was');
    const retry = await cli(cwd, 'user', 'add', ...common, '--name', 'svc', '--creds', 'svc.creds');
    assert.equal(retry.code, 0, retry.err);
    assert.equal(parseCreds(fs.readFileSync(path.join(cwd, 'svc.creds'), 'utf8')).jwt, fs.readFileSync(paths.userJwt({ storesDir: path.join(storeDir, 'stores'), keysDir: path.join(storeDir, 'keys') }, 'OP', 'APP', 'svc'), 'utf8').trim());
  });

  it('user add with --creds under /proc fails at once instead of hanging, and creates no user', function () {
    if (process.platform !== 'linux') this.skip();
    const before = snapshot(storeDir);
    const cliJs = path.resolve(__dirname, '../../../src/cli.js');
    const run = childProcess.spawnSync(process.execPath, [cliJs, 'user', 'add', ...common, '--name', 'proc', '--creds', '/proc/nwb-sub/x.creds'], { cwd, timeout: 30_000, encoding: 'utf8' });
    assert.equal(run.signal, null, 'the CLI hung and was killed');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /cannot create the folder \/proc\/nwb-sub: no such file or folder \(ENOENT\) \(no user was created\)/);
    assert.deepEqual(snapshot(storeDir), before);
  });

  it("user creds (re)writes a user's .creds file, replacing one only with --force", async () => {
    const file = path.join(cwd, 'again.creds');
    const first = await cli(cwd, 'user', 'creds', ...common, '--name', 'svc', '--creds', 'again.creds');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Wrote .*again\.creds for user 'svc' U[A-Z2-7]{55}/);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(text, fs.readFileSync(path.join(cwd, 'svc.creds'), 'utf8'));

    fs.writeFileSync(file, 'mine');
    const refused = await cli(cwd, 'user', 'creds', ...common, '--name', 'svc', '--creds', 'again.creds');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /again\.creds already exists; use --force to replace it/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
    const forced = await cli(cwd, 'user', 'creds', ...common, '--name', 'svc', '--creds', 'again.creds', '--force');
    assert.equal(forced.code, 0, forced.err);
    assert.equal(fs.readFileSync(file, 'utf8'), text);

    const unknown = await cli(cwd, 'user', 'creds', ...common, '--name', 'nobody', '--creds', 'nobody.creds');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /user 'nobody' of account 'APP' does not exist/);
    assert.equal(fs.existsSync(path.join(cwd, 'nobody.creds')), false);
    const usage = await cli(cwd, 'user', 'remove');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /expected: add or creds/);
  });

  it('server-config says --force replaces an existing output file', async () => {
    fs.writeFileSync(path.join(cwd, 'auth.conf'), 'mine');
    const refused = await cli(cwd, 'server-config', '--store', 'nats', '--operator', 'OP', '--out', 'auth.conf');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /auth\.conf already exists; use --force to replace it/);
  });

  it('refuses a name longer than 200 bytes of UTF-8 as a usage error, before writing anything', async () => {
    const before = snapshot(storeDir);
    const r = await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'OP', '--name', 'é'.repeat(101));
    assert.equal(r.code, 2);
    assert.match(r.err, /the account name is 202 bytes long in UTF-8; at most 200/);
    assert.deepEqual(snapshot(storeDir), before);
  });

  it('init that fails part-way (here: any error of the JWT encoder) leaves no half-built operator', async () => {
    const before = snapshot(storeDir);
    let code: number;
    try {
      code = (await cli(cwd, 'init', '--store', 'nats', '--operator', 'op🚀')).code;
    } catch {
      code = -1;
    }
    if (code !== 0) {
      assert.deepEqual(snapshot(storeDir), before, 'nothing of the failed init is left');
    } else {
      // Where names above U+00FF are encoded, init succeeds: then the operator must be complete.
      const again = await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'op🚀', '--name', 'X');
      assert.equal(again.code, 0, again.err);
    }
  });
});
