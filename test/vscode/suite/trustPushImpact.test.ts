/**
 * Push Account to Server against a real full-resolver nats-server, when the pushed JWT revokes a
 * user that is connected: it asks first, naming the disconnection with its figures, pushes nothing
 * without a yes, and with `confirmed: true` pushes and the server disconnects exactly that user.
 * A push that removes an export asks too, counting the importing account's connected users.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { connect, credsAuthenticator, NatsConnection } from 'nats';
import type { GenerateUserCredsCommandResult } from '../../../src/commands/trust/generateUserCreds';
import type { CreateOperatorResult, PushAccountResult, PushImpact, PushToClusterResult } from '../../../src/core/trust';
import { NatsServer, sleep, startOperatorServer } from '../../support/natsServer';
import { leaveWorkbenchClean, logContaining, runNatsCommand as run, TempStore, trustAccess, useTempStore } from './trustHelpers';

function login(url: string, credsFile: string): Promise<NatsConnection> {
  return connect({ servers: url, authenticator: credsAuthenticator(fs.readFileSync(credsFile)), reconnect: false, timeout: 5000 });
}

describe('trustPushImpact: Push Account to Server says whom it disconnects before it does', function () {
  this.timeout(90_000);
  let tmp: TempStore;
  let server: NatsServer | undefined;
  const conns: NatsConnection[] = [];
  let stays: NatsConnection | undefined;

  before(async () => {
    await trustAccess();
    tmp = await useTempStore();
    const created = await run<CreateOperatorResult>('createOperator', { name: 'IMPACT' });
    assert.ok(created?.systemAccount);
    assert.ok(await run('addAccount', { operator: 'IMPACT', name: 'APP' }));
    server = await startOperatorServer({ name: 'push-impact', operatorJwt: created.operator.jwt, systemAccount: created.systemAccount.publicKey, resolver: 'full', preload: { [created.systemAccount.publicKey]: created.systemAccount.jwt } });
  });

  after(async () => {
    await Promise.all(conns.map((nc) => nc.close().catch(() => undefined)));
    await server?.stop();
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('asks with the figures, pushes nothing without a yes, and when confirmed the server disconnects the revoked user', async () => {
    const url = server!.url;
    const pushed = await run<PushAccountResult & { impact?: PushImpact }>('pushAccount', { operator: 'IMPACT', account: 'APP', serverUrl: url });
    assert.equal(pushed?.accepted, true, JSON.stringify(pushed?.problems));
    assert.equal(pushed?.impact?.summary, '', 'a first push disconnects nobody and asks nothing');
    for (const name of ['stays', 'goes']) assert.ok(await run('addUser', { operator: 'IMPACT', account: 'APP', name }));
    const creds = async (user: string): Promise<string> => {
      const r = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'IMPACT', account: 'APP', user, folder: tmp.out, gitignore: false, overwrite: true });
      assert.ok(r);
      return r.path;
    };
    stays = await login(url, await creds('stays'));
    const goes = await login(url, await creds('goes'));
    conns.push(stays, goes);
    let goesClosed: string | undefined;
    void goes.closed().then((e) => (goesClosed = e?.message ?? 'closed'));
    assert.ok(await run('revokeUser', { operator: 'IMPACT', account: 'APP', user: 'goes', confirmed: true }));

    // Without `confirmed` it asks (the workbench refuses modal dialogs under test, naming the question).
    assert.equal(await run('pushAccount', { operator: 'IMPACT', account: 'APP', serverUrl: url }), undefined);
    await logContaining(await trustAccess(), /Push account 'APP' to .*\? Disconnects 1 connection of 1 revoked user/);
    await sleep(300);
    assert.equal(goesClosed, undefined, 'nothing was pushed without a yes');

    const r = await run<PushAccountResult & { impact?: PushImpact }>('pushAccount', { operator: 'IMPACT', account: 'APP', serverUrl: url, confirmed: true });
    assert.equal(r?.accepted, true, JSON.stringify(r?.problems));
    assert.deepEqual(r?.impact?.revoked.map((x) => [x.name, x.connections]), [['goes', 1]]);
    for (let i = 0; i < 100 && goesClosed === undefined; i++) await sleep(50);
    assert.match(goesClosed ?? '', /Revoked/i, 'the server disconnected the revoked user, as said');
    assert.equal(stays.isClosed(), false, 'the other user stays connected');
  });

  it('Push to Cluster asks too, naming the account and whom it disconnects, and pushes nothing without a yes', async () => {
    const url = server!.url;
    assert.ok(stays && !stays.isClosed());
    let closed: string | undefined;
    void stays.closed().then((e) => (closed = e?.message ?? 'closed'));
    assert.ok(await run('revokeUser', { operator: 'IMPACT', account: 'APP', user: 'stays', confirmed: true }));
    assert.equal(await run('pushToCluster', { operator: 'IMPACT', account: 'APP', serverUrl: url, showPage: false }), undefined);
    await logContaining(await trustAccess(), /Push account 'APP' to .*\? 'APP': Disconnects 1 connection of 1 revoked user/);
    await sleep(300);
    assert.equal(closed, undefined, 'nothing was pushed without a yes');
    const r = await run<PushToClusterResult>('pushToCluster', { operator: 'IMPACT', account: 'APP', serverUrl: url, showPage: false, confirmed: true });
    assert.equal(r?.ok, true, JSON.stringify(r?.accounts.map((a) => a.problems)));
    for (let i = 0; i < 100 && closed === undefined; i++) await sleep(50);
    assert.match(closed ?? '', /Revoked/i);
  });

  it('a push that removes an export asks first, counting the importing account\'s connected users; nobody is disconnected', async () => {
    const url = server!.url;
    for (const name of ['EXP', 'IMP']) assert.ok(await run('addAccount', { operator: 'IMPACT', name }));
    assert.ok(await run('addExport', { operator: 'IMPACT', account: 'EXP', subject: 'feed.>', type: 'stream' }));
    assert.ok(await run('addImport', { operator: 'IMPACT', account: 'IMP', fromAccount: 'EXP', subject: 'feed.>', type: 'stream' }));
    for (const account of ['EXP', 'IMP']) assert.equal((await run<PushAccountResult>('pushAccount', { operator: 'IMPACT', account, serverUrl: url }))?.accepted, true);
    assert.ok(await run('addUser', { operator: 'IMPACT', account: 'IMP', name: 'reader' }));
    const creds = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'IMPACT', account: 'IMP', user: 'reader', folder: tmp.out, gitignore: false, overwrite: true });
    assert.ok(creds);
    const reader = await login(url, creds.path);
    conns.push(reader);
    reader.subscribe('feed.>', { callback: () => undefined });
    await reader.flush();
    assert.ok(await run('removeExport', { operator: 'IMPACT', account: 'EXP', subject: 'feed.>', confirmed: true }));

    assert.equal(await run('pushAccount', { operator: 'IMPACT', account: 'EXP', serverUrl: url }), undefined);
    await logContaining(await trustAccess(), /Push account 'EXP' to .*\? Cuts 1 importing account off an export \(1 user, 1 connection connected there now\)/);
    const r = await run<PushAccountResult & { impact?: PushImpact }>('pushAccount', { operator: 'IMPACT', account: 'EXP', serverUrl: url, confirmed: true });
    assert.equal(r?.accepted, true, JSON.stringify(r?.problems));
    assert.deepEqual(r?.impact?.importLoss?.accounts.map((a) => [a.accountName, a.users, a.connections, a.subscribed]), [['IMP', 1, 1, 1]]);
    await sleep(300);
    assert.equal(reader.isClosed(), false, 'the importing account\'s user stays connected');
  });
});
