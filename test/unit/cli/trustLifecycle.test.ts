/**
 * The CLI's lifecycle commands on a temporary store: user edit/revoke/delete, account edit/delete,
 * signing-key delete, in text and JSON, with usage errors that change nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCreds, parseJwt, paths, storeAt } from '../../../src/core/trust';
import { tempRoot } from '../trust/helpers';
import { cli, snapshot } from './run';

describe('trust CLI: edit, revoke and delete', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli-lifecycle');
  const cwd = tmp.root;
  const storeDir = path.join(cwd, 'nats');
  const store = storeAt(storeDir);
  const op = ['--store', 'nats', '--operator', 'OP'];
  const acc = [...op, '--account', 'APP'];

  const claims = (file: string): Record<string, unknown> => {
    const parsed = parseJwt(fs.readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    return parsed.jwt.claims as unknown as Record<string, unknown>;
  };
  const nats = (file: string): Record<string, unknown> => claims(file).nats as Record<string, unknown>;

  before(async () => {
    assert.equal((await cli(cwd, 'init', ...op)).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', ...op, '--name', 'APP', '--signing-key')).code, 0);
    const add = await cli(cwd, 'user', 'add', ...acc, '--name', 'svc', '--creds', 'svc.creds', '--allow-pub', 'orders.>', '--expiry', '30d');
    assert.equal(add.code, 0, add.err);
  });
  after(() => tmp.remove());

  it('user edit changes permissions, expiry, bearer, connection types, networks, tags and limits, and rewrites the keystore .creds', async () => {
    const r = await cli(cwd, 'user', 'edit', ...acc, '--name', 'svc', '--allow-pub', 'billing.>', '--rm-allow-pub', 'orders.>', '--deny-sub', 'secret.>',
      '--allow-pub-response', '3', '--expiry', 'never', '--bearer', 'on', '--conn-type', 'websocket', '--src', '10.0.0.0/8', '--tag', 'team-a',
      '--subs', '100', '--data', '1MiB', '--payload', '64K', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out) as { changes: string[]; credsRewritten: string };
    assert.ok(result.changes.includes('allow-pub + billing.>'));
    assert.ok(result.changes.includes('expiry: never'));
    const jwtPath = paths.userJwt(store, 'OP', 'APP', 'svc');
    const n = nats(jwtPath);
    assert.deepEqual(n.pub, { allow: ['billing.>'] });
    assert.deepEqual(n.sub, { deny: ['secret.>'] });
    assert.deepEqual(n.resp, { max: 3, ttl: 0 });
    assert.equal(n.bearer_token, true);
    assert.deepEqual(n.allowed_connection_types, ['WEBSOCKET']);
    assert.deepEqual(n.src, ['10.0.0.0/8']);
    assert.deepEqual(n.tags, ['team-a']);
    assert.deepEqual([n.subs, n.data, n.payload], [100, 1024 * 1024, 64 * 1024]);
    assert.equal(claims(jwtPath).exp, undefined, 'expiry removed');
    assert.equal(parseCreds(fs.readFileSync(result.credsRewritten, 'utf8')).jwt, fs.readFileSync(jwtPath, 'utf8').trim());
    assert.notEqual(parseCreds(fs.readFileSync(path.join(cwd, 'svc.creds'), 'utf8')).jwt, fs.readFileSync(jwtPath, 'utf8').trim(), 'a copy elsewhere is not ours to rewrite');

    const text = await cli(cwd, 'user', 'edit', ...acc, '--name', 'svc', '--bearer', 'off', '--rm-response-perms');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /bearer: off\n {2}responses: removed|responses: removed\n {2}bearer: off/);
    assert.match(text.out, /Takes effect at its next login/);
  });

  it('bad edits are usage errors that leave the store as it was', async () => {
    const before = snapshot(storeDir);
    for (const [args, message] of [
      [['--rm-deny-pub', 'nope'], /deny-pub has no entry 'nope' to remove/],
      [['--allow-pub', 'a..b'], /allow-pub 'a\.\.b'/],
      [['--bearer', 'yes'], /--bearer takes on or off/],
      [['--subs', '1.5'], /--subs takes a whole number/],
      [['--data', 'lots'], /is not a size/],
      [['--expiry', '2030-02-30'], /has no day 30/],
      [['--conn-type', 'carrier-pigeon'], /not one the server knows/],
      [['--src', '10.0.0.0/33'], /source network/],
      [['--tag', 'Upper'], /capital letters/],
      [[], /nothing to change/],
    ] as [string[], RegExp][]) {
      const r = await cli(cwd, 'user', 'edit', ...acc, '--name', 'svc', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    assert.deepEqual(snapshot(storeDir), before);
  });

  it('account edit sets JetStream (flat, then per tier), limits, description and tags; the account is changed since last push', async () => {
    const jwtPath = paths.accountJwt(store, 'OP', 'APP');
    const flat = await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--jetstream', 'on', '--js-disk', '1GiB', '--js-mem', '500MB', '--js-streams', '10', '--conns', '20', '--description', 'the app', '--tag', 'prod');
    assert.equal(flat.code, 0, flat.err);
    let limits = nats(jwtPath).limits as Record<string, unknown>;
    assert.deepEqual([limits.disk_storage, limits.mem_storage, limits.streams, limits.consumer, limits.conn], [1024 ** 3, 500_000_000, 10, -1, 20]);
    assert.equal(nats(jwtPath).description, 'the app');
    assert.deepEqual(nats(jwtPath).tags, ['prod']);
    assert.match(flat.out, /Changed since last push/);

    const tiered = await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--js-tier', 'R3', '--js-disk', '2GiB', '--format', 'json');
    assert.equal(tiered.code, 0, tiered.err);
    limits = nats(jwtPath).limits as Record<string, unknown>;
    assert.equal(limits.disk_storage, 0, 'flat limits go when tiers come');
    assert.equal((limits.tiered_limits as Record<string, Record<string, unknown>>).R3.disk_storage, 2 * 1024 ** 3);
    const off = await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--jetstream', 'off');
    assert.equal(off.code, 0, off.err);
    assert.match(off.out, /JetStream: off \(its limits are removed: R3: diskStorage 2147483648; turning it on again does not restore them\)/, 'what goes with JetStream is said');
    assert.equal((nats(jwtPath).limits as Record<string, unknown>).tiered_limits, undefined);
    assert.equal((nats(jwtPath).description), 'the app', 'other claims stay');

    const bad = await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--js-tier', 'R7', '--js-disk', '1G');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /'R7' is not a JetStream tier/);
  });

  it('user revoke puts the user in the account revocations; user delete asks for --yes and says what stops working', async () => {
    assert.equal((await cli(cwd, 'user', 'add', ...acc, '--name', 'gone', '--creds', 'gone.creds')).code, 0);
    const userKey = claims(paths.userJwt(store, 'OP', 'APP', 'gone')).sub as string;
    const revoke = await cli(cwd, 'user', 'revoke', ...acc, '--name', 'gone');
    assert.equal(revoke.code, 0, revoke.err);
    assert.match(revoke.out, /Push account 'APP'/);
    const revocations = nats(paths.accountJwt(store, 'OP', 'APP')).revocations as Record<string, number>;
    assert.ok(revocations[userKey] >= (claims(paths.userJwt(store, 'OP', 'APP', 'gone')).iat as number));

    const unconfirmed = await cli(cwd, 'user', 'delete', ...acc, '--name', 'gone');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.err, /credentials keep working on servers until its JWT expires[\s\S]*add --yes/);
    assert.ok(fs.existsSync(paths.userJwt(store, 'OP', 'APP', 'gone')));
    const deleted = await cli(cwd, 'user', 'delete', ...acc, '--name', 'gone', '--rm-creds', '--rm-nkey', '--yes', '--format', 'json');
    assert.equal(deleted.code, 0, deleted.err);
    assert.equal((JSON.parse(deleted.out) as { removed: string[] }).removed.length, 3);
    assert.equal(fs.existsSync(paths.seed(store, userKey)), false);
  });

  it('signing-key delete lists the users it signed; account delete refuses the system account and removes another', async () => {
    const key = (nats(paths.accountJwt(store, 'OP', 'APP')).signing_keys as string[])[0];
    assert.equal((await cli(cwd, 'user', 'add', ...acc, '--name', 'by-key', '--creds', 'by-key.creds')).code, 0);
    const ask = await cli(cwd, 'signing-key', 'delete', ...acc, '--key', key);
    assert.equal(ask.code, 1);
    assert.match(ask.err, /Users it signed stop working: .*by-key/);
    const done = await cli(cwd, 'signing-key', 'delete', ...acc, '--key', key, '--yes');
    assert.equal(done.code, 0, done.err);
    assert.deepEqual(nats(paths.accountJwt(store, 'OP', 'APP')).signing_keys ?? [], []);

    const sys = await cli(cwd, 'account', 'delete', ...op, '--name', 'SYS', '--yes');
    assert.equal(sys.code, 2);
    assert.match(sys.err, /system account/);
    assert.equal((await cli(cwd, 'account', 'add', ...op, '--name', 'OLD')).code, 0);
    const del = await cli(cwd, 'account', 'delete', ...op, '--name', 'OLD', '--yes');
    assert.equal(del.code, 0, del.err);
    assert.equal(fs.existsSync(paths.accountDir(store, 'OP', 'OLD')), false);
  });
});
