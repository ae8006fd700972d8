/**
 * Diagnosis of .creds files against a store: every reason a login fails, each with what to do,
 * and the CLI's exit codes and JSON; the seed is never shown.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addAccount,
  addSigningKey,
  addUser,
  createOperator,
  diagnoseCreds,
  Diagnosis,
  encodeUserJwt,
  formatCreds,
  NKey,
  OperatorEntry,
  readOperatorEntry,
  revokeUsers,
} from '../../../src/core/trust';
import { cli, SEED } from '../cli/run';
import { keyOf, signClaims, tempRoot } from './helpers';

const codes = (d: Diagnosis): string[] => d.reasons.map((r) => r.code);

describe('trust diagnose: why a login with a .creds file fails', function () {
  this.timeout(30_000);
  const tmp = tempRoot('diagnose');
  const { store, root } = tmp;
  let accountKey: NKey;
  let appKey: string;
  let scopedKey: string;
  let operator: () => Promise<OperatorEntry>;

  before(async () => {
    await createOperator({ store, name: 'OP' });
    appKey = (await addAccount({ store, operator: 'OP', name: 'APP' })).publicKey;
    accountKey = keyOf(store, appKey);
    scopedKey = (await addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'reader', template: { permissions: { sub: { allow: ['r.>'] } } } } })).publicKey;
    operator = async () => {
      const op = await readOperatorEntry(store, 'OP');
      assert.ok(op);
      return op;
    };
  });
  after(() => tmp.remove());

  async function storeUserCreds(name: string, extra: Partial<Parameters<typeof addUser>[0]> = {}): Promise<string> {
    const u = await addUser({ store, operator: 'OP', account: 'APP', name, signWith: 'identity', ...extra });
    return formatCreds(u.jwt, keyOf(store, u.publicKey));
  }

  async function check(creds: string): Promise<Diagnosis> {
    const d = diagnoseCreds(creds, { operator: await operator(), where: 'test.creds' });
    assert.doesNotMatch(JSON.stringify(d), SEED, 'a diagnosis never shows a seed');
    assert.equal(d.ok, d.reasons.length === 0);
    return d;
  }

  it('a good user: no reason, a nonce note', async () => {
    const d = await check(await storeUserCreds('good'));
    assert.deepEqual(codes(d), []);
    assert.ok(d.ok);
    assert.deepEqual(d.account, { name: 'APP', publicKey: appKey });
    assert.deepEqual(
      d.notes.map((n) => n.code),
      ['nonce'],
    );
  });

  it('unreadable creds and a seed of another user', async () => {
    const garbage = await check('hello\n-----BEGIN NATS USER JWT-----\nnot.a.jwt\n------END NATS USER JWT------\n');
    assert.deepEqual(codes(garbage), ['malformed-creds']);
    assert.match(garbage.reasons[0].message, /test\.creds: the JWT \(line 3\) is not readable.*write the file again/);
    const user = NKey.generate('user');
    const creds = formatCreds(await encodeUserJwt({ name: 'x', user, account: accountKey }), user);
    const mismatch = await check(creds.replace(user.seed(), NKey.generate('user').seed()));
    assert.deepEqual(codes(mismatch), ['seed-mismatch']);
    assert.match(mismatch.reasons[0].message, /the seed belongs to user U[A-Z2-7]+, but the JWT is for U[A-Z2-7]+: .*put the user's own seed/);
  });

  it('an expired user, one not yet valid, a bearer user', async () => {
    const expired = await check(await storeUserCreds('expired', { expires: new Date(Date.now() - 60_000) }));
    assert.deepEqual(codes(expired), ['user-expired']);
    assert.match(expired.reasons[0].message, /expired on .*user edit --expiry/);
    const early = await check(await storeUserCreds('early', { notBefore: new Date(Date.now() + 3_600_000) }));
    assert.deepEqual(codes(early), ['user-not-yet-valid']);
    const bearer = await check(await storeUserCreds('bearer', { bearer: true }));
    assert.deepEqual(codes(bearer), []);
    assert.deepEqual(
      bearer.notes.map((n) => n.code),
      ['bearer'],
    );
  });

  it('a user signed by a key that is not the account nor one of its signing keys', async () => {
    const user = NKey.generate('user');
    const stranger = NKey.generate('account');
    const jwt = signClaims({ jti: 'J1', iat: Math.floor(Date.now() / 1000), iss: stranger.publicKey, sub: user.publicKey, name: 'stray', nats: { issuer_account: appKey, type: 'user', version: 2 } }, stranger);
    const d = await check(formatCreds(jwt, user));
    assert.deepEqual(codes(d), ['unknown-signer']);
    assert.match(d.reasons[0].message, new RegExp(`signed by ${stranger.publicKey}, which is neither account 'APP'.*sign the user again`));
  });

  it("a scoped signing key's user carrying its own permissions", async () => {
    const user = NKey.generate('user');
    const jwt = signClaims(
      { jti: 'J2', iat: Math.floor(Date.now() / 1000), iss: scopedKey, sub: user.publicKey, name: 'scoped', nats: { issuer_account: appKey, pub: { allow: ['x'] }, type: 'user', version: 2 } },
      keyOf(store, scopedKey),
    );
    const d = await check(formatCreds(jwt, user));
    assert.deepEqual(codes(d), ['scoped-user-permissions']);
    assert.match(d.reasons[0].message, /role 'reader'.*remove its own permissions/);
  });

  it('a revoked user, and an account the store does not have', async () => {
    const creds = await storeUserCreds('revoked');
    await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['revoked'] });
    const d = await check(creds);
    assert.deepEqual(codes(d), ['user-revoked']);
    assert.match(d.reasons[0].message, /revoked by account 'APP'.*once the account is pushed/);

    const other = NKey.generate('account');
    const user = NKey.generate('user');
    const foreign = await check(formatCreds(await encodeUserJwt({ name: 'f', user, account: other }), user));
    assert.deepEqual(codes(foreign), ['account-not-in-store']);
    assert.match(foreign.reasons[0].message, new RegExp(`account ${other.publicKey} is not in operator 'OP'`));
  });

  it('an expired account', async () => {
    const old = await addAccount({ store, operator: 'OP', name: 'OLD', expires: new Date(Date.now() - 60_000) });
    const user = NKey.generate('user');
    const d = await check(formatCreds(await encodeUserJwt({ name: 'u', user, account: keyOf(store, old.publicKey) }), user));
    assert.deepEqual(codes(d), ['account-expired']);
    assert.match(d.reasons[0].message, /account 'OLD' expired on .*no user of it can log in; give the account a new expiry/);
  });

  it('escapes the names it shows (a user named with terminal escapes)', async () => {
    const user = NKey.generate('user');
    const jwt = await encodeUserJwt({ name: 'evil\u001b[2J\u202e', user, account: accountKey, expires: new Date(Date.now() - 1000) });
    const d = diagnoseCreds(formatCreds(jwt, user), { operator: await operator() });
    assert.equal(d.user?.name, 'evil\\u001b[2J\\u202e');
    for (const r of [...d.reasons, ...d.notes]) assert.doesNotMatch(r.message, /[\u001b\u202e]/);
  });

  it('the CLI: exit 0, 1 with the reasons (text and JSON), 2 on usage errors', async () => {
    fs.writeFileSync(path.join(root, 'good.creds'), await storeUserCreds('cli-good'), { mode: 0o600 });
    fs.writeFileSync(path.join(root, 'old.creds'), await storeUserCreds('cli-old', { expires: new Date(Date.now() - 60_000) }), { mode: 0o600 });
    const good = await cli(root, 'diagnose', '--creds', 'good.creds', '--store', '.', '--operator', 'OP');
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /User 'cli-good' U[A-Z2-7]+ of account 'APP' A[A-Z2-7]+\nThe login works\./);
    const old = await cli(root, 'diagnose', '--creds', 'old.creds', '--store', '.', '--operator', 'OP', '--format', 'json');
    assert.equal(old.code, 1, old.err);
    const json = JSON.parse(old.out) as { ok: boolean; reasons: { code: string; message: string }[] };
    assert.equal(json.ok, false);
    assert.deepEqual(
      json.reasons.map((r) => r.code),
      ['user-expired'],
    );
    assert.equal((await cli(root, 'diagnose', '--creds', 'old.creds')).code, 1, 'without a store: the JWT alone');
    const hostile = 'bad\u001b[2J.creds';
    fs.writeFileSync(path.join(root, hostile), 'not creds', { mode: 0o600 });
    const bad = await cli(root, 'diagnose', '--creds', hostile);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /bad\\u001b\[2J\.creds: no "-----BEGIN NATS USER JWT-----" line: this is not a \.creds file; write the file again/);
    assert.doesNotMatch(bad.out, /\u001b/);
    assert.equal((await cli(root, 'diagnose')).code, 2);
    assert.equal((await cli(root, 'diagnose', '--creds', 'missing.creds')).code, 2);
    assert.equal((await cli(root, 'diagnose', '--creds', 'good.creds', '--store', '.', '--operator', 'NOPE')).code, 1);
  });
});

