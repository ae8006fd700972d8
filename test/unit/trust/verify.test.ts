import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { anchorOf, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, NKey, parseJwt, ProblemCode, TrustAnchor, verifyJwt } from '../../../src/core/trust';
import { signClaims, tamper } from './helpers';

interface Chain {
  op: NKey;
  opSigner: NKey;
  acc: NKey;
  accSigner: NKey;
  opJwt: string;
  accJwt: string;
  opAnchor: TrustAnchor;
  accAnchor: TrustAnchor;
}

async function chain(): Promise<Chain> {
  const op = NKey.generate('operator');
  const opSigner = NKey.generate('operator');
  const acc = NKey.generate('account');
  const accSigner = NKey.generate('account');
  const opJwt = await encodeOperatorJwt({ name: 'OP', key: op, signingKeys: [opSigner.publicKey] });
  const accJwt = await encodeAccountJwt({ name: 'A', account: acc, signer: opSigner, signingKeys: [accSigner.publicKey] });
  const anchor = (jwt: string): TrustAnchor => {
    const p = parseJwt(jwt);
    assert.ok(p.ok);
    return anchorOf(p.jwt.claims);
  };
  return { op, opSigner, acc, accSigner, opJwt, accJwt, opAnchor: anchor(opJwt), accAnchor: anchor(accJwt) };
}

const codes = (jwt: string, options: Parameters<typeof verifyJwt>[1]): ProblemCode[] => verifyJwt(jwt, options).problems.map((p) => p.code);

