/**
 * Scoped signing keys (nsc `edit signing-key --role`) on a real nats-server 2.9.10: a user signed
 * by a scoped key gets exactly the role's template; one that carries permissions or limits of its
 * own is refused by the server and reported by our reader.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NatsConnection, StringCodec } from 'nats';
import { addAccount, addSigningKey, addUser, createOperator, encodeUserJwt, formatCreds, NKey, parseJwt, paths, readStore, serverConfig, UserEntry } from '../../../src/core/trust';
import { NatsServer, startServer } from '../../support/natsServer';
import { keyOf, signClaims } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, publishViolations, tempRoot } from './helpers';

const sc = StringCodec();

async function assertSubscribeDenied(nc: NatsConnection, subject: string): Promise<void> {
  const sub = nc.subscribe(subject);
  await assert.rejects(
    (async () => {
      for await (const _ of sub) assert.fail(`no message may arrive on the denied subscription ${subject}`);
    })(),
    (e: Error & { code?: string }) => e.code === 'PERMISSIONS_VIOLATION' && e.message.includes(`Subscription to "${subject}"`),
  );
}

describe('trust: scoped signing keys against a real nats-server (memory resolver)', function () {
  this.timeout(60_000);
  const tmp = tempRoot('scoped');
  let server: NatsServer;
  let scopedKey: string;
  const creds: Record<string, string> = {};
  const open: NatsConnection[] = [];

  async function login(name: string): Promise<NatsConnection> {
    const nc = await connectWithCreds(server.url, creds[name]);
    open.push(nc);
    return nc;
  }

  /** Writes a user signed by the scoped key with claims our operations refuse to make, as another tool could. */
  async function writeForeignUser(name: string, nats: Record<string, unknown> | undefined): Promise<void> {
    const { store } = tmp;
    const app = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
    assert.ok(app.ok);
    const signingKey = keyOf(store, scopedKey);
    const user = NKey.generate('user');
    let jwt = await encodeUserJwt({ name, user, account: app.jwt.claims.sub, signingKey, scoped: nats !== undefined });
    if (nats) {
      const parsed = parseJwt(jwt);
      assert.ok(parsed.ok);
      jwt = signClaims({ ...parsed.jwt.claims, nats: { ...parsed.jwt.claims.nats, ...nats } }, signingKey);
    }
    const file = paths.userJwt(store, 'OP', 'APP', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, jwt);
    fs.mkdirSync(path.dirname(paths.seed(store, user.publicKey)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(paths.seed(store, user.publicKey), user.seed(), { mode: 0o600 });
    creds[name] = formatCreds(jwt, user);
  }

  before(async () => {
    const { store } = tmp;
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    const sk = await addSigningKey({
      store,
      operator: 'OP',
      account: 'APP',
      scope: {
        role: 'orders',
        template: {
          permissions: { pub: { allow: ['orders.>'] }, sub: { allow: ['orders.>', '_INBOX.>'], deny: ['orders.secret'] } },
        },
      },
    });
    scopedKey = sk.publicKey;
    const scoped = await addUser({ store, operator: 'OP', account: 'APP', name: 'scoped', signWith: 'orders' });
    creds.scoped = fs.readFileSync(scoped.credsPath, 'utf8');
    // The default signer is the account key, not the scoped key: the user keeps the permissions asked for.
    const own = await addUser({ store, operator: 'OP', account: 'APP', name: 'own', permissions: { pub: { allow: ['billing.>'] }, sub: { allow: ['billing.>'] } } });
    creds.own = fs.readFileSync(own.credsPath, 'utf8');
    // What `user add` wrote before: signed by the scoped key, with the unlimited -1 limits.
    await writeForeignUser('limits', undefined);
    await writeForeignUser('perms', { pub: { allow: ['orders.>'] } });
    const config = await serverConfig({ store, operator: 'OP', resolver: 'memory' });
    server = await startServer({ name: 'trust-scoped', extraConfig: config.text, debug: true });
  });

  after(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    await server?.stop();
    tmp.remove();
  });

  it('a user signed by a scoped key carries no permissions or limits and is read with its role', async () => {
    const model = await readStore(tmp.store);
    const app = model.operators[0].accounts.find((a) => a.name === 'APP');
    assert.ok(app);
    const key = app.signingKeys.find((k) => k.publicKey === scopedKey);
    assert.equal(key?.scope?.role, 'orders');
    assert.equal(key?.scope?.description, undefined);
    assert.deepEqual(key?.scope?.template.pub, { allow: ['orders.>'] });
    const user = app.users.find((u) => u.name === 'scoped');
    assert.deepEqual(user?.problems, []);
    assert.equal(user?.scope?.role, 'orders');
    assert.equal(user?.claims?.iss, scopedKey);
    const nats = user?.claims?.nats ?? {};
    assert.deepEqual(Object.keys(nats).sort(), ['issuer_account', 'type', 'version']);
  });

  it('logs in and gets exactly the template: allowed publish works, other subjects are violations, denied subscribes throw', async () => {
    const nc = await login('scoped');
    const sub = nc.subscribe('orders.new', { max: 1 });
    nc.publish('orders.new', sc.encode('one'));
    for await (const m of sub) assert.equal(sc.decode(m.data), 'one');
    assert.deepEqual(await publishViolations(nc, 'billing.x'), ['billing.x']);
    await assertSubscribeDenied(nc, 'orders.secret');
    const nc2 = await login('scoped');
    await assertSubscribeDenied(nc2, 'billing.>');
  });

  it('the default signer is not the scoped key: a user with its own permissions gets those', async () => {
    const nc = await login('own');
    const sub = nc.subscribe('billing.1', { max: 1 });
    nc.publish('billing.1', sc.encode('b'));
    for await (const m of sub) assert.equal(sc.decode(m.data), 'b');
    assert.deepEqual(await publishViolations(nc, 'orders.new'), ['orders.new']);
  });

  it('refuses a scoped user that carries limits or permissions, and our reader reports both', async () => {
    for (const name of ['limits', 'perms']) await assertRefused(server.url, creds[name]);
    assert.match(server.log(), /scoped users require no permissions or limits set/);
    const model = await readStore(tmp.store);
    const users = model.operators[0].accounts.find((a) => a.name === 'APP')?.users ?? [];
    const problem = (u: UserEntry | undefined): string[] => (u?.problems ?? []).filter((p) => p.code === 'scope-violation').map((p) => p.message);
    const limits = problem(users.find((u) => u.name === 'limits'));
    assert.equal(limits.length, 1);
    assert.match(limits[0], /role 'orders'.*\(subs, data, payload\)/);
    const perms = problem(users.find((u) => u.name === 'perms'));
    assert.equal(perms.length, 1);
    assert.match(perms[0], /\(pub\.allow\)/);
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store but what the tests put there', async () => {
    await assertReferenceClean(tmp.root, [
      // The two users written by hand in breach of their scope.
      { file: 'users/limits.jwt', code: 'scope' },
      { file: 'users/perms.jwt', code: 'scope' },
    ]);
  });
});
