/**
 * Rotating signing keys in the core: the new key takes the old one's place (with its scope), what
 * the old key signed is signed again with the same claims, `.creds` are rewritten, revoked and
 * broken entries are left as they are, and a failure at any write leaves the store as it was.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  addAccount,
  addSigningKey,
  addUser,
  createOperator,
  parseCreds,
  parseJwt,
  paths,
  readOperatorEntry,
  revokeUsers,
  rotateSigningKey,
} from '../../../src/core/trust';
import { setFileFaultHook } from '../../../src/core/trust/files';
import { keyOf, rejectsWith, tamper, tempRoot, walk } from './helpers';

interface Claims {
  iss: string;
  sub: string;
  name?: string;
  exp?: number;
  iat?: number;
  nats: Record<string, unknown>;
}

const claimsOf = (file: string): Claims => {
  const p = parseJwt(fs.readFileSync(file, 'utf8'));
  assert.ok(p.ok);
  return p.jwt.claims as Claims;
};

/** The claims that must survive a re-issue: everything but issuer, issue time and id. */
const kept = (c: Claims): unknown => ({ sub: c.sub, name: c.name, exp: c.exp, nats: c.nats });

async function errorsIn(store: Parameters<typeof readOperatorEntry>[0]): Promise<string[]> {
  const entry = await readOperatorEntry(store, 'OP');
  assert.ok(entry);
  const all = [entry, ...entry.accounts, ...entry.accounts.flatMap((a) => a.users)];
  return all.flatMap((e) => e.problems.filter((p) => p.severity === 'error').map((p) => `${e.name}: ${p.message}`));
}

