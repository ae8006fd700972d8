import * as assert from 'node:assert/strict';
import { decodeJwt, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, formatCreds, formatDecodedJwt, NKey } from '../../../src/core/trust';
import { SEED_PATTERN, tamper } from './helpers';

describe('trust decoded JWT view', () => {
  const now = new Date(Date.UTC(2030, 5, 1));
  let op: NKey;
  let opJwt: string;
  let acc: NKey;
  let accJwt: string;
  before(async () => {
    op = NKey.generate('operator');
    opJwt = await encodeOperatorJwt({ name: 'OP', key: op });
    acc = NKey.generate('account');
    accJwt = await encodeAccountJwt({ name: 'APP', account: acc, signer: op, limits: { connections: 5, jetstream: { tiers: { R1: { diskStorage: 1 << 30 } } } } });
  });

  it('explains every account claim, limits included, and checks the issuer when given the operator JWT', () => {
    const d = decodeJwt(accJwt, { now, issuer: opJwt });
    assert.equal(d.valid, true);
    assert.equal(d.issuerChecked, true);
    assert.equal(d.type, 'account');
    const field = (name: string): string => d.fields.find((f) => f.field === name)?.meaning ?? '(missing)';
    assert.match(field('iss'), /Issuer.*\(an operator public key\)/);
    assert.match(field('sub'), /\(an account public key\)/);
    assert.equal(field('nats.limits.conn'), 'Client connections: at most 5');
    assert.equal(field('nats.limits.subs'), 'Subscriptions: unlimited');
    assert.equal(field('nats.limits.disk_storage'), 'JetStream: File storage for streams: 0 (none)');
    assert.equal(field('nats.limits.tiered_limits.R1.disk_storage'), 'JetStream for this replica tier: File storage for streams: at most 1 GiB');
    assert.ok(d.fields.every((f) => f.meaning !== '(not interpreted)'), JSON.stringify(d.fields.filter((f) => f.meaning === '(not interpreted)')));
    const doc = formatDecodedJwt(d);
    assert.match(doc, /^# Account JWT: APP/);
    assert.match(doc, /\*\*Validity:\*\* valid\n/);
    assert.match(doc, /\| `nats.limits.conn` \| 5 \| Client connections: at most 5 \|/);
  });

  it('says what is wrong with a rogue, expired or tampered JWT, and that the issuer was not checked without context', async () => {
    const rogue = decodeJwt(await encodeAccountJwt({ name: 'R', account: acc, signer: NKey.generate('operator') }), { now, issuer: opJwt });
    assert.equal(rogue.valid, false);
    assert.deepEqual(rogue.problems.map((p) => p.code), ['unknown-issuer']);
    const user = NKey.generate('user');
    const expiredJwt = await encodeUserJwt({ name: 'u', user, account: acc, expires: new Date(now.getTime() - 86_400_000 * 3) });
    const expired = decodeJwt(expiredJwt, { now });
    assert.deepEqual(expired.problems.map((p) => p.code), ['expired']);
    assert.equal(expired.issuerChecked, false);
    assert.match(expired.fields.find((f) => f.field === 'exp')?.meaning ?? '', /3 days ago/);
    assert.match(formatDecodedJwt(expired), /NOT valid \(signature and dates checked; the issuer was not checked/);
    const tampered = decodeJwt(tamper(expiredJwt, (c) => (c.exp = undefined)), { now });
    assert.deepEqual(tampered.problems.map((p) => p.code), ['bad-signature']);
  });

  it('decodes the JWT of a .creds file and never includes its seed', async () => {
    const user = NKey.generate('user');
    const jwt = await encodeUserJwt({ name: 'alice', user, account: acc, bearer: true, permissions: { pub: { allow: ['a.>'] }, responses: { max: 1, ttlMs: 500 } } });
    const d = decodeJwt(formatCreds(jwt, user), { now, issuer: { publicKey: acc.publicKey, signingKeys: [] } });
    assert.equal(d.fromCreds, true);
    assert.equal(d.valid, true);
    assert.equal(d.claims?.name, 'alice');
    assert.match(d.fields.find((f) => f.field === 'nats.bearer_token')?.meaning ?? '', /Bearer token/);
    assert.match(d.fields.find((f) => f.field === 'nats.resp.ttl')?.meaning ?? '', /500 ms/);
    const everything = JSON.stringify(d) + formatDecodedJwt(d);
    assert.doesNotMatch(everything, SEED_PATTERN);
    assert.ok(!everything.includes(user.seed()));
    assert.match(formatDecodedJwt(d), /its seed is not shown/);
    assert.match(d.fields.find((f) => f.field === 'sub')?.meaning ?? '', /\(a user public key\)/);
  });

  it('turns garbage into a clear problem, even a pasted seed, without echoing it', () => {
    const seed = NKey.generate('user').seed();
    for (const text of ['', 'hello', seed, 'a.b.c']) {
      const d = decodeJwt(text);
      assert.equal(d.valid, false);
      assert.equal(d.problems[0].code, 'corrupt-jwt');
      assert.ok(!JSON.stringify(d).includes(seed));
      assert.ok(!formatDecodedJwt(d).includes(seed));
    }
    const bad = decodeJwt(accJwt, { issuer: 'not a jwt' });
    assert.equal(bad.valid, false);
    assert.match(bad.problems[0].message, /issuer's JWT given for the check is not readable/);
  });
});
