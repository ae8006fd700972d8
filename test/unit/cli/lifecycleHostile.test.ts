/**
 * The CLI's lifecycle commands given what a careless or hostile user types: each bad value is a
 * usage error naming the option and the reason, with the store left as it was; each good one
 * written as Go's jwt library reads it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJwt, paths, storeAt } from '../../../src/core/trust';
import { assertReferenceClean } from '../../support/referenceValidator';
import { tempRoot } from '../trust/helpers';
import { cli, snapshot } from './run';

describe('trust CLI: hostile input to the lifecycle commands', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli-hostile');
  const cwd = tmp.root;
  const storeDir = path.join(cwd, 'nats');
  const store = storeAt(storeDir);
  const op = ['--store', 'nats', '--operator', 'OP'];
  const acc = [...op, '--account', 'APP'];
  const nats = (file: string): Record<string, unknown> => {
    const parsed = parseJwt(fs.readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    return parsed.jwt.claims.nats as unknown as Record<string, unknown>;
  };

  /** Runs a command that must be refused with exit code `code` and a message matching `message`, changing nothing. */
  async function refused(args: string[], message: RegExp, code = 2): Promise<void> {
    const before = snapshot(storeDir);
    const r = await cli(cwd, ...args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, message, args.join(' '));
    assert.deepEqual(snapshot(storeDir), before, `${args.join(' ')} changed the store`);
  }

  before(async () => {
    assert.equal((await cli(cwd, 'init', ...op)).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', ...op, '--name', 'APP', '--signing-key')).code, 0);
    assert.equal((await cli(cwd, 'user', 'add', ...acc, '--name', 'svc', '--creds', 'svc.creds')).code, 0);
  });
  after(() => tmp.remove());

  it('user revoke --before takes a past date or date-time (any zone), and refuses durations, the future and other forms', async () => {
    const accountJwt = paths.accountJwt(store, 'OP', 'APP');
    const r = await cli(cwd, 'user', 'revoke', ...acc, '--before', '2024-01-31');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /issued until 2024-01-31T00:00:00\.000Z/);
    assert.equal((nats(accountJwt).revocations as Record<string, number>)['*'], Date.UTC(2024, 0, 31) / 1000);

    const zoned = await cli(cwd, 'user', 'revoke', ...acc, '--before', '2024-06-30T23:30:00-05:00', '--format', 'json');
    assert.equal(zoned.code, 0, zoned.err);
    assert.equal((JSON.parse(zoned.out) as { allIssuedBefore: string }).allIssuedBefore, '2024-07-01T04:30:00.000Z');
    assert.equal((nats(accountJwt).revocations as Record<string, number>)['*'], Date.UTC(2024, 6, 1, 4, 30) / 1000);
    await assertReferenceClean(storeDir);

    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (const [value, message] of [
      ['2d', /'2d' is not a time \(a duration would count forward from now\)/],
      ['yesterday', /'yesterday' is not a time: use now, a date/],
      ['1700000000', /'1700000000' is not a time/],
      ['2024-01-31T12:00:00', /has no zone/],
      ['2024-02-30', /has no day 30/],
      [soon, /is in the future: it would also revoke every user issued from now until then/],
      ['0069-01-01', /before 1970/],
    ] as [string, RegExp][]) {
      await refused(['user', 'revoke', ...acc, '--before', value], message);
    }
  });

  it('account delete names the accounts that import from it, before (without --yes) and after', async () => {
    for (const args of [
      ['account', 'add', ...op, '--name', 'EXP'],
      ['account', 'add', ...op, '--name', 'IMP'],
      ['export', 'add', ...op, '--account', 'EXP', '--subject', 'prices.>', '--stream'],
      ['import', 'add', ...op, '--account', 'IMP', '--from-account', 'EXP', '--subject', 'prices.>', '--stream'],
    ]) {
      const r = await cli(cwd, ...args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    }
    const exporter = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'EXP'), 'utf8'));
    assert.ok(exporter.ok);
    await refused(['account', 'delete', ...op, '--name', 'EXP'], new RegExp(`'IMP' imports from it: those imports then name an account the store no longer has[\\s\\S]*import rm --from-account ${exporter.jwt.claims.sub}`), 1);
    const r = await cli(cwd, 'account', 'delete', ...op, '--name', 'EXP', '--yes', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as { importers?: string[] }).importers, ['IMP']);
    const text = await cli(cwd, 'account', 'delete', ...op, '--name', 'IMP', '--yes');
    assert.equal(text.code, 0, text.err);
    assert.doesNotMatch(text.out, /import from it/, 'an account nobody imports from names no importer');
  });

  it('sizes: a fraction of a byte, or a size that rounds to 0 bytes, is refused rather than rounded (0 allows nothing)', async () => {
    for (const [option, value, message] of [
      ['--data', '0.4', /--data '0\.4' is not a whole number of bytes/],
      ['--payload', '1.5', /--payload '1\.5' is not a whole number of bytes/],
      ['--data', '1.5B', /--data '1\.5B' is not a whole number of bytes/],
      ['--data', '0.0001K', /--data '0\.0001K' is less than one byte \(it would be 0, which allows nothing\)/],
    ] as [string, string, RegExp][]) {
      await refused(['user', 'edit', ...acc, '--name', 'svc', option, value], message);
    }
    await refused(['account', 'edit', ...op, '--name', 'APP', '--js-disk', '0.5'], /--js-disk '0\.5' is not a whole number of bytes/);
    const r = await cli(cwd, 'user', 'edit', ...acc, '--name', 'svc', '--data', '0.5K', '--payload', '0');
    assert.equal(r.code, 0, r.err);
    const n = nats(paths.userJwt(store, 'OP', 'APP', 'svc'));
    assert.deepEqual([n.data, n.payload], [512, 0], 'a fraction of a unit and an explicit 0 are taken');
  });

  it('user revoke --public-key refuses what is not a user key, saying so (not "does not exist, give its public key")', async () => {
    const app = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
    assert.ok(app.ok);
    const accountKey = app.jwt.claims.sub;
    const userKey = parseJwt(fs.readFileSync(paths.userJwt(store, 'OP', 'APP', 'svc'), 'utf8'));
    assert.ok(userKey.ok);
    const badChecksum = `${userKey.jwt.claims.sub.slice(0, 55)}${userKey.jwt.claims.sub.endsWith('A') ? 'B' : 'A'}`;
    for (const [key, message] of [
      ['UXXX', /--public-key 'UXXX' is not a user public key \(56 characters from U, with a valid checksum\)/],
      [badChecksum, /is not a user public key/],
      [accountKey, new RegExp(`--public-key '${accountKey}' is the public key of an account, not of a user`)],
    ] as [string, RegExp][]) {
      await refused(['user', 'revoke', ...acc, '--public-key', key], message);
    }
    await refused(['user', 'revoke', ...acc, '--name', accountKey], /is the public key of an account, not of a user/);
  });

  it('a tag with a comma is refused (nsc and the editors split tags at commas), on users and accounts', async () => {
    const message = /tag 'a,b' has a comma: nsc's --tag and the editors read a comma as a separator \('a', 'b'\); give each tag on its own/;
    await refused(['user', 'edit', ...acc, '--name', 'svc', '--tag', 'a,b'], message);
    await refused(['account', 'edit', ...op, '--name', 'APP', '--tag', 'a,b'], message);
    const r = await cli(cwd, 'user', 'edit', ...acc, '--name', 'svc', '--tag', 'a', '--tag', 'b');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(nats(paths.userJwt(store, 'OP', 'APP', 'svc')).tags, ['a', 'b']);
  });

  it("the system account's connections, subscriptions, data or payload cannot be set to 0 (its users, and so every push, would be shut out)", async () => {
    for (const option of ['--conns', '--subs', '--data', '--payload']) {
      await refused(['account', 'edit', ...op, '--name', 'SYS', option, '0'], /account 'SYS' is the system account of operator 'OP': with \w+ 0: its users cannot .*once pushed no account could be pushed any more/);
    }
    const r = await cli(cwd, 'account', 'edit', ...op, '--name', 'SYS', '--conns', '50', '--payload', '1M');
    assert.equal(r.code, 0, r.err);
    const app = await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--conns', '0');
    assert.equal(app.code, 0, `another account may be shut: ${app.err}`);
  });

  it('JetStream cannot be turned on for the system account (nats-server refuses it there, though it stores the JWT)', async () => {
    for (const args of [['--jetstream', 'on'], ['--js-disk', '1G'], ['--js-tier', 'R1', '--js-mem', '1G']]) {
      await refused(['account', 'edit', ...op, '--name', 'SYS', ...args], /account 'SYS' is the system account of operator 'OP': nats-server does not enable JetStream on it/);
    }
    const off = await cli(cwd, 'account', 'edit', ...op, '--name', 'SYS', '--jetstream', 'off', '--description', 'system');
    assert.equal(off.code, 0, off.err);
  });

  it('user revoke warns when it revokes users of the system account (pushes with them stop working), not of another (last: it revokes the system user)', async () => {
    const sys = await cli(cwd, 'user', 'revoke', ...op, '--account', 'SYS', '--before', 'now');
    assert.equal(sys.code, 0, sys.err);
    assert.match(sys.out, /Warning: 'SYS' is the system account of operator 'OP': once this is pushed, the revoked credentials can no longer push accounts/);
    const added = await cli(cwd, 'user', 'add', ...acc, '--name', 'leaver', '--creds', 'leaver.creds');
    assert.equal(added.code, 0, added.err);
    const app = await cli(cwd, 'user', 'revoke', ...acc, '--name', 'leaver', '--format', 'json');
    assert.equal(app.code, 0, app.err);
    assert.deepEqual((JSON.parse(app.out) as { warnings: string[] }).warnings, []);
  });
});
