import * as assert from 'node:assert/strict';
import { encodeUser, KeyPair } from 'nats-jwt';
import { anchorOf, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, NKey, parseJwt, verifyJwt } from '../../../src/core/trust';
import { goJwtId } from '../../../src/core/trust/jwtEncode';
import { signClaims } from './helpers';

// Latin-1 above ASCII, CJK, outside the BMP (a surrogate pair in UTF-16), a combining mark, and
// characters Go's JSON escapes (<, >, &, U+2028).
const TEXTS = ['café', '中文', '🚀', 'e\u0301', 'ñ-中-🚀-e\u0301<&>\u2028'];

/** The JWT's parts: base64url without padding, every one UTF-8 that decodes without loss. */
function strictParts(jwt: string): { header: unknown; body: Record<string, unknown> & { nats: Record<string, unknown> } } {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3);
  for (const p of parts) assert.match(p, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const text = (p: string): string => utf8.decode(Buffer.from(p, 'base64url'));
  return { header: JSON.parse(text(parts[0])), body: JSON.parse(text(parts[1])) };
}

describe('trust claims beyond ASCII (UTF-8 JSON, base64url, as Go jwt/v2 reads them)', () => {
  it('operator, account and user names, subjects, tags and descriptions round-trip through our decoder and verifier', async () => {
    for (const t of TEXTS) {
      const op = NKey.generate('operator');
      const opJwt = await encodeOperatorJwt({ name: `op${t}`, key: op, tags: [`tag${t}`] });
      const o = strictParts(opJwt);
      assert.deepEqual(o.header, { typ: 'JWT', alg: 'ed25519-nkey' });
      assert.equal(o.body.name, `op${t}`);
      assert.deepEqual(o.body.nats.tags, [`tag${t}`]);
      const ov = verifyJwt(opJwt, { expect: 'operator' });
      assert.deepEqual(ov.problems, [], t);
      assert.equal(ov.claims?.name, `op${t}`);

      const acc = NKey.generate('account');
      const accJwt = await encodeAccountJwt({ name: `acc${t}`, account: acc, signer: op, description: `about ${t}`, tags: [t],
        exports: [{ name: `svc${t}`, subject: `svc.${t}.>`, type: 'service' }] });
      const a = strictParts(accJwt);
      assert.equal(a.body.name, `acc${t}`);
      assert.equal(a.body.nats.description, `about ${t}`);
      assert.deepEqual(a.body.nats.tags, [t]);
      assert.deepEqual(a.body.nats.exports, [{ name: `svc${t}`, subject: `svc.${t}.>`, type: 'service' }]);
      const parsedOp = parseJwt(opJwt);
      assert.ok(parsedOp.ok);
      const av = verifyJwt(accJwt, { expect: 'account', issuer: anchorOf(parsedOp.jwt.claims) });
      assert.deepEqual(av.problems, [], t);

      const user = NKey.generate('user');
      const perms = { pub: { allow: [`${t}.>`], deny: [`${t}.secret`] }, sub: { allow: [`${t}.*`, `${t}.q ${t}`], deny: [`${t}.x`] } };
      const userJwt = await encodeUserJwt({ name: `user${t}`, user, account: acc, permissions: perms, tags: [`t${t}`] });
      const u = strictParts(userJwt);
      assert.equal(u.body.name, `user${t}`);
      assert.deepEqual(u.body.nats.pub, perms.pub);
      assert.deepEqual(u.body.nats.sub, perms.sub);
      assert.deepEqual(u.body.nats.tags, [`t${t}`]);
      const parsedAcc = parseJwt(accJwt);
      assert.ok(parsedAcc.ok);
      const uv = verifyJwt(userJwt, { expect: 'user', issuer: anchorOf(parsedAcc.jwt.claims) });
      assert.deepEqual(uv.problems, [], t);
      assert.equal(uv.claims?.name, `user${t}`);
      assert.deepEqual((uv.claims?.nats as { pub?: unknown }).pub, perms.pub);
    }
  });

  it('writes the fields Go writes: jti is Go’s hash of the standard claims, iat in seconds, type and version 2, no aud', async () => {
    // Computed by Go jwt/v2 (json.Marshal of ClaimsData, SHA-512/256, base32 without padding).
    assert.equal(
      goJwtId({ exp: 1900000000, iat: 1800000000, iss: 'AISSUER', name: 'café <中> & 🚀 e\u0301 \u2028 "q" \\ \u0001\t\n', nbf: 1700000000, sub: 'USUBJECT' }),
      'MLWUSBBKW7RQSQNRSCWB76ZUYEBO2BCPEUYCPQQXDHHX3LJNOTGQ',
    );
    const acc = NKey.generate('account');
    const signer = NKey.generate('account');
    const user = NKey.generate('user');
    const before = Math.floor(Date.now() / 1000);
    const jwt = await encodeUserJwt({ name: '🚀', user, account: acc.publicKey, signingKey: signer, expires: new Date(Date.now() + 3_600_000) });
    const { body } = strictParts(jwt);
    assert.ok(typeof body.iat === 'number' && body.iat >= before && body.iat <= before + 2);
    assert.equal(body.jti, goJwtId({ exp: body.exp as number, iat: body.iat, iss: signer.publicKey, name: '🚀', sub: user.publicKey }));
    assert.equal(body.aud, undefined);
    assert.equal(body.iss, signer.publicKey);
    assert.deepEqual(body.nats, { subs: -1, data: -1, payload: -1, issuer_account: acc.publicKey, type: 'user', version: 2 });
  });

  it('refuses text UTF-8 cannot carry (a lone surrogate) and keys of the wrong kind, naming what is wrong', async () => {
    const acc = NKey.generate('account');
    const user = NKey.generate('user');
    await assert.rejects(encodeUserJwt({ name: 'x\ud800', user, account: acc }), /the name is not valid Unicode text \(it holds a lone UTF-16 surrogate/);
    await assert.rejects(
      encodeUserJwt({ name: 'x', user, account: acc, tags: ['a\udc00'] }),
      /the claims\.tags\[0\] is not valid Unicode text/,
    );
    // A permission subject is refused earlier, by the subject check, with the subject named.
    await assert.rejects(
      encodeUserJwt({ name: 'x', user, account: acc, permissions: { pub: { deny: ['a.\udc00'] } } }),
      /deny-pub 'a\.\\udc00': character 3 is a lone UTF-16 surrogate/,
    );
    await assert.rejects(encodeUserJwt({ name: 'x', user: acc.publicKey, account: acc }), /the user key must be a user key/);
    await assert.rejects(encodeUserJwt({ name: 'x', user, account: NKey.generate('operator') }), /the account key must be an account key/);
    await assert.rejects(encodeAccountJwt({ name: 'x', account: acc, signer: NKey.generate('user') }), /the signer of an account must be an operator or an account key/);
    await assert.rejects(encodeOperatorJwt({ name: 'x', key: acc }), /the operator key must be an operator key/);
  });

  it('refuses an expiry or start at or before the epoch, which Go would read as no limit', async () => {
    const acc = NKey.generate('account');
    const user = NKey.generate('user');
    await assert.rejects(encodeUserJwt({ name: 'x', user, account: acc, expires: new Date(0) }), /the expiry must be later than 1970-01-01T00:00:01Z \(1970-01-01T00:00:00.000Z would mean no limit to Go\)/);
    await assert.rejects(encodeUserJwt({ name: 'x', user, account: acc, expires: new Date(-86_400_000) }), /the expiry must be later than 1970/);
    await assert.rejects(encodeAccountJwt({ name: 'x', account: acc, signer: NKey.generate('operator'), notBefore: new Date(999) }), /the not-before date must be later than 1970/);
  });

  it('flags JWTs whose claims Go cannot read as written: Latin-1 bytes (the old encoder) and escaped lone surrogates', async () => {
    const acc = NKey.generate('account');
    const user = NKey.generate('user');
    const anchor = { publicKey: acc.publicKey, signingKeys: [] };
    // What nats-jwt 0.0.9 (and so this project before) wrote for a deny on café.>.
    const latin1 = await encodeUser('u', user.publicKey, acc as unknown as KeyPair, { pub: { allow: [], deny: ['café.>'] } });
    const v = verifyJwt(latin1, { expect: 'user', issuer: anchor });
    assert.deepEqual(v.problems.map((p) => p.code), ['not-utf8']);
    assert.match(v.problems[0].message, /nats-server and nsc read U\+FFFD there/);
    assert.deepEqual((v.claims?.nats as { pub?: unknown }).pub, { allow: [], deny: ['caf\ufffd.>'] }, 'shown as the server reads it');
    const surrogate = signClaims({ iss: acc.publicKey, sub: user.publicKey, name: 'x\udc00', nats: { type: 'user', version: 2 } }, acc);
    assert.deepEqual(verifyJwt(surrogate, { expect: 'user', issuer: anchor }).problems.map((p) => p.code), ['not-utf8']);
    const ours = await encodeUserJwt({ name: 'u', user, account: acc, permissions: { pub: { deny: ['café.>'] } } });
    assert.deepEqual(verifyJwt(ours, { expect: 'user', issuer: anchor }).problems, []);
  });
});
