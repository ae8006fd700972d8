/**
 * User and account claim values other than subjects, as nats-server 2.9.10 judges them: source
 * networks (src), allowed connection types, response permissions and limits that are not whole
 * numbers. Each bad value is signed here by hand (our core refuses to sign it) to show what the
 * server does with it, beside what the core says.
 */
import * as assert from 'node:assert/strict';
import { encodeAccountJwt, encodeUserJwt, formatCreds, NKey } from '../../../src/core/trust';
import { NatsServer } from '../../support/natsServer';
import { keyOf, signClaims } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { connectWithCreds, operatorWithApp, startMemoryServer, tempRoot } from './helpers';

describe('trust: source networks, connection types, responses and limits on nats-server 2.9.10', function () {
  this.timeout(60_000);
  const tmp = tempRoot('claim-values');
  let server: NatsServer;
  let accountKey: NKey;
  let nanAccountKey: NKey;

  before(async () => {
    const { store } = tmp;
    const { op, acc, accountKey: key } = await operatorWithApp(store);
    accountKey = key;
    // An account whose connection limit was NaN: JSON.stringify writes null, which Go reads as 0.
    assert.ok(op.operator.signingKey);
    const opSigner = keyOf(store, op.operator.signingKey);
    nanAccountKey = NKey.generate('account');
    await assert.rejects(encodeAccountJwt({ name: 'NAN', account: nanAccountKey, signer: opSigner, limits: { connections: NaN } }), /the limit conn must be a whole number of 0 or more, or -1 for no limit, not NaN/);
    const good = await encodeAccountJwt({ name: 'NAN', account: nanAccountKey, signer: opSigner });
    const claims = JSON.parse(Buffer.from(good.split('.')[1], 'base64url').toString('utf8')) as { nats: { limits: Record<string, unknown> } };
    claims.nats.limits.conn = null;
    const nanJwt = signClaims(claims, opSigner);
    server = await startMemoryServer(op, [acc, { publicKey: nanAccountKey.publicKey, jwt: nanJwt }]);
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  /** Creds of a user of APP (or `account`) with exactly these `nats` claims, signed by hand. */
  function handSigned(nats: Record<string, unknown>, account = accountKey): string {
    const user = NKey.generate('user');
    const jwt = signClaims({ iat: Math.floor(Date.now() / 1000), iss: account.publicKey, sub: user.publicKey, name: 'u', nats: { subs: -1, data: -1, payload: -1, ...nats, type: 'user', version: 2 } }, account);
    return formatCreds(jwt, user);
  }

  async function logsIn(creds: string): Promise<boolean> {
    try {
      const nc = await connectWithCreds(server.url, creds);
      await nc.flush();
      await nc.close();
      return true;
    } catch {
      return false;
    }
  }

  async function ours(nats: Partial<Parameters<typeof encodeUserJwt>[0]>): Promise<string> {
    const user = NKey.generate('user');
    return formatCreds(await encodeUserJwt({ name: 'u', user, account: accountKey, ...nats }), user);
  }

  it('src: a network the server cannot parse locks the user out; address bits beyond the prefix widen it; ours refuses both', async () => {
    for (const bad of ['127.0.0.1', '127.0.0.1/32 ', '127.000.0.1/32', '127.0.0.1/33', 'localhost/32']) {
      assert.equal(await logsIn(handSigned({ src: [bad] })), false, `src ${JSON.stringify(bad)} is refused by the server`);
      await assert.rejects(ours({ sourceNetworks: [bad] }), /source network \(src\) '/, bad);
    }
    // Address bits beyond the prefix are cleared: a user meant for 10.0.0.1 logs in from 127.0.0.1.
    assert.equal(await logsIn(handSigned({ src: ['10.0.0.1/1'] })), true, '10.0.0.1/1 is 0.0.0.0/1 to Go, which holds 127.0.0.1');
    await assert.rejects(ours({ sourceNetworks: ['10.0.0.1/1'] }), /Go reads it as 0\.0\.0\.0\/1/);
    // One bad entry beside a good one: Go's Validate refuses the whole JWT.
    assert.equal(await logsIn(handSigned({ src: ['127.0.0.0/8', 'bad'] })), false);
    // Good networks: the one the client is in logs in, another one is refused (src is enforced).
    assert.equal(await logsIn(await ours({ sourceNetworks: ['127.0.0.1/32'] })), true);
    assert.equal(await logsIn(await ours({ sourceNetworks: ['127.0.0.0/08', '::1/128'] })), true, 'a leading zero in the prefix is Go-valid');
    assert.equal(await logsIn(await ours({ sourceNetworks: ['10.0.0.0/8'] })), false);
  });

  it('connection types: unknown ones are dropped by the server (all unknown: locked out); ours refuses them and upper-cases known ones', async () => {
    assert.equal(await logsIn(handSigned({ allowed_connection_types: ['STANDRD'] })), false, 'only an unknown type: refused');
    assert.equal(await logsIn(handSigned({ allowed_connection_types: ['STANDARD', 'WEBSOKET'] })), true, 'the misspelt type is silently ignored');
    assert.equal(await logsIn(handSigned({ allowed_connection_types: ['standard'] })), true, 'the server upper-cases');
    assert.equal(await logsIn(handSigned({ allowed_connection_types: ['WEBSOCKET'] })), false, 'a standard client is refused when only websocket is allowed');
    await assert.rejects(ours({ connectionTypes: ['STANDRD' as 'STANDARD'] }), /allowed connection type 'STANDRD' is not one the server knows/);
    await assert.rejects(ours({ connectionTypes: ['STANDARD', 'WEBSOKET' as 'STANDARD'] }), /'WEBSOKET'/);
    const creds = await ours({ connectionTypes: ['standard' as 'STANDARD'] });
    assert.match(Buffer.from(creds.split('\n')[1].split('.')[1], 'base64url').toString('utf8'), /"allowed_connection_types":\["STANDARD"\]/);
    assert.equal(await logsIn(creds), true);
  });

  it('numbers: a fractional resp.max makes the JWT undecodable (locked out); NaN as an account limit became 0 connections; ours refuses both', async () => {
    assert.equal(await logsIn(handSigned({ resp: { max: 1.5, ttl: 0 } })), false, 'Go cannot read 1.5 into an int');
    assert.equal(await logsIn(handSigned({ resp: { max: 1, ttl: 0 } })), true, 'the control case');
    assert.equal(await logsIn(handSigned({ subs: 1e21 })), false, '1e21 (JSON.stringify of a large number) is no Go integer');
    assert.equal(await logsIn(handSigned({}, nanAccountKey)), false, "the NaN account's conn limit is 0");
    await assert.rejects(ours({ permissions: { responses: { max: 1.5 } } }), /resp\.max\) must be a whole number of 1 or more, or -1 for no limit, not 1\.5/);
    await assert.rejects(ours({ limits: { subscriptions: 1e21 } }), /the limit subs must be a whole number .*not 1e\+21/);
    await assert.rejects(ours({ limits: { data: NaN } }), /the limit data .*not NaN/);
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store but what the tests put there', async () => {
    await assertReferenceClean(tmp.root);
  });
});
