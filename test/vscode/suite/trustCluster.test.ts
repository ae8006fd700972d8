/**
 * Push to Cluster, Rotate Signing Key and Compare to Cluster in a real extension host, called with
 * argument objects, against a 3-node operator-mode cluster with full resolvers started here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import { AccountResult, CreateOperatorResult, parseCreds, PullFromClusterResult, PushToClusterResult, RemoveSigningKeyResult, RotateSigningKeyResult, UserResult } from '../../../src/core/trust';
import { Cluster } from '../../support/natsServer';
import { startOperatorCluster } from '../../support/operatorCluster';
import { eventually } from './helpers';
import { leaveWorkbenchClean, logContaining, nodeAt, shown, TempStore, trustAccess, useTempStore } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

describe('trust: push to a cluster, rotate a signing key, compare (editor)', function () {
  this.timeout(120_000);
  let access: TrustTestAccess;
  let tmp: TempStore;
  let cluster: Cluster | undefined;
  let account: AccountResult;
  let user: UserResult;

  const pageText = (title: string): Promise<string> =>
    eventually(`the page '${title}'`, () => access.context.services.pages.openPages().find((p) => p.panel.title === title && p.panel.webview.html.includes('</main>'))?.panel.webview.html);

  before(async () => {
    access = await trustAccess();
    tmp = await useTempStore();
    const op = await run<CreateOperatorResult>('createOperator', { name: 'ROT' });
    assert.ok(op?.systemAccount);
    const acc = await run<AccountResult>('addAccount', { operator: 'ROT', name: 'APP', signingKey: true });
    assert.ok(acc?.signingKey);
    account = acc;
    const u = await run<UserResult>('addUser', { operator: 'ROT', account: 'APP', name: 'svc' });
    assert.ok(u);
    user = u;
    cluster = await startOperatorCluster({ name: 'vsc', operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
  });

  after(async () => {
    await cluster?.stop();
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('Push to Cluster on an operator pushes every account and shows the servers that stored each', async () => {
    assert.ok(cluster);
    const r = await run<PushToClusterResult>('pushToCluster', { operator: 'ROT', serverUrl: cluster.servers[0].url });
    assert.ok(r, 'the push returned a result');
    const names = cluster.servers.map((s) => s.name).sort();
    assert.deepEqual(r.servers, names);
    assert.deepEqual(r.accounts.map((a) => [a.name, a.stored, a.works]), [['APP', names, true], ['SYS', names, true]]);
    const html = await pageText(`Push of the accounts of operator 'ROT' to ${cluster.servers[0].url}`);
    assert.match(html, new RegExp(`3 of 3: ${names.join(', ')}`));
  });

  it('Rotate Signing Key re-issues the user and rewrites its .creds; the tree lists the new key; Compare to Cluster shows APP older there', async () => {
    assert.ok(cluster);
    const old = fs.readFileSync(user.credsPath, 'utf8');
    const r = await run<RotateSigningKeyResult>('rotateSigningKey', { operator: 'ROT', account: 'APP', signingKey: account.signingKey, confirmed: true });
    assert.ok(r, 'the rotation returned a result');
    assert.deepEqual(r.reissued.map((u) => u.name), ['svc']);
    const creds = parseCreds(fs.readFileSync(user.credsPath, 'utf8'));
    assert.notEqual(creds.jwt, parseCreds(old).jwt, 'the keystore .creds holds the re-issued JWT');
    const keys = (await shown(access, (await nodeAt(access, ['ROT', 'APP'])).node)).map((c) => c.node.target.signingKey).filter(Boolean);
    assert.deepEqual(keys, [r.newKey], 'the tree lists the new key only');

    const pulled = await run<PullFromClusterResult>('compareWithCluster', { operator: 'ROT', serverUrl: cluster.url });
    assert.ok(pulled);
    assert.deepEqual(pulled.accounts.map((a) => [a.name, a.status]), [['APP', 'older-on-server'], ['SYS', 'same']]);
    assert.match(await pageText(`Operator ROT compared with ${cluster.url}`), /older on the cluster than in the store: push it/);
  });

  it('Rotate and Remove Signing Key name what they need when no key is given; Remove Signing Key by argument object removes it', async () => {
    assert.equal(await run('rotateSigningKey', { operator: 'ROT', account: 'APP', confirmed: true }), undefined);
    await logContaining(access, 'Rotate Signing Key works on a signing key of the Operators view');
    const sk = await run<{ publicKey: string }>('addSigningKey', { operator: 'ROT', account: 'APP' });
    assert.ok(sk);
    const removed = await run<RemoveSigningKeyResult>('removeSigningKey', { operator: 'ROT', account: 'APP', signingKey: sk.publicKey, confirmed: true });
    assert.equal(removed?.publicKey, sk.publicKey);
    const keys = (await shown(access, (await nodeAt(access, ['ROT', 'APP'])).node)).map((c) => c.node.target.signingKey).filter(Boolean);
    assert.equal(keys.includes(sk.publicKey), false);
  });
});
