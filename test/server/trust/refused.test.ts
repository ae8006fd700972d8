import * as assert from 'node:assert/strict';
import { anchorOf, encodeUserJwt, formatCreds, NKey, parseJwt, ProblemCode, verifyJwt } from '../../../src/core/trust';
import { NatsServer, sleep } from '../../support/natsServer';
import { tamper } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, operatorWithApp, startMemoryServer, tempRoot } from './helpers';

describe('trust: bad users are refused by nats-server and flagged by our verifier', function () {
  this.timeout(60_000);
  const tmp = tempRoot('refused');
  let server: NatsServer;
  let accountKey: NKey;
  let accountJwt: string;

  before(async () => {
    const { store } = tmp;
    const { op, acc, accountKey: key } = await operatorWithApp(store);
    accountKey = key;
    accountJwt = acc.jwt;
    server = await startMemoryServer(op, [acc]);
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  async function userCreds(name: string, options: Partial<Parameters<typeof encodeUserJwt>[0]> = {}, change?: (c: Record<string, unknown>) => void): Promise<{ jwt: string; creds: string }> {
    const user = NKey.generate('user');
    let jwt = await encodeUserJwt({ name, user, account: accountKey, ...options });
    if (change) jwt = tamper(jwt, change);
    return { jwt, creds: formatCreds(jwt, user) };
  }

  function ourVerdict(jwt: string): ProblemCode[] {
    const account = parseJwt(accountJwt);
    assert.ok(account.ok);
    return verifyJwt(jwt, { expect: 'user', issuer: anchorOf(account.jwt.claims) }).problems.map((p) => p.code);
  }

  async function serverLogMentions(text: string): Promise<void> {
    for (let i = 0; i < 40 && !server.log().includes(text); i++) await sleep(25);
    assert.ok(server.log().includes(text), `the server log should say "${text}"`);
  }

  it('a good user connects and passes our verifier (the control case)', async () => {
    const { jwt, creds } = await userCreds('good');
    assert.deepEqual(ourVerdict(jwt), []);
    const nc = await connectWithCreds(server.url, creds);
    await nc.close();
  });

  it('an expired user', async () => {
    const { jwt, creds } = await userCreds('expired', { expires: new Date(Date.now() - 60_000) });
    assert.deepEqual(ourVerdict(jwt), ['expired']);
    await assertRefused(server.url, creds);
    await serverLogMentions('claim is expired');
  });

  it('a user not valid yet', async () => {
    const { jwt, creds } = await userCreds('later', { notBefore: new Date(Date.now() + 3_600_000) });
    assert.deepEqual(ourVerdict(jwt), ['not-yet-valid']);
    await assertRefused(server.url, creds);
    await serverLogMentions('claim is not yet valid');
  });

  it('a user signed by another account key (wrong signer)', async () => {
    const user = NKey.generate('user');
    const jwt = await encodeUserJwt({ name: 'stranger', user, account: NKey.generate('account') });
    assert.deepEqual(ourVerdict(jwt), ['unknown-issuer']);
    await assertRefused(server.url, formatCreds(jwt, user));
    await serverLogMentions('Account JWT lookup error: account missing');
  });

  it('a user claiming the account through issuer_account but signed by a key that is not its signing key', async () => {
    const { jwt, creds } = await userCreds('impostor', { account: accountKey.publicKey, signingKey: NKey.generate('account') });
    assert.deepEqual(ourVerdict(jwt), ['unknown-issuer']);
    await assertRefused(server.url, creds);
    await serverLogMentions('User JWT issuer is not known');
  });

  it('a tampered user (permissions widened after signing)', async () => {
    const { jwt, creds } = await userCreds('tampered', { permissions: { pub: { allow: ['mine.>'] } } }, (c) => {
      (c.nats as Record<string, unknown>).pub = { allow: ['>'] };
    });
    assert.deepEqual(ourVerdict(jwt), ['bad-signature']);
    await assertRefused(server.url, creds);
    await serverLogMentions('claim failed V2 signature verification');
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store', async () => {
    await assertReferenceClean(tmp.root);
  });
});
