/**
 * Pushing to, and pulling from, a 3-node nats-server 2.9.10 cluster in operator mode with a full
 * resolver on every node; a rotated account signing key proven on it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { NatsConnection } from 'nats';
import { addAccount, addUser, createOperator, CreateOperatorResult, deleteAccount, editAccount, pullFromCluster, pushToCluster, readOperatorEntry, rotateSigningKey } from '../../../src/core/trust';
import { Cluster } from '../../support/natsServer';
import { startOperatorCluster } from '../../support/operatorCluster';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, tempRoot } from './helpers';

describe('trust: push to and pull from a 3-node operator cluster (full resolvers)', function () {
  this.timeout(120_000);
  const tmp = tempRoot('cluster-push');
  const { store } = tmp;
  let cluster: Cluster;
  let op: CreateOperatorResult;
  const open: NatsConnection[] = [];
  const creds = (file: string): string => fs.readFileSync(file, 'utf8');

  async function loginEverywhere(text: string): Promise<void> {
    for (const s of cluster.servers) {
      const nc = await connectWithCreds(s.url, text);
      open.push(nc);
      await nc.flush();
    }
  }

  before(async () => {
    op = await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true, jetstream: { diskStorage: 1 << 20, memStorage: 1 << 20 } });
    await addAccount({ store, operator: 'OP', name: 'BILLING' });
    assert.ok(op.systemAccount);
    cluster = await startOperatorCluster({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close().catch(() => undefined)));
  });

  after(async () => {
    await cluster?.stop();
    // Go's jwt library reads the store as the server does: nothing wrong in it.
    await assertReferenceClean(tmp.root);
    tmp.remove();
  });

  it('pushes every account through one server and names the 3 servers that stored each; then a user logs in on each', async () => {
    await editAccount({ store, operator: 'OP', name: 'BILLING', limits: { connections: 10 } });
    const r = await pushToCluster({ store, operator: 'OP', serverUrl: cluster.servers[0].url });
    const names = cluster.servers.map((s) => s.name).sort();
    assert.deepEqual(r.servers, names, 'the servers that answered the ping');
    assert.deepEqual(r.accounts.map((a) => a.name), ['BILLING', 'APP', 'SYS'], 'the changed account first');
    for (const a of r.accounts) {
      assert.deepEqual(a.stored, names, `${a.name} stored by every server`);
      assert.deepEqual(a.missing, []);
      assert.equal(a.accepted, true, JSON.stringify(a.problems));
      assert.equal(a.works, true, a.check);
    }
    assert.match(r.accounts[1].check ?? '', /reached JetStream/);
    assert.equal(r.ok, true);
    const entry = await readOperatorEntry(store, 'OP');
    assert.deepEqual(entry?.accounts.filter((a) => a.changedSincePush).map((a) => a.name), [], 'nothing changed since the push');
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'everywhere' });
    await loginEverywhere(creds(user.credsPath));
  });

  it('a server that is down answers no ping: the push waits only for the servers that do, and names them', async () => {
    const down = cluster.servers[2];
    await down.kill();
    try {
      const r = await pushToCluster({ store, operator: 'OP', accounts: ['BILLING'], serverUrl: cluster.servers[0].url, timeoutMs: 2000 });
      assert.equal(r.servers.includes(down.name), false, 'a dead server answers no ping');
      assert.deepEqual(r.servers, cluster.servers.slice(0, 2).map((s) => s.name).sort());
      assert.deepEqual(r.accounts[0].stored, r.servers);
      assert.equal(r.accounts[0].accepted, true);
    } finally {
      await down.start();
      await cluster.waitForMetaLeader();
    }
  });

  it('pull: in sync after the push; a local edit is older on the server, an unpushed account missing, a deleted one unknown', async () => {
    const same = await pullFromCluster({ store, operator: 'OP', serverUrl: cluster.url });
    assert.equal(same.inSync, true, JSON.stringify(same.accounts.map((a) => [a.name, a.status, a.missingOn])));
    assert.deepEqual(same.accounts.map((a) => [a.name, a.status, a.servers.length]), [['APP', 'same', 3], ['BILLING', 'same', 3], ['SYS', 'same', 3]]);

    await editAccount({ store, operator: 'OP', name: 'APP', limits: { payload: 4096 } });
    await addAccount({ store, operator: 'OP', name: 'NEW' });
    const gone = await addAccount({ store, operator: 'OP', name: 'GONE' });
    await pushToCluster({ store, operator: 'OP', accounts: ['GONE'], serverUrl: cluster.url });
    await deleteAccount({ store, operator: 'OP', name: 'GONE' });

    const r = await pullFromCluster({ store, operator: 'OP', serverUrl: cluster.servers[1].url });
    const status = Object.fromEntries(r.accounts.map((a) => [a.name, a.status]));
    assert.deepEqual(status, { APP: 'older-on-server', BILLING: 'same', GONE: 'unknown-on-server', NEW: 'missing-on-server', SYS: 'same' });
    assert.equal(r.inSync, false);
    const app = r.accounts.find((a) => a.name === 'APP');
    assert.ok(app?.storeIssuedAt && app.serverIssuedAt[0] <= app.storeIssuedAt);
    assert.equal(r.accounts.find((a) => a.name === 'GONE')?.publicKey, gone.publicKey);
    assert.deepEqual(r.accounts.find((a) => a.name === 'NEW')?.missingOn, r.servers);
    await pushToCluster({ store, operator: 'OP', accounts: ['APP'], serverUrl: cluster.url });
  });

  it('a rotated account signing key: the re-issued users log in on every server, a copy of the old creds is refused', async () => {
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'rotated' });
    const old = creds(user.credsPath);
    await loginEverywhere(old);
    const rotation = await rotateSigningKey({ store, operator: 'OP', account: 'APP', key: user.issuer });
    assert.ok(rotation.reissued.some((u) => u.name === 'rotated'));
    const r = await pushToCluster({ store, operator: 'OP', accounts: ['APP'], serverUrl: cluster.url });
    assert.equal(r.accounts[0].accepted, true, JSON.stringify(r.accounts[0].problems));
    assert.equal(r.accounts[0].changedSincePush, true);
    await loginEverywhere(creds(user.credsPath));
    for (const s of cluster.servers) await assertRefused(s.url, old);
  });
});
