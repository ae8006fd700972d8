/**
 * Names and subjects beyond ASCII, decided by a real nats-server 2.9.10 and read back by nats-io's Go
 * jwt/v2 (the reference validator). Claims used to be Latin-1 (`é` became a byte Go reads as U+FFFD,
 * so a deny on `café.>` protected nothing) and anything above U+00FF threw half-way through `init`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Events, NatsConnection, StringCodec } from 'nats';
import { main } from '../../../src/cli';
import { addAccount, addUser, createOperator, paths, serverConfig, storeAt } from '../../../src/core/trust';
import { NatsServer, sleep, startServer } from '../../support/natsServer';
import { assertReferenceClean, recordOf } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, tempRoot } from './helpers';

const sc = StringCodec();

/** Subjects whose publish the server refused (PERMISSIONS_VIOLATION), after `act`. */
async function refusedPublishes(nc: NatsConnection, act: () => void): Promise<string[]> {
  const violations: string[] = [];
  const watching = (async () => {
    for await (const s of nc.status()) {
      if (s.type === Events.Error && s.data === 'PERMISSIONS_VIOLATION') violations.push(s.permissionContext?.subject ?? '');
    }
  })();
  act();
  await nc.flush();
  for (let i = 0; i < 40 && violations.length === 0; i++) await sleep(25);
  void watching;
  return violations;
}

function quietIo(cwd: string): { cwd: string; stdout: { write(t: string): void }; stderr: { write(t: string): void } } {
  return { cwd, stdout: { write: () => undefined }, stderr: { write: (t: string) => void process.stderr.write(t) } };
}

async function roundTrip(nc: NatsConnection, subject: string): Promise<void> {
  const sub = nc.subscribe(subject, { max: 1 });
  nc.publish(subject, sc.encode(subject));
  for await (const m of sub) assert.equal(sc.decode(m.data), subject);
}

describe('trust: a deny on a non-ASCII subject holds on a real nats-server', function () {
  this.timeout(60_000);
  const tmp = tempRoot('utf8-deny');
  let server: NatsServer;
  let nc: NatsConnection | undefined;

  before(async () => {
    // As the issue reproduced it, through the CLI.
    const credsFile = path.join(tmp.root, 'guarded.creds');
    for (const argv of [
      ['init', '--store', tmp.root, '--operator', 'OP'],
      ['account', 'add', '--store', tmp.root, '--operator', 'OP', '--name', 'APP'],
      ['user', 'add', '--store', tmp.root, '--operator', 'OP', '--account', 'APP', '--name', 'guarded', '--deny-pub', 'café.>', '--deny-sub', 'café.>', '--creds', credsFile],
    ]) {
      assert.equal(await main(argv, quietIo(tmp.root)), 0, argv.join(' '));
    }
    const config = await serverConfig({ store: tmp.store, operator: 'OP', resolver: 'memory' });
    server = await startServer({ name: 'trust-utf8-deny', extraConfig: config.text });
    nc = await connectWithCreds(server.url, fs.readFileSync(credsFile, 'utf8'));
  });

  after(async () => {
    await nc?.close().catch(() => undefined);
    await server?.stop();
    tmp.remove();
  });

  it("a user denied 'café.>' cannot publish to 'café.secret' nor subscribe to it, and is allowed elsewhere (even 'cafe.x')", async () => {
    assert.ok(nc);
    await roundTrip(nc, 'cafe.x');
    await roundTrip(nc, 'thé.x');
    assert.deepEqual(await refusedPublishes(nc, () => nc?.publish('café.secret', sc.encode('no'))), ['café.secret']);
    const denied = nc.subscribe('café.secret');
    await assert.rejects(
      (async () => {
        for await (const _ of denied) assert.fail('no message may arrive on a denied subscription');
      })(),
      (e: Error & { code?: string }) => e.code === 'PERMISSIONS_VIOLATION',
    );
  });

  it('the reference validator reads the deny exactly as written', async () => {
    const records = await assertReferenceClean(tmp.root);
    const user = recordOf(records, 'stores/OP/accounts/APP/users/guarded.jwt').decoded;
    assert.deepEqual(user?.pub, { deny: ['café.>'] });
    assert.deepEqual(user?.sub_perm, { deny: ['café.>'] });
  });
});

