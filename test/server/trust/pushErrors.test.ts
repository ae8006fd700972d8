import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { addAccount, addUser, createOperator, pushAccount, PushAccountResult } from '../../../src/core/trust';
import { freePort, NatsServer, startOperatorServer, startServer } from '../../support/natsServer';
import { tempRoot } from './helpers';

/** Each way a push can fail says what it means and what to do, measured against nats-server. */
describe('trust: a failed push says why and what to do', function () {
  this.timeout(60_000);
  const tmp = tempRoot('push-errors');
  const servers: NatsServer[] = [];
  let operatorJwt: string;
  let sysCreds: string;
  let appCreds: string;
  let appJwt: string;
  let full: NatsServer;
  let sysPreload: Record<string, string>;
  let sysAccount: string;

  before(async () => {
    const { store } = tmp;
    const op = await createOperator({ store, name: 'OP' });
    assert.ok(op.systemUser && op.systemAccount);
    operatorJwt = op.operator.jwt;
    sysCreds = fs.readFileSync(op.systemUser.credsPath, 'utf8');
    const app = await addAccount({ store, operator: 'OP', name: 'APP' });
    appJwt = app.jwt;
    appCreds = fs.readFileSync((await addUser({ store, operator: 'OP', account: 'APP', name: 'u' })).credsPath, 'utf8');
    const preload = { [op.systemAccount.publicKey]: op.systemAccount.jwt, [app.publicKey]: appJwt };
    sysPreload = { [op.systemAccount.publicKey]: op.systemAccount.jwt };
    sysAccount = op.systemAccount.publicKey;
    full = await startOperatorServer({ name: 'push-full', operatorJwt, systemAccount: op.systemAccount.publicKey, resolver: 'full', preload });
    servers.push(full);
  });

  after(async () => {
    for (const s of servers) await s.stop();
    tmp.remove();
  });

  const push = (serverUrl: string, creds = sysCreds): Promise<PushAccountResult> =>
    pushAccount({ serverUrl, systemUserCreds: creds, accountJwt: appJwt, operatorJwt, timeoutMs: 1500 });

  const pushProblem = async (serverUrl: string, creds = sysCreds, withOperator = true): Promise<string> => {
    const r = await pushAccount({ serverUrl, systemUserCreds: creds, accountJwt: appJwt, ...(withOperator ? { operatorJwt } : {}), timeoutMs: 1500 });
    assert.equal(r.accepted, false);
    const failed = r.problems.filter((p) => p.code === 'push-failed');
    assert.equal(failed.length, 1, JSON.stringify(r.problems));
    return failed[0].message;
  };

  it('a server not in operator mode (503 no responders): says so and points at Generate Server Config', async () => {
    const plain = await startServer({ name: 'push-plain' });
    servers.push(plain);
    const message = await pushProblem(plain.url);
    assert.match(message, new RegExp(`the server at ${plain.url} asks for no credentials, so it is not in operator mode`));
    assert.match(message, /Generate Server Config \(resolver: full\)/);
  });

  it('an operator-mode server with a MEMORY resolver (nats-server 2.9.10 answers 503 too): no resolver that takes updates', async () => {
    const mem = await startOperatorServer({ name: 'push-mem', operatorJwt, systemAccount: sysAccount, resolver: 'memory', preload: sysPreload });
    servers.push(mem);
    const message = await pushProblem(mem.url);
    assert.match(message, new RegExp(`the server at ${mem.url} has no account resolver that takes updates`));
    assert.match(message, /MEMORY/);
    assert.match(message, /Generate Server Config \(resolver: full\)/);
  });

  it('creds of a user outside the system account (503 no responders, no permissions violation): names the account', async () => {
    const message = await pushProblem(full.url, appCreds);
    assert.match(message, /the credentials are of a user of account A\w+, not of the operator's system account A\w+/);
    assert.match(message, /push with the credentials of a system account user/);
    // Without the operator JWT the account cannot be compared: the server-side cases are named.
    const blind = await pushProblem(full.url, appCreds, false);
    assert.match(blind, new RegExp(`the server at ${full.url} does not take this user as a system account user`));
  });

  it('an unreachable URL: says nothing answers there', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    await assert.rejects(push(url), (e: Error) => {
      assert.match(e.message, new RegExp(`cannot connect to ${url} as the system user: nothing answers there \\(CONNECTION_REFUSED\\): is the server running`));
      return true;
    });
  });

  it("the system user of another operator: the server does not let it in, and the message says which creds to use", async () => {
    const other = await createOperator({ store: tmp.store, name: 'OTHER' });
    assert.ok(other.systemUser);
    await assert.rejects(push(full.url, fs.readFileSync(other.systemUser.credsPath, 'utf8')), (e: Error) => {
      assert.match(e.message, new RegExp(`the server at ${full.url} (did not let the system user in|refused the system user's credentials)`));
      assert.match(e.message, /this operator's system account user/);
      return true;
    });
  });

  it('several URLs are named as servers', async () => {
    const a = `nats://127.0.0.1:${await freePort()}`;
    const message = await pushProblem(`${full.url},${a}`, appCreds, false);
    assert.equal(message.includes(`the servers at ${full.url}, ${a} do not take this user as a system account user`), true, message);
  });
});
