/**
 * The reference validator itself (test/go/jwtcheck, nats-io's Go jwt/v2): on hand-built stores it
 * must report exactly what Go and nats-server object to, and nothing on a good store.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatCreds, NKey, paths, StoreLocation } from '../../../src/core/trust';
import { signJwt } from '../../../src/core/trust/jwtEncode';
import { assertReferenceClean, recordOf, runReferenceValidator } from '../../support/referenceValidator';
import { signClaims } from '../../unit/trust/helpers';
import { tempRoot } from './helpers';

function write(file: string, text: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text, { mode });
}

/** An operator and one account written by hand; users are added by each test. */
function handStore(store: StoreLocation): { op: NKey; account: NKey; scoped: NKey; plain: NKey } {
  const op = NKey.generate('operator');
  const account = NKey.generate('account');
  const scoped = NKey.generate('account');
  const plain = NKey.generate('account');
  write(paths.operatorJwt(store, 'OP'), signJwt({ name: 'OP', sub: op.publicKey, nats: { type: 'operator' } }, op));
  const template = { pub: { allow: ['orders.>'] }, sub: { allow: ['_INBOX.>'] }, subs: -1, data: -1, payload: -1 };
  const limits = { conn: -1, subs: -1, data: -1, payload: -1, imports: -1, exports: -1, leaf: -1, wildcards: true };
  write(
    paths.accountJwt(store, 'OP', 'APP'),
    signJwt({ name: 'APP', sub: account.publicKey, nats: { type: 'account', limits, signing_keys: [plain.publicKey, { kind: 'user_scope', key: scoped.publicKey, role: 'orders', template }] } }, op),
  );
  for (const k of [op, account, scoped, plain]) write(paths.seed(store, k.publicKey), k.seed());
  return { op, account, scoped, plain };
}

/** A .creds file holding `jwt` (of `owner`) with the seed of `other` (formatCreds refuses to write one). */
function credsWithSeedOf(jwt: string, owner: NKey, other: NKey): string {
  return formatCreds(jwt, owner).replace(owner.seed(), other.seed());
}

function userJwt(name: string, user: NKey, signer: NKey, nats: Record<string, unknown>): string {
  return signJwt({ name, sub: user.publicKey, nats: { type: 'user', ...nats } }, signer);
}

