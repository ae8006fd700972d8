import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringCodec } from 'nats';
import { addAccount, addUser, createOperator, encodeAccountJwt, encodeUserJwt, formatCreds, NKey, pushAccount, pushAccountFromStore, serverConfig } from '../../../src/core/trust';
import { NatsServer, startServer } from '../../support/natsServer';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, tempRoot } from './helpers';

describe('trust: pushing accounts to a full-resolver nats-server (config from our generator)', function () {
  this.timeout(60_000);
  const tmp = tempRoot('push');
  let server: NatsServer;
  let operatorJwt: string;
  let sysCreds: string;

  before(async () => {
    const { store } = tmp;
    const op = await createOperator({ store, name: 'OP' });
    operatorJwt = op.operator.jwt;
    assert.ok(op.systemUser);
    sysCreds = fs.readFileSync(op.systemUser.credsPath, 'utf8');
    await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true });
    const config = await serverConfig({ store, operator: 'OP', resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    assert.deepEqual(config.preloaded.map((a) => a.name), ['SYS'], 'only the system account is preloaded');
    server = await startServer({ name: 'trust-full', extraConfig: config.text });
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  it('an account pushed from the store becomes usable: its users log in and use JetStream', async () => {
    const { store } = tmp;
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'app-user' });
    const creds = fs.readFileSync(user.credsPath, 'utf8');
    await assertRefused(server.url, creds); // not pushed yet: the server does not know the account

    const result = await pushAccountFromStore({ store, operator: 'OP', account: 'APP', serverUrl: server.url });
    assert.deepEqual(result.replies.map((r) => r.code), [200]);
    assert.equal(result.accepted, true);
    assert.equal(result.works, true, result.check);
    assert.match(result.check ?? '', /reached JetStream/);
    assert.deepEqual(result.problems, []);

    const nc = await connectWithCreds(server.url, creds);
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'PUSHED', subjects: ['pushed.>'] });
      const ack = await nc.jetstream().publish('pushed.1', StringCodec().encode('x'));
      assert.equal(ack.seq, 1);
    } finally {
      await nc.close();
    }
    assert.ok(fs.existsSync(path.join(tmp.root, 'resolver', `${result.accountPublicKey}.jwt`)), 'the full resolver stored the JWT');
  });

  it('a rogue (self-signed) account is answered 200 by the server, but we flag it and its check fails', async () => {
    const rogue = NKey.generate('account');
    const rogueJwt = await encodeAccountJwt({ name: 'ROGUE', account: rogue, signer: rogue, limits: { jetstream: true } });
    const result = await pushAccount({ serverUrl: server.url, systemUserCreds: sysCreds, accountJwt: rogueJwt, accountSigner: rogue, operatorJwt, timeoutMs: 2000 });
    assert.deepEqual(result.replies.map((r) => r.code), [200], 'the server stores it and says 200');
    assert.equal(result.accepted, true);
    assert.equal(result.works, false);
    const codes = result.problems.map((p) => p.code);
    assert.ok(codes.includes('wrong-key-type'), 'issued by an account key, not an operator key');
    assert.ok(codes.includes('unknown-issuer'), 'not signed by the operator or its signing keys');
    assert.ok(codes.includes('account-unusable'));

    const user = NKey.generate('user');
    const userJwt = await encodeUserJwt({ name: 'rogue-user', user, account: rogue });
    await assertRefused(server.url, formatCreds(userJwt, user));
  });

  it('refuses, with a clear error, to push anything but an account JWT, or with something else than .creds', async () => {
    await assert.rejects(
      pushAccount({ serverUrl: server.url, systemUserCreds: sysCreds, accountJwt: operatorJwt }),
      /the account JWT cannot be pushed: expected an account JWT, found an operator JWT/,
    );
    const account = NKey.generate('account');
    const accountJwt = await encodeAccountJwt({ name: 'X', account, signer: NKey.generate('operator') });
    await assert.rejects(
      pushAccount({ serverUrl: server.url, systemUserCreds: 'not creds', accountJwt }),
      /the system user credentials: no "-----BEGIN NATS USER JWT-----" line/,
    );
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store', async () => {
    await assertReferenceClean(tmp.root);
  });
});
