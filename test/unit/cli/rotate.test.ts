/** `nats-workbench signing-key rotate` on a temporary store: text and JSON, usage errors that change nothing. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCreds, parseJwt, paths, storeAt } from '../../../src/core/trust';
import { tempRoot } from '../trust/helpers';
import { cli, snapshot } from './run';

describe('trust CLI: signing-key rotate', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli-rotate');
  const cwd = tmp.root;
  const store = storeAt(path.join(cwd, 'nats'));
  const op = ['--store', 'nats', '--operator', 'OP'];
  const acc = [...op, '--account', 'APP'];
  let accountKey = '';

  const claims = (file: string): { iss: string; nats: Record<string, unknown> } => {
    const parsed = parseJwt(fs.readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    return parsed.jwt.claims;
  };

  before(async () => {
    assert.equal((await cli(cwd, 'init', ...op)).code, 0);
    const account = await cli(cwd, 'account', 'add', ...op, '--name', 'APP', '--signing-key');
    assert.equal(account.code, 0, account.err);
    accountKey = /signing key: (A[A-Z2-7]{55})/.exec(account.out)?.[1] ?? '';
    assert.ok(accountKey, account.out);
    for (const name of ['u1', 'u2']) assert.equal((await cli(cwd, 'user', 'add', ...acc, '--name', name, '--creds', `${name}.creds`)).code, 0);
  });
  after(() => tmp.remove());

  it('usage errors and unknown keys change nothing', async () => {
    const before = snapshot(cwd);
    const cases: [string[], number, RegExp][] = [
      [['signing-key', 'rotate', ...acc], 2, /--key is required/],
      [['signing-key', 'rotate', ...acc, '--key', accountKey, '--format', 'xml'], 2, /--format must be text or json/],
      [['signing-key', 'rotate', ...op, '--account', '', '--key', accountKey], 2, /--account needs an account name/],
      [['signing-key', 'rotate', ...acc, '--key', 'ANOTHERKEY'], 1, /account 'APP' has no signing key ANOTHERKEY/],
      [['signing-key', 'rotate', ...op, '--key', accountKey], 1, /operator 'OP' has no signing key A/],
    ];
    for (const [argv, code, message] of cases) {
      const r = await cli(cwd, ...argv);
      assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message, argv.join(' '));
    }
    assert.deepEqual(snapshot(cwd), before);
  });

  it('rotates an account key: lists the users signed again and their rewritten creds, says to push', async () => {
    const r = await cli(cwd, 'signing-key', 'rotate', ...acc, '--key', accountKey);
    assert.equal(r.code, 0, r.err);
    const app = claims(paths.accountJwt(store, 'OP', 'APP'));
    const [newKey] = app.nats.signing_keys as string[];
    assert.notEqual(newKey, accountKey);
    assert.match(r.out, new RegExp(`Rotated signing key of account 'APP': ${accountKey} -> ${newKey}`));
    assert.match(r.out, /Signed again by the new key \(2 users\):\n {2}u1 U[A-Z2-7]{55}; creds .*u1\.creds rewritten\n {2}u2 /);
    assert.match(r.out, /Push account 'APP' for servers to apply it/);
    for (const name of ['u1', 'u2']) {
      const user = claims(paths.userJwt(store, 'OP', 'APP', name));
      assert.equal(user.iss, newKey);
      const creds = parseCreds(fs.readFileSync(paths.creds(store, 'OP', 'APP', name), 'utf8'));
      assert.equal(creds.jwt, fs.readFileSync(paths.userJwt(store, 'OP', 'APP', name), 'utf8').trim());
    }
    accountKey = newKey;
  });

  it('rotates the operator key as JSON, with --rm-nkey deleting the old seed', async () => {
    const [oldKey] = claims(paths.operatorJwt(store, 'OP')).nats.signing_keys as string[];
    const r = await cli(cwd, 'signing-key', 'rotate', ...op, '--key', oldKey, '--rm-nkey', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { oldKey: string; newKey: string; reissued: { name: string }[]; skipped: unknown[]; seedRemoved: string };
    assert.equal(out.oldKey, oldKey);
    assert.deepEqual(claims(paths.operatorJwt(store, 'OP')).nats.signing_keys, [out.newKey]);
    assert.deepEqual(out.reissued.map((a) => a.name).sort(), ['APP', 'SYS']);
    assert.deepEqual(out.skipped, []);
    assert.equal(fs.existsSync(out.seedRemoved), false);
    assert.equal(claims(paths.accountJwt(store, 'OP', 'APP')).iss, out.newKey);
  });
});