describe('the reference validator (nats-io/jwt v2) on hand-built stores', function () {
  this.timeout(60_000);
  const roots: { remove(): void }[] = [];
  after(() => roots.forEach((r) => r.remove()));
  function newStore(): { root: string; store: StoreLocation } {
    const t = tempRoot('jwtcheck');
    roots.push(t);
    return t;
  }

  it('scoped signing keys: a user without permissions or limits passes, one with them is refused as Go refuses it', async () => {
    const { root, store } = newStore();
    const { account, scoped, plain } = handStore(store);
    const good = NKey.generate('user');
    const bad = NKey.generate('user');
    const direct = NKey.generate('user');
    write(paths.userJwt(store, 'OP', 'APP', 'good'), userJwt('good', good, scoped, { issuer_account: account.publicKey }));
    // What `user add` wrote before scoped keys were understood: limits (-1) and permissions.
    write(paths.userJwt(store, 'OP', 'APP', 'bad'), userJwt('bad', bad, scoped, { issuer_account: account.publicKey, subs: -1, data: -1, payload: -1, pub: { allow: ['x'] } }));
    write(paths.userJwt(store, 'OP', 'APP', 'plain'), userJwt('plain', direct, plain, { issuer_account: account.publicKey, subs: -1, data: -1, payload: -1 }));
    write(paths.creds(store, 'OP', 'APP', 'good'), formatCreds(fs.readFileSync(paths.userJwt(store, 'OP', 'APP', 'good'), 'utf8'), good));

    const records = await assertReferenceClean(root, [
      { file: 'stores/OP/accounts/APP/users/bad.jwt', code: 'scope' },
    ]);
    assert.deepEqual(recordOf(records, 'stores/OP/accounts/APP/users/bad.jwt').findings.map((f) => f.message), ['scoped users require no permissions or limits set']);
    const acc = recordOf(records, 'stores/OP/accounts/APP/APP.jwt').decoded;
    const scopedEntry = acc?.signing_keys?.find((k) => k.key === scoped.publicKey);
    assert.equal(scopedEntry?.scoped, true);
    assert.equal(scopedEntry?.role, 'orders');
    assert.deepEqual(scopedEntry?.template?.pub, { allow: ['orders.>'] });
    assert.equal(acc?.signing_keys?.find((k) => k.key === plain.publicKey)?.scoped, false);
    assert.equal(recordOf(records, 'stores/OP/accounts/APP/users/good.jwt').decoded?.scoped, true);
  });

  it('reports what Go rejects or would misread, each as its own finding', async () => {
    const { root, store } = newStore();
    const { account, plain } = handStore(store);
    const u = (): NKey => NKey.generate('user');
    // Signed by a signing key without naming the account: nats-server looks for an account by that key.
    const noIssuerAccount = u();
    write(paths.userJwt(store, 'OP', 'APP', 'no-ia'), userJwt('no-ia', noIssuerAccount, plain, { subs: -1, data: -1, payload: -1 }));
    // nats-jwt's `locale`, a field Go does not know (it reads `times_location`).
    write(paths.userJwt(store, 'OP', 'APP', 'locale'), userJwt('locale', u(), account, { subs: -1, data: -1, payload: -1, locale: 'UTC' }));
    // Claims encoded as Latin-1 (what btoa made of `café`): Go reads U+FFFD.
    const latin1 = u();
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ iss: account.publicKey, sub: latin1.publicKey, name: 'latin1', nats: { type: 'user', version: 2, pub: { deny: ['café.>'] } } }), 'latin1').toString('base64url');
    write(paths.userJwt(store, 'OP', 'APP', 'latin1'), `${header}.${body}.${Buffer.from(account.sign(Buffer.from(`${header}.${body}`))).toString('base64url')}`);
    // An escaped lone surrogate: valid UTF-8 JSON text that Go decodes to U+FFFD.
    write(paths.userJwt(store, 'OP', 'APP', 'surrogate'), signClaims({ iss: account.publicKey, sub: u().publicKey, name: 'surrogate', nats: { type: 'user', version: 2, tags: ['\ud800'] } }, account));
    // A user whose JWT names someone else, an expired one, one from an unknown signer.
    write(paths.userJwt(store, 'OP', 'APP', 'renamed'), userJwt('other', u(), account, {}));
    write(paths.userJwt(store, 'OP', 'APP', 'expired'), signJwt({ name: 'expired', sub: u().publicKey, exp: Math.floor(Date.now() / 1000) - 60, nats: { type: 'user' } }, account));
    write(paths.userJwt(store, 'OP', 'APP', 'stranger'), userJwt('stranger', u(), NKey.generate('account'), {}));
    // Seeds: one under another key's name, one readable by others; creds whose seed is another user's.
    const misnamed = NKey.generate('user');
    write(paths.seed(store, u().publicKey), misnamed.seed());
    const open = u();
    write(paths.seed(store, open.publicKey), open.seed(), 0o644);
    const good = u();
    write(paths.userJwt(store, 'OP', 'APP', 'mixed'), userJwt('mixed', good, account, {}));
    write(paths.creds(store, 'OP', 'APP', 'mixed'), credsWithSeedOf(fs.readFileSync(paths.userJwt(store, 'OP', 'APP', 'mixed'), 'utf8'), good, u()));

    const records = await assertReferenceClean(root, [
      { file: 'users/no-ia.jwt', code: 'issuer-account' },
      { file: 'users/locale.jwt', code: 'unknown-field' },
      { file: 'users/latin1.jwt', code: 'utf8' },
      { file: 'users/latin1.jwt', code: 'jti' },
      { file: 'users/surrogate.jwt', code: 'lossy-text' },
      { file: 'users/surrogate.jwt', code: 'jti' },
      { file: 'users/renamed.jwt', code: 'name-mismatch' },
      { file: 'users/expired.jwt', code: 'expired' },
      { file: 'users/stranger.jwt', code: 'issuer' },
      { file: /^keys\/keys\/U\/.*\.nk$/, code: 'seed-mismatch' },
      { file: /^keys\/keys\/U\/.*\.nk$/, code: 'mode' },
      { file: 'keys/creds/OP/APP/mixed.creds', code: 'creds-mismatch' },
    ]);
    assert.match(recordOf(records, 'stores/OP/accounts/APP/users/locale.jwt').findings[0].message, /unknown field "locale"/);
    const latin = recordOf(records, 'stores/OP/accounts/APP/users/latin1.jwt');
    assert.deepEqual(latin.decoded?.pub?.deny, ['caf\ufffd.>'], 'what Go made of the Latin-1 é');
    const expired = recordOf(records, 'stores/OP/accounts/APP/users/expired.jwt').findings;
    assert.deepEqual(expired.map((f) => [f.code, f.severity, f.message]), [['expired', 'time', 'claim is expired']]);
  });

  it('exits 0 when only time findings remain (an expired user is a finding, not a failure), 1 on errors', async () => {
    const { root, store } = newStore();
    const { account } = handStore(store);
    const oldUser = NKey.generate('user');
    write(paths.userJwt(store, 'OP', 'APP', 'old'), signJwt({ name: 'old', sub: oldUser.publicKey, exp: 1, nats: { type: 'user' } }, account));
    const file = path.join(root, 'stores', 'OP', 'accounts', 'APP', 'users', 'old.jwt');
    const expired = await runReferenceValidator(file);
    assert.equal(expired.exitCode, 0);
    assert.deepEqual(expired.records.map((r) => [r.kind, r.findings.map((f) => f.code)]), [['user', ['expired']]]);
    write(paths.creds(store, 'OP', 'APP', 'old'), credsWithSeedOf(fs.readFileSync(file, 'utf8'), oldUser, NKey.generate('user')));
    const mismatch = await runReferenceValidator(root);
    assert.equal(mismatch.exitCode, 1);
    assert.deepEqual(mismatch.records.filter((r) => r.kind === 'creds').map((r) => r.findings.map((f) => f.code)), [['expired', 'creds-mismatch']]);
    await assert.rejects(runReferenceValidator(path.join(root, 'nothing-here')), /the reference validator failed \(2\)/);
  });
});
