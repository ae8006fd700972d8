/**
 * The trust commands against real nats-server processes started here: a server configured with
 * the output of Generate Server Config accepts the .creds written by Generate User Credentials
 * (JetStream included) and holds the users to their permissions; an account pushed with Push
 * Account to Server becomes usable on a full-resolver server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, credsAuthenticator, Events, NatsConnection, StringCodec } from 'nats';
import * as vscode from 'vscode';
import type { GenerateServerConfigCommandResult } from '../../../src/commands/trust/generateServerConfig';
import type { GenerateUserCredsCommandResult } from '../../../src/commands/trust/generateUserCreds';
import type { CreateOperatorResult, PushAccountResult } from '../../../src/core/trust';
import { NatsServer, sleep, startOperatorServer, startServer } from '../../support/natsServer';
import { assertNoSeed, logText, seedsOf, TempStore, trustAccess, useTempStore, leaveWorkbenchClean } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);
const sc = StringCodec();

async function credsFor(tmp: TempStore, operator: string, account: string, user: string): Promise<string> {
  const r = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator, account, user, folder: tmp.out, gitignore: false, overwrite: true });
  assert.ok(r, `credentials of ${user}`);
  return r.path;
}

function login(url: string, credsFile: string): Promise<NatsConnection> {
  return connect({ servers: url, authenticator: credsAuthenticator(fs.readFileSync(credsFile)), reconnect: false, timeout: 5000 });
}

describe('trust: commands against a real nats-server', function () {
  this.timeout(90_000);
  let tmp: TempStore;
  let servers: NatsServer[] = [];
  let created: CreateOperatorResult;

  before(async () => {
    await trustAccess();
    tmp = await useTempStore();
    const r = await run<CreateOperatorResult>('createOperator', { name: 'LIVE' });
    assert.ok(r);
    created = r;
    assert.ok(await run('addAccount', { operator: 'LIVE', name: 'JS', jetstream: true }));
    assert.ok(await run('addUser', { operator: 'LIVE', account: 'JS', name: 'app' }));
    assert.ok(await run('addUser', { operator: 'LIVE', account: 'JS', name: 'limited', permissions: { pub: { allow: ['allowed.>'] }, sub: { allow: ['allowed.>', '_INBOX.>'] } } }));
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('a server running the generated config accepts the generated .creds, with JetStream and permissions', async () => {
    const outFile = path.join(tmp.out, 'auth.conf');
    const config = await run<GenerateServerConfigCommandResult>('generateServerConfig', { operator: 'LIVE', resolver: 'memory', outFile });
    assert.ok(config);
    const server = await startServer({ name: 'trust-memory', extraConfig: fs.readFileSync(outFile, 'utf8') });
    servers.push(server);

    const nc = await login(server.url, await credsFor(tmp, 'LIVE', 'JS', 'app'));
    try {
      const sub = nc.subscribe('hello', { max: 1 });
      nc.publish('hello', sc.encode('world'));
      for await (const m of sub) assert.equal(sc.decode(m.data), 'world');
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
      await nc.jetstream().publish('orders.1', sc.encode('one'));
      assert.equal((await jsm.streams.info('ORDERS')).state.messages, 1);
    } finally {
      await nc.close();
    }

    const limited = await login(server.url, await credsFor(tmp, 'LIVE', 'JS', 'limited'));
    try {
      const violations: string[] = [];
      const watching = (async () => {
        for await (const s of limited.status()) {
          if (s.type === Events.Error && s.data === 'PERMISSIONS_VIOLATION') violations.push(s.permissionContext?.subject ?? '');
        }
      })();
      const ok = limited.subscribe('allowed.x', { max: 1 });
      limited.publish('allowed.x', sc.encode('ok'));
      for await (const m of ok) assert.equal(sc.decode(m.data), 'ok');
      limited.publish('secret.y', sc.encode('no'));
      await limited.flush();
      for (let i = 0; i < 80 && violations.length === 0; i++) await sleep(25);
      assert.deepEqual(violations, ['secret.y']);
      void watching;
    } finally {
      await limited.close();
    }
  });

  it('Push Account to Server makes a new account usable on a full-resolver server, and says so', async () => {
    const sys = created.systemAccount;
    assert.ok(sys);
    const server = await startOperatorServer({ name: 'trust-full', operatorJwt: created.operator.jwt, systemAccount: sys.publicKey, resolver: 'full', preload: { [sys.publicKey]: sys.jwt } });
    servers.push(server);
    assert.ok(await run('addAccount', { operator: 'LIVE', name: 'PUSHED', jetstream: true }));
    assert.ok(await run('addUser', { operator: 'LIVE', account: 'PUSHED', name: 'worker' }));
    const creds = await credsFor(tmp, 'LIVE', 'PUSHED', 'worker');
    await assert.rejects(login(server.url, creds), 'the server does not know the account before the push');

    const r = await run<PushAccountResult>('pushAccount', { operator: 'LIVE', account: 'PUSHED', serverUrl: server.url });
    assert.ok(r);
    assert.equal(r.accepted, true, JSON.stringify(r.problems));
    assert.equal(r.works, true, r.check);
    assert.match(r.check ?? '', /reached JetStream/);
    const nc = await login(server.url, creds);
    await nc.close();
    assertNoSeed(logText(await trustAccess()), seedsOf(tmp.store), 'the log');
  });

  it('Push Account to Server offers the active connection as the URL, and says the server there is not in operator mode', async () => {
    const server = await startServer({ name: 'trust-active' });
    servers.push(server);
    const connection = 'push-default-url';
    assert.equal((await vscode.commands.executeCommand<{ ok: boolean }>('natsWorkbench.addConnection', { name: connection, url: server.url }))?.ok, true);
    try {
      assert.equal((await vscode.commands.executeCommand<{ ok: boolean }>('natsWorkbench.connect', { name: connection }))?.ok, true);
      let settled = false;
      const pushing = run<PushAccountResult>('pushAccount', { operator: 'LIVE', account: 'JS', timeoutMs: 1500 });
      void Promise.resolve(pushing).finally(() => (settled = true));
      for (let i = 0; i < 100 && !settled; i++) {
        await sleep(100);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // takes the offered URL as it is
      }
      const r = await pushing;
      assert.ok(r);
      assert.equal(r.accepted, false);
      const message = r.problems.map((p) => p.message).join('; ');
      assert.ok(message.includes(`the server at ${server.url} asks for no credentials, so it is not in operator mode`), message);
    } finally {
      await vscode.commands.executeCommand('natsWorkbench.disconnect');
      await vscode.commands.executeCommand('natsWorkbench.removeConnection', { name: connection, confirm: true });
    }
  });

  it('Push Account to Server reports a server without a full resolver', async () => {
    const server = await startServer({ name: 'trust-plain' });
    servers.push(server);
    const r = await run<PushAccountResult>('pushAccount', { operator: 'LIVE', account: 'JS', serverUrl: server.url, timeoutMs: 1500 });
    assert.ok(r);
    assert.equal(r.accepted, false, 'no resolver answered the claims update');
    assert.ok(r.problems.some((p) => p.code === 'push-failed'), JSON.stringify(r.problems));
  });
});
