/** `nats-workbench push` and `pull` against a 3-node operator cluster: text, JSON, exit codes, usage errors. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readOperatorEntry, storeAt } from '../../../src/core/trust';
import { Cluster } from '../../support/natsServer';
import { startOperatorCluster } from '../../support/operatorCluster';
import { assertReferenceClean } from '../../support/referenceValidator';
import { cli } from '../../unit/cli/run';
import { tempRoot } from './helpers';

describe('trust CLI: push and pull against a 3-node operator cluster', function () {
  this.timeout(120_000);
  const tmp = tempRoot('cli-push');
  const cwd = tmp.root;
  const store = storeAt(path.join(cwd, 'nats'));
  const op = ['--store', 'nats', '--operator', 'OP'];
  let cluster: Cluster;

  before(async () => {
    assert.equal((await cli(cwd, 'init', ...op)).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', ...op, '--name', 'APP')).code, 0);
    const entry = await readOperatorEntry(store, 'OP');
    const sys = entry?.accounts.find((a) => a.isSystem);
    assert.ok(entry?.jwt && sys?.publicKey && sys.jwt);
    cluster = await startOperatorCluster({ operatorJwt: entry.jwt, systemAccount: sys.publicKey, preload: { [sys.publicKey]: sys.jwt } });
  });
  after(async () => {
    await cluster?.stop();
    await assertReferenceClean(path.join(cwd, 'nats'));
    tmp.remove();
  });

  it('usage errors: no --server, an unreadable --sys-creds, a bad --timeout; an unknown account is exit 1', async () => {
    const cases: [string[], number, RegExp][] = [
      [['push', ...op], 2, /--server is required/],
      [['pull', ...op, '--server', cluster.url, '--sys-creds', 'nope.creds'], 2, /cannot read --sys-creds nope\.creds: it does not exist/],
      [['push', ...op, '--server', cluster.url, '--timeout', '0'], 2, /--timeout takes milliseconds/],
      [['push', ...op, '--server', cluster.url, '--account', 'NOPE'], 1, /operator 'OP' has no account 'NOPE'/],
    ];
    for (const [argv, code, message] of cases) {
      const r = await cli(cwd, ...argv);
      assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message, argv.join(' '));
    }
  });

  it('push names the 3 servers that stored each account and the login check; exit 0', async () => {
    const r = await cli(cwd, 'push', ...op, '--server', cluster.servers[0].url);
    assert.equal(r.code, 0, r.out + r.err);
    const names = cluster.servers.map((s) => s.name).sort();
    assert.match(r.out, new RegExp(`^Servers of the cluster: ${names.join(', ')}$`, 'm'));
    assert.match(r.out, new RegExp(`stored: account 'APP' A[A-Z2-7]{55}\\n  stored by 3 of 3: ${names.join(', ')}\\n  login check: a temporary user of the account logged in`));
    assert.match(r.out, /Every account was stored by every server and works\.$/m);
  });

  it('pull after a local edit: APP older on the cluster, exit 1; JSON with the per-account status; --sys-creds works', async () => {
    // JWTs carry their issue time in whole seconds: edit in a later second than the push before,
    // or the two JWTs cannot be ordered ("another JWT of the same second").
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await cli(cwd, 'account', 'edit', ...op, '--name', 'APP', '--conns', '5')).code, 0);
    const text = await cli(cwd, 'pull', ...op, '--server', cluster.url);
    assert.equal(text.code, 1, text.err);
    assert.match(text.out, /'APP' A[A-Z2-7]{55}: older on the cluster than in the store \(push it\)/);
    assert.match(text.out, /'SYS' A[A-Z2-7]{55}: same as the store/);
    const sysCreds = path.join('nats', 'keys', 'creds', 'OP', 'SYS', 'sys.creds');
    const json = await cli(cwd, 'pull', ...op, '--server', cluster.servers[2].url, '--sys-creds', sysCreds, '--format', 'json');
    assert.equal(json.code, 1, json.err);
    const out = JSON.parse(json.out) as { inSync: boolean; accounts: { name: string; status: string; servers: string[] }[] };
    assert.equal(out.inSync, false);
    assert.deepEqual(out.accounts.map((a) => [a.name, a.status, a.servers.length]), [['APP', 'older-on-server', 3], ['SYS', 'same', 3]]);

    const pushed = await cli(cwd, 'push', ...op, '--server', cluster.url, '--account', 'APP', '--format', 'json');
    assert.equal(pushed.code, 0, pushed.err);
    const p = JSON.parse(pushed.out) as { accounts: { name: string; changedSincePush: boolean; stored: string[] }[] };
    assert.deepEqual(p.accounts.map((a) => [a.name, a.changedSincePush, a.stored.length]), [['APP', true, 3]]);
    assert.equal((await cli(cwd, 'pull', ...op, '--server', cluster.url)).code, 0, 'in sync after the push');
  });
});
