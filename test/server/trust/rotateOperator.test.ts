/**
 * Rotating an operator signing key, proven on nats-server 2.9.10 with a full resolver: once the
 * server runs with the new operator JWT, the accounts re-signed by the new key are taken and
 * their users log in; an account signed with the old key is stored but unusable.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addUser, createOperator, encodeAccountJwt, NKey, paths, pushAccount, pushToCluster, rotateSigningKey, serverConfig } from '../../../src/core/trust';
import { keyOf } from '../../unit/trust/helpers';
import { NatsServer, startServer } from '../../support/natsServer';
import { assertReferenceClean } from '../../support/referenceValidator';
import { connectWithCreds, tempRoot } from './helpers';

describe('trust: rotating an operator signing key against a full-resolver nats-server', function () {
  this.timeout(90_000);
  const tmp = tempRoot('rotate-operator');
  const { store } = tmp;
  let server: NatsServer | undefined;

  async function start(): Promise<NatsServer> {
    const config = await serverConfig({ store, operator: 'OP', resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    return startServer({ name: 'rotate-op', extraConfig: config.text });
  }

  after(async () => {
    await server?.stop();
    await assertReferenceClean(tmp.root);
    tmp.remove();
  });

  it('the accounts signed again by the new key work once the server has the new operator JWT; an account signed by the old key is unusable', async () => {
    const op = await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: 'svc' });
    server = await start();
    const first = await pushToCluster({ store, operator: 'OP', serverUrl: server.url });
    assert.equal(first.ok, true, JSON.stringify(first.accounts.map((a) => a.problems)));

    const r = await rotateSigningKey({ store, operator: 'OP', key: op.operator.signingKey ?? '' });
    assert.deepEqual(r.reissued.map((a) => a.name).sort(), ['APP', 'SYS']);
    await server.stop();
    server = await start();

    const pushed = await pushToCluster({ store, operator: 'OP', accounts: ['APP'], serverUrl: server.url });
    assert.equal(pushed.ok, true, JSON.stringify(pushed.accounts.map((a) => a.problems)));
    const nc = await connectWithCreds(server.url, fs.readFileSync(user.credsPath, 'utf8'));
    await nc.flush();
    await nc.close();

    // Whoever still holds the old key can sign a new account: the server stores it (200, as it
    // stores any account JWT), but no user of it logs in, since the old key is no longer the operator's.
    const rogue = NKey.generate('account');
    const forged = await encodeAccountJwt({ name: 'ROGUE', account: rogue, signer: keyOf(store, r.oldKey) });
    const sysCreds = fs.readFileSync(paths.creds(store, 'OP', 'SYS', 'sys'), 'utf8');
    const stale = await pushAccount({ serverUrl: server.url, systemUserCreds: sysCreds, accountJwt: forged, accountSigner: rogue, timeoutMs: 2000 });
    assert.deepEqual(stale.replies.map((x) => x.code), [200]);
    assert.equal(stale.works, false, stale.check);
    // The same, signed by the new key, works: the difference is the key alone.
    const goodKey = NKey.generate('account');
    const good = await encodeAccountJwt({ name: 'GOOD', account: goodKey, signer: keyOf(store, r.newKey) });
    const fine = await pushAccount({ serverUrl: server.url, systemUserCreds: sysCreds, accountJwt: good, accountSigner: goodKey });
    assert.equal(fine.works, true, fine.check);
  });
});
