import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as util from 'node:util';
import * as nkeys from 'nkeys.js';
import { isPublicKey, KeyKind, NKey, publicKeyKind, verifySignature } from '../../../src/core/trust/keys';

const kinds: KeyKind[] = ['operator', 'account', 'user'];
const enc = new TextEncoder();

describe('trust keys', () => {
  it('signs byte-identically to nkeys.js, with the same public and private keys, on many random keys', function () {
    this.timeout(120_000); // nkeys.js re-derives the key on every call (several ms each)
    for (let i = 0; i < 120; i++) {
      const kind = kinds[i % 3];
      const ours = NKey.generate(kind);
      const theirs = nkeys.fromSeed(enc.encode(ours.seed()));
      assert.equal(ours.getPublicKey(), theirs.getPublicKey());
      assert.deepEqual(Buffer.from(ours.getPrivateKey()), Buffer.from(theirs.getPrivateKey()));
      const data = crypto.randomBytes(1 + (i % 700));
      const sig = ours.sign(data);
      assert.deepEqual(Buffer.from(sig), Buffer.from(theirs.sign(data)));
      assert.ok(theirs.verify(data, sig));
      assert.ok(verifySignature(ours.publicKey, data, sig));
    }
  });

  it('reads seeds made by nkeys.js and gives them the right kind and prefix', () => {
    const makers: [KeyKind, () => nkeys.KeyPair, string][] = [
      ['operator', nkeys.createOperator, 'O'],
      ['account', nkeys.createAccount, 'A'],
      ['user', nkeys.createUser, 'U'],
    ];
    for (const [kind, make, letter] of makers) {
      const kp = make();
      const seed = new TextDecoder().decode(kp.getSeed());
      const key = NKey.fromSeed(seed);
      assert.equal(key.kind, kind);
      assert.equal(key.publicKey, kp.getPublicKey());
      assert.equal(key.publicKey[0], letter);
      assert.equal(seed.slice(0, 2), `S${letter}`);
      assert.equal(publicKeyKind(key.publicKey), kind);
      assert.ok(isPublicKey(key.publicKey, kind));
      for (const other of kinds.filter((k) => k !== kind)) assert.equal(isPublicKey(key.publicKey, other), false);
    }
  });

  it('rejects bad seeds, wrong kinds and corrupted public keys with clear errors', () => {
    const user = NKey.generate('user');
    assert.throws(() => NKey.fromSeed('SUNOTASEED'), /not a valid nkey seed/);
    assert.throws(() => NKey.fromSeed(user.seed(), 'account'), /expected a seed of account kind, got one of user kind/);
    const flipped = user.publicKey.slice(0, 10) + (user.publicKey[10] === 'A' ? 'B' : 'A') + user.publicKey.slice(11);
    assert.equal(publicKeyKind(flipped), undefined);
    assert.equal(publicKeyKind('U' + 'A'.repeat(55)), undefined);
    assert.equal(verifySignature(flipped, enc.encode('x'), user.sign(enc.encode('x'))), false);
    assert.equal(verifySignature(user.publicKey, enc.encode('y'), user.sign(enc.encode('x'))), false);
  });

  it('never shows the seed in JSON, inspect or string form', () => {
    const key = NKey.generate('account');
    for (const text of [JSON.stringify(key), util.inspect(key), String(key), `${key}`, util.format('%o', key)]) {
      assert.ok(!text.includes(key.seed()), text);
      assert.ok(!/S[OAU][A-Z2-7]{56}/.test(text), text);
      assert.ok(text.includes(key.publicKey) || text.includes('NKey'), text);
    }
  });
});
