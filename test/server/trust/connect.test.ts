import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Events, NatsConnection, StringCodec } from 'nats';
import { addAccount, addUser, createOperator, readStore, serverConfig, verifyJwt, anchorOf, parseJwt } from '../../../src/core/trust';
import { NatsServer, sleep, startServer } from '../../support/natsServer';
import { assertReferenceClean } from '../../support/referenceValidator';
import { connectWithCreds, tempRoot } from './helpers';

const sc = StringCodec();

describe('trust: users created here against a real nats-server (memory resolver from our server config)', function () {
  this.timeout(60_000);
  const tmp = tempRoot('connect');
  let server: NatsServer;
  const creds: Record<string, string> = {};
  const open: NatsConnection[] = [];

  async function login(name: string): Promise<NatsConnection> {
    const nc = await connectWithCreds(server.url, creds[name]);
    open.push(nc);
    return nc;
  }

  before(async () => {
    const { store } = tmp;
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true, signingKey: true });
    await addAccount({ store, operator: 'OP', name: 'TIERED', jetstream: { tiers: { R1: { streams: 1, diskStorage: 1 << 20, memStorage: 1 << 20 } } } });
    await addAccount({ store, operator: 'OP', name: 'NOJS' });
    const users: [string, string, Parameters<typeof addUser>[0]['signWith'], Partial<Parameters<typeof addUser>[0]>][] = [
      ['direct', 'APP', 'identity', {}],
      ['delegated', 'APP', 'signing-key', {}],
      ['limited', 'APP', undefined, { permissions: { pub: { allow: ['allowed.>'] }, sub: { allow: ['allowed.>', '_INBOX.>'] } } }],
      ['tiered', 'TIERED', undefined, {}],
      ['nojs', 'NOJS', undefined, {}],
    ];
    for (const [name, account, signWith, extra] of users) {
      const u = await addUser({ store, operator: 'OP', account, name, signWith, ...extra });
      creds[name] = fs.readFileSync(u.credsPath, 'utf8');
    }
    const config = await serverConfig({ store, operator: 'OP', resolver: 'memory' });
    assert.deepEqual(config.skipped, []);
    server = await startServer({ name: 'trust-mem', extraConfig: config.text });
  });

  after(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    await server?.stop();
    tmp.remove();
  });

  it('a user signed by the account key connects; one signed by an account signing key too, with issuer_account', async () => {
    const model = await readStore(tmp.store);
    const app = model.operators[0].accounts.find((a) => a.name === 'APP');
    assert.ok(app);
    const direct = app.users.find((u) => u.name === 'direct');
    const delegated = app.users.find((u) => u.name === 'delegated');
    assert.equal(direct?.signedBy, 'identity');
    assert.equal(direct?.issuerAccount, undefined);
    assert.equal(delegated?.signedBy, 'signing-key');
    assert.equal(delegated?.issuerAccount, app.publicKey);
    for (const name of ['direct', 'delegated']) {
      const nc = await login(name);
      const sub = nc.subscribe('hello.>', { max: 1 });
      nc.publish('hello.world', sc.encode(name));
      for await (const m of sub) assert.equal(sc.decode(m.data), name);
    }
  });

  it('uses JetStream in a JetStream-enabled account: creates a stream and publishes to it', async () => {
    const nc = await login('delegated');
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
    const ack = await nc.jetstream().publish('orders.1', sc.encode('one'));
    assert.equal(ack.stream, 'ORDERS');
    assert.equal(ack.seq, 1);
  });

  it('an account without JetStream limits has no JetStream', async () => {
    const nc = await login('nojs');
    await assert.rejects(async () => (await nc.jetstreamManager()).streams.add({ name: 'X', subjects: ['x'] }), /jetstream not enabled|503|no responders/i);
  });

  // nats-server 2.9.10 picks the tier from the stream's num_replicas as given: a stream without
  // num_replicas falls in tier "R0" and is refused ("no jetstream default or applicable tiered limit").
  it('holds to tiered (R1) JetStream limits: the second stream is refused with 10027', async () => {
    const nc = await login('tiered');
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'ONE', subjects: ['one'], max_bytes: 1000, num_replicas: 1 });
    await assert.rejects(jsm.streams.add({ name: 'TWO', subjects: ['two'], max_bytes: 1000, num_replicas: 1 }), (e: Error & { api_error?: { err_code?: number } }) => {
      assert.equal(e.api_error?.err_code, 10027, e.message);
      return true;
    });
  });

  it('holds users to their permissions: a denied subscribe throws, a denied publish is a PERMISSIONS_VIOLATION', async () => {
    const nc = await login('limited');
    const allowed = nc.subscribe('allowed.x', { max: 1 });
    nc.publish('allowed.x', sc.encode('ok'));
    for await (const m of allowed) assert.equal(sc.decode(m.data), 'ok');

    const denied = nc.subscribe('secret.x');
    await assert.rejects(
      (async () => {
        for await (const _ of denied) assert.fail('no message may arrive on a denied subscription');
      })(),
      (e: Error & { code?: string }) => e.code === 'PERMISSIONS_VIOLATION' && /Subscription to "secret.x"/.test(e.message),
    );

    const violations: string[] = [];
    const watching = (async () => {
      for await (const s of nc.status()) {
        if (s.type === Events.Error && s.data === 'PERMISSIONS_VIOLATION') violations.push(s.permissionContext?.subject ?? '');
      }
    })();
    nc.publish('secret.y', sc.encode('no'));
    await nc.flush();
    for (let i = 0; i < 40 && violations.length === 0; i++) await sleep(25);
    assert.deepEqual(violations, ['secret.y']);
    void watching;
  });

  it('our verifier agrees: every user JWT of the store is valid against its account', async () => {
    const model = await readStore(tmp.store);
    for (const account of model.operators[0].accounts) {
      assert.deepEqual(account.problems, [], account.name);
      for (const user of account.users) {
        assert.deepEqual(user.problems, [], `${account.name}/${user.name}`);
        const claims = parseJwt(account.jwt ?? '');
        assert.ok(claims.ok);
        assert.equal(verifyJwt(user.jwt ?? '', { expect: 'user', issuer: anchorOf(claims.jwt.claims) }).ok, true);
      }
    }
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store', async () => {
    await assertReferenceClean(tmp.root);
  });
});