describe('trust verification', () => {
  let c: Chain;
  before(async () => {
    c = await chain();
  });

  it('accepts a good chain and says which key signed', async () => {
    const op = verifyJwt(c.opJwt, { expect: 'operator' });
    assert.equal(op.ok, true);
    assert.equal(op.signedBy, 'identity');
    const acc = verifyJwt(c.accJwt, { expect: 'account', issuer: c.opAnchor });
    assert.deepEqual(acc.problems, []);
    assert.equal(acc.signedBy, 'signing-key');
    const user = NKey.generate('user');
    const direct = await encodeUserJwt({ name: 'u', user, account: c.acc });
    assert.equal(verifyJwt(direct, { expect: 'user', issuer: c.accAnchor }).signedBy, 'identity');
    const delegated = await encodeUserJwt({ name: 'u', user, account: c.acc.publicKey, signingKey: c.accSigner });
    const v = verifyJwt(delegated, { expect: 'user', issuer: c.accAnchor });
    assert.deepEqual(v.problems, []);
    assert.equal(v.signedBy, 'signing-key');
  });

  it('flags an account signed by someone else than the operator or its signing keys', async () => {
    const rogue = await encodeAccountJwt({ name: 'R', account: c.acc, signer: NKey.generate('operator') });
    assert.deepEqual(codes(rogue, { expect: 'account', issuer: c.opAnchor }), ['unknown-issuer']);
    const selfSigned = await encodeAccountJwt({ name: 'R', account: c.acc, signer: c.acc });
    assert.deepEqual(codes(selfSigned, { expect: 'account', issuer: c.opAnchor }).sort(), ['unknown-issuer', 'wrong-key-type']);
  });

  it('checks issuer_account against the account, and its presence with a signing key', async () => {
    const user = NKey.generate('user');
    const otherAccount = NKey.generate('account');
    const wrongAccount = await encodeUserJwt({ name: 'u', user, account: otherAccount.publicKey, signingKey: c.accSigner });
    assert.deepEqual(codes(wrongAccount, { expect: 'user', issuer: c.accAnchor }), ['issuer-account-mismatch']);
    const noIssuerAccount = signClaims({ iss: c.accSigner.publicKey, sub: user.publicKey, name: 'u', nats: { type: 'user', version: 2 } }, c.accSigner);
    assert.deepEqual(codes(noIssuerAccount, { expect: 'user', issuer: c.accAnchor }), ['issuer-account-mismatch']);
    const accountWithIssuerAccount = signClaims({ iss: c.op.publicKey, sub: c.acc.publicKey, nats: { type: 'account', version: 2, issuer_account: c.acc.publicKey } }, c.op);
    assert.deepEqual(codes(accountWithIssuerAccount, { expect: 'account', issuer: c.opAnchor }), ['issuer-account-mismatch']);
  });

  it('checks key types, claim type and that operators sign themselves', async () => {
    const user = NKey.generate('user');
    const accountNamedByUserKey = signClaims({ iss: c.op.publicKey, sub: user.publicKey, nats: { type: 'account', version: 2 } }, c.op);
    assert.deepEqual(codes(accountNamedByUserKey, { expect: 'account', issuer: c.opAnchor }), ['wrong-key-type']);
    assert.deepEqual(codes(c.accJwt, { expect: 'user' }), ['wrong-claim-type']);
    const notSelfSigned = signClaims({ iss: c.opSigner.publicKey, sub: c.op.publicKey, nats: { type: 'operator', version: 2 } }, c.opSigner);
    assert.deepEqual(codes(notSelfSigned, { expect: 'operator' }), ['unknown-issuer']);
  });

  it('finds tampering: changed claims, a swapped signature, a forged issuer', async () => {
    const user = NKey.generate('user');
    const jwt = await encodeUserJwt({ name: 'u', user, account: c.acc, permissions: { pub: { allow: ['x'] } } });
    const widened = tamper(jwt, (claims) => ((claims.nats as Record<string, unknown>).pub = { allow: ['>'] }));
    assert.deepEqual(codes(widened, { expect: 'user', issuer: c.accAnchor }), ['bad-signature']);
    const forged = tamper(jwt, (claims) => (claims.iss = c.accSigner.publicKey));
    assert.ok(codes(forged, { expect: 'user', issuer: c.accAnchor }).includes('bad-signature'));
    const other = await encodeUserJwt({ name: 'v', user, account: c.acc });
    const swapped = `${jwt.split('.').slice(0, 2).join('.')}.${other.split('.')[2]}`;
    assert.deepEqual(codes(swapped, { expect: 'user', issuer: c.accAnchor }), ['bad-signature']);
  });

  it('checks exp and nbf against the given clock', async () => {
    const user = NKey.generate('user');
    const t = Date.UTC(2030, 0, 1);
    const jwt = await encodeUserJwt({ name: 'u', user, account: c.acc, notBefore: new Date(t), expires: new Date(t + 86_400_000) });
    assert.deepEqual(codes(jwt, { now: new Date(t - 1000) }), ['not-yet-valid']);
    assert.deepEqual(codes(jwt, { now: new Date(t + 1000) }), []);
    assert.deepEqual(codes(jwt, { now: new Date(t + 86_400_000 + 2000) }), ['expired']);
    const v = verifyJwt(jwt, { now: new Date(t) });
    assert.equal(v.expires?.getTime(), t + 86_400_000);
    assert.equal(v.notBefore?.getTime(), t);
  });

  it('warns about version 1 JWTs and still checks their signature', () => {
    const v1 = signClaims({ iss: c.op.publicKey, sub: c.op.publicKey, type: 'operator', nats: {} }, c.op, 'ed25519');
    const v = verifyJwt(v1, { expect: 'operator' });
    assert.deepEqual(v.problems.map((p) => [p.code, p.severity]), [['old-jwt-version', 'warning']]);
    assert.equal(v.ok, true);
  });

  it('turns unreadable text into one clear problem, never an exception', () => {
    const cases: [string, RegExp][] = [
      ['', /it is empty/],
      ['abc', /3 parts separated by dots, this text has 1/],
      ['a.b.c', /header is not valid JSON/],
      [`${Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url')}.e30.c2ln`, /algorithm is "HS256"/],
      [`${Buffer.from('{"typ":"JWT","alg":"ed25519-nkey"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`, /lack the issuer/],
    ];
    for (const [text, reason] of cases) {
      const v = verifyJwt(text, { path: '/x/y.jwt' });
      assert.equal(v.ok, false);
      assert.equal(v.problems.length, 1);
      assert.equal(v.problems[0].code, 'corrupt-jwt');
      assert.equal(v.problems[0].path, '/x/y.jwt');
      assert.match(v.problems[0].message, reason);
    }
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, d) => {
        for (const text of [a, `${a}.${b}.${d}`, `${Buffer.from(a).toString('base64url')}.${Buffer.from(b).toString('base64url')}.${d}`]) {
          const v = verifyJwt(text, { expect: 'user', issuer: c.accAnchor });
          assert.equal(v.ok, false);
        }
      }),
    );
  });
});
