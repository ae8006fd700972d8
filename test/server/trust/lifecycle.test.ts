/**
 * The credential lifecycle on a real nats-server 2.9.10 in operator mode with a full resolver:
 * a user edit takes effect at the next login, an account edit once pushed, a revocation (of a
 * user, of all users before a time, of a signing key, a delete with revoke) refuses new logins
 * and closes open connections once pushed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NatsConnection } from 'nats';
import {
  addAccount,
  addSigningKey,
  addUser,
  createOperator,
  deleteUser,
  editAccount,
  editUser,
  pushAccountFromStore,
  readOperatorEntry,
  removeSigningKey,
  revokeUsers,
  serverConfig,
} from '../../../src/core/trust';
import { NatsServer, sleep, startServer } from '../../support/natsServer';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, publishViolations, tempRoot } from './helpers';

describe('trust: editing, revoking and deleting against a full-resolver nats-server', function () {
  this.timeout(90_000);
  const tmp = tempRoot('lifecycle');
  let server: NatsServer;
  const open: NatsConnection[] = [];

  const creds = (file: string): string => fs.readFileSync(file, 'utf8');

  async function login(text: string): Promise<NatsConnection> {
    const nc = await connectWithCreds(server.url, text);
    open.push(nc);
    return nc;
  }

  async function push(account = 'APP'): Promise<void> {
    const r = await pushAccountFromStore({ store: tmp.store, operator: 'OP', account, serverUrl: server.url });
    assert.equal(r.accepted, true, JSON.stringify(r.replies));
  }

  /** Resolves with the error the server closed `nc` with, or rejects after 10 s. */
  async function closedByServer(nc: NatsConnection): Promise<string> {
    const closed = await Promise.race([nc.closed(), sleep(10_000).then(() => 'still open')]);
    assert.notEqual(closed, 'still open', 'the server did not close the connection');
    return String(closed);
  }

  before(async () => {
    const { store } = tmp;
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
    const config = await serverConfig({ store, operator: 'OP', resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    server = await startServer({ name: 'trust-lifecycle', extraConfig: config.text });
    await push();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close().catch(() => undefined)));
  });

  after(async () => {
    await server?.stop();
    // Go's jwt library agrees: the revoked users (one by key, the older ones by '*') and the user of the removed key.
    const revoked = /(users\/|creds\/OP\/APP\/)(bystander|editor|js-user|old-one|victim|deleted-revoked)\.(jwt|creds)$/;
    await assertReferenceClean(tmp.root, [
      { file: revoked, code: 'revoked' },
      { file: /by-sk\.(jwt|creds)$/, code: 'issuer' },
    ]);
    tmp.remove();
  });

  it('a user edit reaches the server at the next login: the keystore .creds is rewritten with the new permissions', async () => {
    const { store } = tmp;
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'editor', permissions: { pub: { allow: ['orders.>'] } } });
    const before = await login(creds(user.credsPath));
    assert.deepEqual(await publishViolations(before, 'billing.1'), ['billing.1']);

    const edit = await editUser({ store, operator: 'OP', account: 'APP', name: 'editor', permissions: { 'allow-pub': { add: ['billing.>'], remove: ['orders.>'] } } });
    assert.deepEqual(edit.changes, ['allow-pub - orders.>', 'allow-pub + billing.>']);
    assert.equal(edit.credsRewritten, user.credsPath);
    assert.equal(edit.issuer, user.issuer, 're-signed by the key that signed it');

    const after = await login(creds(user.credsPath));
    assert.deepEqual(await publishViolations(after, 'billing.1'), [], 'the new permission applies');
    assert.deepEqual(await publishViolations(after, 'orders.1'), ['orders.1'], 'the removed permission is gone');
  });

  it('an account edit is marked changed until pushed, and the pushed edit turns JetStream on', async () => {
    const { store } = tmp;
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'js-user' });
    const noJs = await login(creds(user.credsPath));
    await assert.rejects(async () => (await noJs.jetstreamManager()).getAccountInfo());

    await editAccount({ store, operator: 'OP', name: 'APP', jetstream: true, jetstreamLimits: { diskStorage: 1024 * 1024, streams: 2 }, limits: { connections: 50 } });
    const marked = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'APP');
    assert.equal(marked?.changedSincePush, true);

    await push();
    const pushed = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'APP');
    assert.equal(pushed?.changedSincePush, undefined);
    assert.ok(pushed?.pushedAt);

    const withJs = await login(creds(user.credsPath));
    const info = await (await withJs.jetstreamManager()).getAccountInfo();
    assert.equal(info.limits.max_storage, 1024 * 1024);
    assert.equal(info.limits.max_streams, 2);
  });

  it("the system account's connections cannot be set to 0 (pushed, it shut out the pushing system user and every later push); a limit above 0 is pushed and pushes go on", async () => {
    const { store } = tmp;
    await assert.rejects(editAccount({ store, operator: 'OP', name: 'SYS', limits: { connections: 0 } }), /account 'SYS' is the system account of operator 'OP': with connections 0: its users cannot connect/);
    await editAccount({ store, operator: 'OP', name: 'SYS', limits: { connections: 100 } });
    await push('SYS');
    await push('SYS');
    await push();
  });

  it('a revoked user is refused and its open connection closed once the account is pushed; others stay', async () => {
    const { store } = tmp;
    const victim = await addUser({ store, operator: 'OP', account: 'APP', name: 'victim' });
    const bystander = await addUser({ store, operator: 'OP', account: 'APP', name: 'bystander' });
    const established = await login(creds(victim.credsPath));
    const other = await login(creds(bystander.credsPath));

    const r = await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['victim'] });
    assert.deepEqual(r.revoked.map((u) => u.publicKey), [victim.publicKey]);
    await push();

    assert.match(await closedByServer(established), /revoked|Authorization|closed/i);
    await assertRefused(server.url, creds(victim.credsPath));
    await other.flush();
    assert.equal(other.isClosed(), false);
    const entry = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'APP')?.users.find((u) => u.name === 'victim');
    assert.ok(entry?.revokedAt);
    await assert.rejects(editUser({ store, operator: 'OP', account: 'APP', name: 'victim', tags: { add: ['x'] } }), /revoked/);
  });

  it('revoking all users issued before a time refuses the older ones only', async () => {
    const { store } = tmp;
    const old = await addUser({ store, operator: 'OP', account: 'APP', name: 'old-one' });
    await sleep(1100);
    const cut = new Date();
    await sleep(1100);
    const fresh = await addUser({ store, operator: 'OP', account: 'APP', name: 'new-one' });
    await revokeUsers({ store, operator: 'OP', account: 'APP', allIssuedBefore: cut });
    await push();
    await assertRefused(server.url, creds(old.credsPath));
    await login(creds(fresh.credsPath));
  });

  it('removing a signing key refuses the users it signed, and closes their connections', async () => {
    const { store } = tmp;
    const sk = await addSigningKey({ store, operator: 'OP', account: 'APP' });
    await push();
    const signed = await addUser({ store, operator: 'OP', account: 'APP', name: 'by-sk', signWith: sk.publicKey });
    const established = await login(creds(signed.credsPath));

    const r = await removeSigningKey({ store, operator: 'OP', account: 'APP', key: sk.publicKey });
    assert.deepEqual(r.signed, ['by-sk']);
    await push();
    await closedByServer(established);
    await assertRefused(server.url, creds(signed.credsPath));
  });

  it('deleting a user with revoke locks it out after the push; without revoke its creds still log in', async () => {
    const { store } = tmp;
    const kept = await addUser({ store, operator: 'OP', account: 'APP', name: 'deleted-only' });
    const revoked = await addUser({ store, operator: 'OP', account: 'APP', name: 'deleted-revoked' });
    const keptCreds = creds(kept.credsPath);
    const revokedCreds = creds(revoked.credsPath);
    await deleteUser({ store, operator: 'OP', account: 'APP', name: 'deleted-only', removeCreds: true });
    const r = await deleteUser({ store, operator: 'OP', account: 'APP', name: 'deleted-revoked', revoke: true });
    assert.ok(r.revokedIn);
    assert.equal(fs.existsSync(kept.jwtPath), false);
    assert.equal(fs.existsSync(kept.credsPath), false);
    await push();
    await login(keptCreds);
    await assertRefused(server.url, revokedCreds);
  });
});
