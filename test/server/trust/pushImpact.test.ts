import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NatsConnection } from 'nats';
import { addAccount, addUser, createOperator, editAccount, planAccountPushFromStore, pushAccountFromStore, pushImpactIsSerious, revokeUsers, serverConfig } from '../../../src/core/trust';
import { NatsServer, sleep, startServer, waitFor } from '../../support/natsServer';
import { connectWithCreds, tempRoot } from './helpers';

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

  it('a conn limit below the open connections: predicted count closed, and the server closes that many', async () => {
    const { store } = tmp;
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'many' });
    const conns = [await login(u.credsPath), await login(u.credsPath), await login(u.credsPath), await login(u.credsPath)];
    const closed = watchClosed(conns);
    const before = await plan();
    await editAccount({ store, operator: 'OP', name: 'APP', limits: { connections: before.open - 2 } });
    const impact = await plan();
    assert.deepEqual(impact.connectionsCut, { limit: before.open - 2, open: before.open, cut: 2 });
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
});
