/**
 * What an account push does to running clients on a 3-node operator cluster: the connections are
 * counted on every server, and the count a lower `conn` limit closes is what the cluster closes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { NatsConnection } from 'nats';
import { addAccount, addUser, createOperator, editAccount, planPushToCluster, pushToCluster } from '../../../src/core/trust';
import { Cluster, sleep, waitFor } from '../../support/natsServer';
import { startOperatorCluster } from '../../support/operatorCluster';
import { connectWithCreds, tempRoot } from './helpers';
import { assertReferenceClean } from '../../support/referenceValidator';

describe('trust: an account push on a 3-node operator cluster, its impact predicted and checked', function () {
  this.timeout(120_000);
  const tmp = tempRoot('push-impact-cluster');
  const { store } = tmp;
  let cluster: Cluster;
  const conns: NatsConnection[] = [];

  before(async () => {
    const op = await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    assert.ok(op.systemAccount);
    cluster = await startOperatorCluster({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
  });

  after(async () => {
    await Promise.all(conns.map((nc) => nc.close().catch(() => undefined)));
    await cluster?.stop();
    tmp.remove();
  });

  it('counts the connections on every server; for a lower conn limit the cluster closes at least those beyond it on each server, at most the total beyond it', async () => {
    const url = cluster.servers[0].url;
    assert.equal((await pushToCluster({ store, operator: 'OP', serverUrl: url, accounts: ['APP'] })).ok, true);
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'spread' });
    const creds = fs.readFileSync(user.credsPath, 'utf8');
    for (const s of cluster.servers) for (let i = 0; i < 2; i++) conns.push(await connectWithCreds(s.url, creds));
    const closed: (string | undefined)[] = conns.map(() => undefined);
    conns.forEach((nc, i) => void nc.closed().then((e) => (closed[i] = e?.message ?? 'closed')));

    await editAccount({ store, operator: 'OP', name: 'APP', limits: { connections: 1 } });
    const [plan] = await planPushToCluster({ store, operator: 'OP', serverUrl: url, accounts: ['APP'] });
    assert.equal(plan.name, 'APP');
    assert.equal(plan.impact.open, 6, 'two connections on each of the 3 servers');
    assert.deepEqual(plan.impact.connectionsCut, { limit: 1, open: 6, cut: 5, atOnce: 3 });
    assert.match(plan.impact.summary, /^Closes 3 to 5 of 6 connections \(limit 1\)\.$/);
    assert.ok(plan.impact.lines.some((l) => l.startsWith('Figures from 3 servers that answered')), plan.impact.lines.join('\n'));

    // The push's own login check may not get in either: only the stored replies matter here.
    const pushed = await pushToCluster({ store, operator: 'OP', serverUrl: url, accounts: ['APP'] });
    assert.equal(pushed.accounts[0].stored.length, 3);
    await waitFor('each server to close its own beyond the limit', 10_000, () => (closed.filter((c) => c !== undefined).length >= 3 ? true : undefined));
    await sleep(1000);
    const reasons = closed.filter((c): c is string => c !== undefined);
    assert.ok(reasons.length >= 3 && reasons.length <= 5, `closed within the range said: ${JSON.stringify(closed)}`);
    for (let s = 0; s < 3; s++) assert.ok(closed[2 * s] !== undefined || closed[2 * s + 1] !== undefined, `server ${s} closed one of its own`);
    for (const r of reasons) assert.match(r, /maximum account active connections exceeded/);
  });
  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store', async () => {
    await assertReferenceClean(tmp.root);
  });
});