describe('trust: rotating signing keys', function () {
  this.timeout(30_000);

  describe('an account signing key', () => {
    const tmp = tempRoot('rotate-acc');
    const { store } = tmp;
    let oldKey: string;
    let otherKey: string;
    after(() => tmp.remove());

    before(async () => {
      await createOperator({ store, name: 'OP' });
      oldKey = (await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true })).signingKey ?? '';
      otherKey = (await addSigningKey({ store, operator: 'OP', account: 'APP' })).publicKey;
      await addUser({ store, operator: 'OP', account: 'APP', name: 'a', permissions: { pub: { allow: ['orders.>'] } }, expires: new Date(Date.now() + 86_400_000), tags: ['team:x'] });
      await addUser({ store, operator: 'OP', account: 'APP', name: 'b', bearer: true });
      await addUser({ store, operator: 'OP', account: 'APP', name: 'own', signWith: 'identity' });
      await addUser({ store, operator: 'OP', account: 'APP', name: 'other', signWith: otherKey });
      await addUser({ store, operator: 'OP', account: 'APP', name: 'gone' });
      await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['gone'] });
    });

    it('refuses a key the account does not have, and its own key, writing nothing', async () => {
      const before = walk(tmp.root);
      const app = claimsOf(paths.accountJwt(store, 'OP', 'APP'));
      await rejectsWith(rotateSigningKey({ store, operator: 'OP', account: 'APP', key: app.sub }), 'not-found', /account 'APP' has no signing key A/);
      await rejectsWith(rotateSigningKey({ store, operator: 'OP', account: 'APP', key: 'nobody' }), 'not-found', /has no signing key nobody/);
      await rejectsWith(rotateSigningKey({ store, operator: 'OP', account: 'NOPE', key: oldKey }), 'not-found', /account 'NOPE'/);
      assert.deepEqual(walk(tmp.root), before);
    });

    it('a failed write at any step leaves the store exactly as it was', async () => {
      const before = walk(tmp.root);
      const files = before.filter((f) => fs.statSync(`${tmp.root}/${f}`).isFile());
      const contents = files.map((f) => fs.readFileSync(`${tmp.root}/${f}`, 'utf8'));
      // Fail the 1st, 2nd, 4th… disk change: the seed, the account JWT, the push record, then the
      // users' JWTs and .creds (written and fsync'ed together, then each moved into place).
      for (const failAt of [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26]) {
        let n = 0;
        setFileFaultHook((step) => {
          if (step !== 'commit' && ++n === failAt) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        });
        try {
          await assert.rejects(rotateSigningKey({ store, operator: 'OP', account: 'APP', key: oldKey }), `failing write ${failAt}`);
        } finally {
          setFileFaultHook(undefined);
        }
        assert.deepEqual(walk(tmp.root), before, `after failing write ${failAt}`);
        assert.deepEqual(
          files.map((f) => fs.readFileSync(`${tmp.root}/${f}`, 'utf8')),
          contents,
          `contents after failing write ${failAt}`,
        );
      }
    });

    it('puts the new key in the old one’s place, re-issues its users with the same claims and rewrites their .creds', async () => {
      const users = ['a', 'b', 'own', 'other', 'gone'];
      const before = Object.fromEntries(users.map((u) => [u, claimsOf(paths.userJwt(store, 'OP', 'APP', u))]));
      const r = await rotateSigningKey({ store, operator: 'OP', account: 'APP', key: oldKey });
      assert.equal(r.oldKey, oldKey);
      assert.notEqual(r.newKey, oldKey);
      assert.equal(keyOf(store, r.newKey).publicKey, r.newKey, 'the new seed is in the keystore');
      assert.ok(fs.existsSync(paths.seed(store, oldKey)), 'the old seed stays without removeSeed');

      const app = claimsOf(paths.accountJwt(store, 'OP', 'APP'));
      assert.deepEqual(app.nats.signing_keys, [r.newKey, otherKey]);
      assert.deepEqual(r.reissued.map((u) => u.name).sort(), ['a', 'b']);
      assert.deepEqual(r.skipped.map((u) => u.name), ['gone']);
      assert.match(r.skipped[0].reason, /revoked .*newer than the revocation/);

      for (const name of ['a', 'b']) {
        const now = claimsOf(paths.userJwt(store, 'OP', 'APP', name));
        assert.equal(now.iss, r.newKey, `${name} is signed by the new key`);
        assert.deepEqual(kept(now), kept(before[name]), `${name} keeps its claims`);
        const creds = parseCreds(fs.readFileSync(paths.creds(store, 'OP', 'APP', name), 'utf8'));
        assert.equal(creds.jwt, fs.readFileSync(paths.userJwt(store, 'OP', 'APP', name), 'utf8').trim(), `${name}'s .creds holds the new JWT`);
        assert.equal(r.reissued.find((u) => u.name === name)?.credsRewritten, paths.creds(store, 'OP', 'APP', name));
      }
      for (const name of ['own', 'other', 'gone']) assert.deepEqual(claimsOf(paths.userJwt(store, 'OP', 'APP', name)), before[name], `${name} is untouched`);

      // The store reads clean but for the revoked user, which now names a key the account no longer has.
      assert.deepEqual((await errorsIn(store)).filter((e) => !e.startsWith('gone:')), []);
      const entry = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'APP');
      assert.equal(entry?.changedSincePush, true, 'the account must be pushed');
    });

    it('a scoped key keeps its role and template; removeSeed deletes the old seed; a tampered user is not signed again', async () => {
      const scoped = await addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'reader', template: { permissions: { sub: { allow: ['r.>'] } } } } });
      const reader = await addUser({ store, operator: 'OP', account: 'APP', name: 'reader', signWith: 'reader' });
      const forged = await addUser({ store, operator: 'OP', account: 'APP', name: 'forged', signWith: 'reader' });
      fs.writeFileSync(forged.jwtPath, tamper(forged.jwt, (c) => ((c.nats as Record<string, unknown>).pub = { allow: ['>'] })));
      const before = claimsOf(reader.jwtPath);
      const r = await rotateSigningKey({ store, operator: 'OP', account: 'APP', key: 'reader', removeSeed: true });
      assert.equal(r.oldKey, scoped.publicKey);
      assert.equal(r.role, 'reader');
      assert.equal(r.seedRemoved, paths.seed(store, scoped.publicKey));
      assert.equal(fs.existsSync(paths.seed(store, scoped.publicKey)), false);
      const keys = claimsOf(paths.accountJwt(store, 'OP', 'APP')).nats.signing_keys as unknown[];
      const entry = keys.find((k) => typeof k === 'object') as { key: string; role: string; template: unknown; kind: string };
      assert.deepEqual({ ...entry, key: '' }, { kind: 'user_scope', key: '', role: 'reader', template: { subs: -1, data: -1, payload: -1, sub: { allow: ['r.>'] } } });
      assert.equal(entry.key, r.newKey);
      assert.deepEqual(r.reissued.map((u) => u.name), ['reader']);
      assert.deepEqual(kept(claimsOf(reader.jwtPath)), kept(before));
      assert.deepEqual(r.skipped.map((u) => u.name), ['forged']);
      assert.match(r.skipped[0].reason, /fails verification .*signature/);
      const app = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'APP');
      const user = app?.users.find((u) => u.name === 'reader');
      assert.equal(user?.scope?.role, 'reader', 'the re-issued user is read with its role');
      assert.deepEqual(user?.problems, []);
    });
  });

  describe('an operator signing key', () => {
    const tmp = tempRoot('rotate-op');
    const { store } = tmp;
    after(() => tmp.remove());

    it('lists the new key in the operator JWT and re-signs every account the old one signed', async () => {
      const op = await createOperator({ store, name: 'OP' });
      const oldKey = op.operator.signingKey ?? '';
      await addAccount({ store, operator: 'OP', name: 'APP' });
      await addAccount({ store, operator: 'OP', name: 'OWN', signWith: 'identity' });
      const before = Object.fromEntries(['SYS', 'APP', 'OWN'].map((a) => [a, claimsOf(paths.accountJwt(store, 'OP', a))]));
      assert.equal(before.APP.iss, oldKey);

      const r = await rotateSigningKey({ store, operator: 'OP', key: oldKey });
      const operator = claimsOf(paths.operatorJwt(store, 'OP'));
      assert.deepEqual(operator.nats.signing_keys, [r.newKey]);
      assert.equal(operator.iss, operator.sub, 'self-signed');
      assert.equal(operator.nats.system_account, before.SYS.sub);
      assert.deepEqual(r.reissued.map((a) => a.name).sort(), ['APP', 'SYS']);
      for (const a of ['SYS', 'APP']) {
        const now = claimsOf(paths.accountJwt(store, 'OP', a));
        assert.equal(now.iss, r.newKey);
        assert.deepEqual(kept(now), kept(before[a]), `${a} keeps its claims`);
      }
      assert.deepEqual(claimsOf(paths.accountJwt(store, 'OP', 'OWN')), before.OWN, 'an account signed by the identity key is untouched');
      assert.deepEqual(await errorsIn(store), []);
      const changed = (await readOperatorEntry(store, 'OP'))?.accounts.filter((a) => a.changedSincePush).map((a) => a.name).sort();
      assert.deepEqual(changed, ['APP', 'SYS']);
    });

    it('needs the operator’s own seed to re-sign the operator JWT', async () => {
      const operator = claimsOf(paths.operatorJwt(store, 'OP'));
      const key = (operator.nats.signing_keys as string[])[0];
      fs.renameSync(paths.seed(store, operator.sub), `${tmp.root}/op.nk`);
      const before = walk(tmp.root);
      await rejectsWith(rotateSigningKey({ store, operator: 'OP', key }), 'missing-seed', /the seed of operator 'OP'/);
      assert.deepEqual(walk(tmp.root), before);
    });
  });
});
