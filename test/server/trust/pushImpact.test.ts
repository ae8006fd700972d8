import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NatsConnection } from 'nats';
import { addAccount, addSigningKey, addUser, createOperator, editAccount, removeSigningKey, planAccountPushFromStore, pushAccountFromStore, pushImpactIsSerious, revokeUsers, serverConfig } from '../../../src/core/trust';
import { NatsServer, sleep, startServer, waitFor } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { connectWithCreds, tempRoot } from './helpers';
import { assertReferenceClean } from '../../support/referenceValidator';

/** The reason each connection was closed for, once it is; undefined while it is open. */
function watchClosed(conns: NatsConnection[]): (string | undefined)[] {
  const out: (string | undefined)[] = conns.map(() => undefined);
  conns.forEach((nc, i) => void nc.closed().then((e) => (out[i] = e ? e.message : 'closed')));
  return out;
}

describe('trust: what an account push does to running clients, predicted and then checked on nats-server', function () {
  this.timeout(60_000);
  const tmp = tempRoot('push-impact');
  let server: NatsServer;
  const opened: NatsConnection[] = [];
  const creds = (file: string): string => fs.readFileSync(file, 'utf8');
  const push = () => pushAccountFromStore({ store: tmp.store, operator: 'OP', account: 'APP', serverUrl: server.url });
  const plan = () => planAccountPushFromStore({ store: tmp.store, operator: 'OP', account: 'APP', serverUrl: server.url, timeoutMs: 3000 });
  async function login(file: string): Promise<NatsConnection> {
    const nc = await connectWithCreds(server.url, creds(file));
    opened.push(nc);
    return nc;
  }

  before(async () => {
    const { store } = tmp;
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true });
    const config = await serverConfig({ store, operator: 'OP', resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    server = await startServer({ name: 'push-impact', extraConfig: config.text });
    assert.equal((await push()).accepted, true);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((nc) => nc.close().catch(() => undefined)));
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  it('a push that changes nothing for the running clients is not serious', async () => {
    const u = await addUser({ store: tmp.store, operator: 'OP', account: 'APP', name: 'calm' });
    await login(u.credsPath);
    await editAccount({ store: tmp.store, operator: 'OP', name: 'APP', description: 'no harm' });
    const impact = await plan();
    assert.equal(pushImpactIsSerious(impact), false, impact.lines.join('\n'));
    assert.equal(impact.open, 1);
    assert.equal(impact.summary, '');
    assert.equal((await push()).accepted, true);
  });

  it('revoking a connected user: predicted as its connections disconnected, and the server closes exactly those', async () => {
    const { store } = tmp;
    const keep = await addUser({ store, operator: 'OP', account: 'APP', name: 'keep' });
    const gone = await addUser({ store, operator: 'OP', account: 'APP', name: 'gone' });
    const conns = [await login(keep.credsPath), await login(gone.credsPath), await login(gone.credsPath)];
    const closed = watchClosed(conns);
    await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['gone'] });
    const impact = await plan();
    assert.equal(pushImpactIsSerious(impact), true);
    assert.deepEqual(impact.revoked.map((r) => [r.name, r.connections]), [['gone', 2]]);
    assert.match(impact.summary, /^Disconnects 2 connections of 1 revoked user/);
    assert.ok(impact.lines.some((l) => l.includes(gone.publicKey)), impact.lines.join('\n'));
    assert.deepEqual(closed, [undefined, undefined, undefined], 'planning changes nothing');

    assert.equal((await push()).accepted, true);
    await waitFor('the revoked connections to close', 5000, () => (closed[1] && closed[2] ? true : undefined));
    await sleep(300);
    assert.equal(closed[0], undefined, 'the user that was not revoked stays connected');
    assert.match(closed[1] ?? '', /Revoked/i);
    // Once pushed, a second plan finds nobody revoked still connected.
    assert.deepEqual((await plan()).revoked, []);
  });

  it('removing a signing key: predicted as the users it signed disconnected, and the server closes exactly those', async () => {
    const { store } = tmp;
    const key = await addSigningKey({ store, operator: 'OP', account: 'APP' });
    assert.equal((await push()).accepted, true);
    const bySigningKey = await addUser({ store, operator: 'OP', account: 'APP', name: 'by-signing-key', signWith: key.publicKey });
    const byIdentity = await addUser({ store, operator: 'OP', account: 'APP', name: 'by-identity', signWith: 'identity' });
    const conns = [await login(bySigningKey.credsPath), await login(byIdentity.credsPath)];
    const closed = watchClosed(conns);
    await removeSigningKey({ store, operator: 'OP', account: 'APP', key: key.publicKey });
    const impact = await plan();
    assert.deepEqual(impact.unsigned.map((u) => [u.name, u.connections, u.signer]), [['by-signing-key', 1, key.publicKey]]);
    assert.deepEqual(impact.revoked, []);
    assert.match(impact.summary, /^Disconnects 1 connection of 1 user signed by a removed signing key\.$/);

    assert.equal((await push()).accepted, true);
    await waitFor('the connection of the removed key\'s user to close', 5000, () => (closed[0] !== undefined ? true : undefined));
    await sleep(300);
    assert.equal(closed[1], undefined, 'the user signed by the account key stays connected');
  });

  it('a conn limit below the open connections: predicted count closed, and the server closes that many', async () => {
    const { store } = tmp;
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'many' });
    const conns = [await login(u.credsPath), await login(u.credsPath), await login(u.credsPath), await login(u.credsPath)];
    const closed = watchClosed(conns);
    const before = await plan();
    await editAccount({ store, operator: 'OP', name: 'APP', limits: { connections: before.open - 2 } });
    const impact = await plan();
    assert.deepEqual(impact.connectionsCut, { limit: before.open - 2, open: before.open, cut: 2, atOnce: 2 });
    assert.match(impact.summary, /closes 2 of \d+ connections/i);

    assert.equal((await push()).accepted, true);
    await waitFor('two connections to close', 5000, () => (closed.filter((c) => c !== undefined).length >= 2 ? true : undefined));
    await sleep(300);
    const reasons = closed.filter((c): c is string => c !== undefined);
    assert.equal(reasons.length, 2, `closed: ${JSON.stringify(closed)}`);
    for (const r of reasons) assert.match(r, /maximum account active connections exceeded/);
    await editAccount({ store, operator: 'OP', name: 'APP', limits: { connections: -1 } });
    await push();
  });

  it('turning JetStream off: predicted as its streams and messages stopping, the API stops, and the data comes back when it is on again', async () => {
    const { store } = tmp;
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'js' });
    const nc = await login(u.credsPath);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    for (let i = 0; i < 5; i++) await nc.jetstream().publish(`keep.${i}`);
    await editAccount({ store, operator: 'OP', name: 'APP', jetstream: false });
    const impact = await plan();
    assert.equal(impact.jetstreamOff?.streams, 1);
    assert.equal(impact.jetstreamOff?.messages, 5);
    assert.ok(impact.lines.some((l) => /stop answering/.test(l) && /stays on the server/.test(l)), impact.lines.join('\n'));

    assert.equal((await push()).accepted, true);
    await assert.rejects(jsm.streams.info('KEEP'), /503|no responders/i);
    await editAccount({ store, operator: 'OP', name: 'APP', jetstream: true });
    await push();
    const again = await login(u.credsPath);
    const info = await waitFor('the stream to answer again', 5000, async () => (await again.jetstreamManager()).streams.info('KEEP').catch(() => undefined));
    assert.equal(info.state.messages, 5, 'the data came back as the plan said');
  });

  it('the CLI: push --dry-run says whom it would disconnect and sends nothing; push without --yes refuses; with --yes the server disconnects them', async () => {
    const { store } = tmp;
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'cli-revoked' });
    const nc = await login(u.credsPath);
    const state = watchClosed([nc]);
    await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['cli-revoked'] });
    const base = ['push', '--store', tmp.root, '--operator', 'OP', '--server', server.url, '--account', 'APP'];

    const dry = await cli(tmp.root, ...base, '--dry-run');
    assert.equal(dry.code, 0, dry.out + dry.err);
    assert.match(dry.out, /^Would push \(--dry-run: nothing is sent\):\naccount 'APP' A[A-Z2-7]{55}: Disconnects 1 connection of 1 revoked user\.$/m);
    assert.ok(dry.out.includes(`'cli-revoked' ${u.publicKey} (1 connection)`), dry.out);
    const json = await cli(tmp.root, ...base, '--dry-run', '--format', 'json');
    const planned = JSON.parse(json.out) as { dryRun: boolean; accounts: { name: string; impact: { revoked: { user: string }[] } }[] };
    assert.deepEqual(planned.accounts.map((a) => [a.name, a.impact.revoked.map((r) => r.user)]), [['APP', [u.publicKey]]]);

    const refused = await cli(tmp.root, ...base);
    assert.equal(refused.code, 1, refused.out + refused.err);
    assert.match(refused.err, /Disconnects 1 connection of 1 revoked user[\s\S]*Nothing was changed: add --yes to go ahead\./);
    await sleep(300);
    assert.equal(state[0], undefined, 'neither --dry-run nor the refusal pushed anything');

    const pushed = await cli(tmp.root, ...base, '--yes');
    assert.equal(pushed.code, 0, pushed.out + pushed.err);
    await waitFor('the revoked connection to close', 5000, () => state[0]);
    assert.match(state[0] ?? '', /Revoked/i);
    const calm = await cli(tmp.root, ...base);
    assert.equal(calm.code, 0, 'nothing left to disconnect: no --yes needed');
  });
  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store but what the pushes meant', async () => {
    // The revoked users and the user of the removed signing key, JWT and .creds alike: Go reads
    // the store as the predictions did.
    await assertReferenceClean(tmp.root, [
      { file: /\/users\/cli-revoked\.jwt$/, code: 'revoked' },
      { file: /\/cli-revoked\.creds$/, code: 'revoked' },
      { file: /\/users\/gone\.jwt$/, code: 'revoked' },
      { file: /\/gone\.creds$/, code: 'revoked' },
      { file: /\/users\/by-signing-key\.jwt$/, code: 'issuer' },
      { file: /\/by-signing-key\.creds$/, code: 'issuer' },
    ]);
  });
});