describe("trust: operator 'op🚀' with non-ASCII accounts and users, end to end", function () {
  this.timeout(60_000);
  const tmp = tempRoot('utf8');
  const OP = 'op🚀';
  const ACC = 'café中';
  const USERS = ['usér', '用户', '🚀-rocket', 'e\u0301-combining'];
  const DESCRIPTION = 'Équipe 中文 🚀 e\u0301';
  const TAGS = ['équipe', '中文'];
  const PERMS = { pub: { allow: ['café.>', '中文.*', '🚀', '_INBOX.>', '$JS.API.>'] }, sub: { allow: ['café.>', '中文.*', '🚀', '_INBOX.>'], deny: ['café.secret'] } };
  let server: NatsServer;
  const creds: Record<string, string> = {};

  before(async () => {
    const { store } = tmp;
    await createOperator({ store, name: OP });
    await addAccount({
      store, operator: OP, name: ACC, signingKey: true, description: DESCRIPTION, tags: TAGS,
      jetstream: { tiers: { R1: { streams: 2, diskStorage: 1 << 20, memStorage: 1 << 20 }, R3: { streams: 1, diskStorage: 1 << 20 } } },
    });
    for (const name of USERS) {
      const u = await addUser({ store, operator: OP, account: ACC, name, permissions: PERMS, tags: [name] });
      creds[name] = fs.readFileSync(u.credsPath, 'utf8');
    }
    const expired = await addUser({ store, operator: OP, account: ACC, name: 'périmé', expires: new Date(Date.now() - 60_000) });
    creds['périmé'] = fs.readFileSync(expired.credsPath, 'utf8');
    const config = await serverConfig({ store, operator: OP, resolver: 'memory' });
    assert.deepEqual(config.skipped, []);
    server = await startServer({ name: 'trust-utf8', extraConfig: config.text });
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  it('every user logs in with its creds and uses its non-ASCII subjects; the expired one is refused', async () => {
    for (const name of USERS) {
      const nc = await connectWithCreds(server.url, creds[name]);
      try {
        for (const subject of ['café.x', '中文.y', '🚀']) await roundTrip(nc, subject);
      } finally {
        await nc.close();
      }
    }
    await assertRefused(server.url, creds['périmé']);
  });

  it('the account holds to its R1 tier on the server', async () => {
    const nc = await connectWithCreds(server.url, creds[USERS[0]]);
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'ONE', subjects: ['café.one'], max_bytes: 1000, num_replicas: 1 });
      await jsm.streams.add({ name: 'TWO', subjects: ['café.two'], max_bytes: 1000, num_replicas: 1 });
      await assert.rejects(jsm.streams.add({ name: 'THREE', subjects: ['café.three'], max_bytes: 1000, num_replicas: 1 }), (e: Error & { api_error?: { err_code?: number } }) => {
        assert.equal(e.api_error?.err_code, 10027, e.message);
        return true;
      });
    } finally {
      await nc.close();
    }
  });

  it('the reference validator reads every name, subject, tag and description byte for byte, both tiers, and the expired user as expired', async () => {
    const records = await assertReferenceClean(tmp.root, [
      { file: `stores/${OP}/accounts/${ACC}/users/périmé.jwt`, code: 'expired' },
      { file: `keys/creds/${OP}/${ACC}/périmé.creds`, code: 'expired' },
    ]);
    assert.equal(recordOf(records, `stores/${OP}/${OP}.jwt`).decoded?.name, OP);
    const account = recordOf(records, `stores/${OP}/accounts/${ACC}/${ACC}.jwt`).decoded;
    assert.equal(account?.name, ACC);
    assert.equal(account?.description, DESCRIPTION);
    assert.deepEqual(account?.tags, TAGS);
    assert.equal(account?.jetstream, true);
    assert.deepEqual(Object.keys(account?.tiers ?? {}).sort(), ['R1', 'R3']);
    assert.equal(account?.tiers?.R1.streams, 2);
    assert.equal(account?.tiers?.R3.streams, 1);
    for (const name of USERS) {
      for (const file of [`stores/${OP}/accounts/${ACC}/users/${name}.jwt`, `keys/creds/${OP}/${ACC}/${name}.creds`]) {
        const user = recordOf(records, file).decoded;
        assert.equal(user?.name, name, file);
        assert.deepEqual(user?.tags, [name], file);
        assert.deepEqual(user?.pub, PERMS.pub, file);
        assert.deepEqual(user?.sub_perm, PERMS.sub, file);
      }
    }
  });

  it("the CLI's init, account add and user add take non-ASCII names and leave a complete store", async () => {
    const out: string[] = [];
    const io = { cwd: tmp.root, stdout: { write: (t: string) => void out.push(t) }, stderr: { write: (t: string) => void out.push(t) } };
    const cliStore = path.join(tmp.root, 'cli');
    assert.equal(await main(['init', '--store', cliStore, '--operator', OP], io), 0, out.join(''));
    assert.equal(await main(['account', 'add', '--store', cliStore, '--operator', OP, '--name', ACC], io), 0, out.join(''));
    const credsFile = path.join(tmp.root, 'üser.creds');
    assert.equal(await main(['user', 'add', '--store', cliStore, '--operator', OP, '--account', ACC, '--name', 'üser', '--deny-pub', 'café.>', '--creds', credsFile], io), 0, out.join(''));
    const store = storeAt(cliStore);
    assert.ok(fs.existsSync(paths.operatorJwt(store, OP)) && fs.existsSync(paths.marker(store, OP)), 'the operator JWT and the .nsc marker exist');
    const records = await assertReferenceClean(cliStore);
    assert.deepEqual(recordOf(records, `stores/${OP}/accounts/${ACC}/users/üser.jwt`).decoded?.pub, { deny: ['café.>'] });
  });
});
