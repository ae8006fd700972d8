import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addAccount,
  addSigningKey,
  addUser,
  createOperator,
  entries,
  generateUserCreds,
  NKey,
  paths,
  pushAccountFromStore,
  readStore,
  serverConfig,
  StoreLocation,
  TrustError,
} from '../../../src/core/trust';
import { loadSeed } from '../../../src/core/trust/storeWrite';
import { signClaims, tempRoot } from './helpers';

const invalid = (pattern: RegExp) => (e: unknown): boolean => e instanceof TrustError && e.code === 'invalid' && pattern.test(e.message);

async function problemsOf(store: StoreLocation, kind: string, name: string): Promise<string[]> {
  const model = await readStore(store);
  const entry = [...entries(model)].find((e) => e.kind === kind && e.name === name);
  assert.ok(entry, `${kind} ${name}`);
  return entry.problems.filter((p) => p.severity === 'error').map((p) => p.code);
}

describe('trust store: a JWT that names another entity (swapped or copied) is refused', () => {
  const tmp = tempRoot('identity');
  after(() => tmp.remove());
  const { store } = tmp;
  let sysKey: string;
  let appKey: string;

  before(async () => {
    const op = await createOperator({ store, name: 'OP' });
    sysKey = op.systemAccount?.publicKey as string;
    appKey = (await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true })).publicKey;
    await addAccount({ store, operator: 'OP', name: 'OTHER' });
    await addUser({ store, operator: 'OP', account: 'APP', name: 'alice' });
    await addUser({ store, operator: 'OP', account: 'APP', name: 'bob' });
    // cp SYS/SYS.jwt APP/APP.jwt; cp users/bob.jwt users/alice.jwt
    fs.copyFileSync(paths.accountJwt(store, 'OP', 'SYS'), paths.accountJwt(store, 'OP', 'APP'));
  });

  it('the store model: the copy is an error (name and duplicate key), the real system account stays valid', async () => {
    const model = await readStore(store);
    const [op] = model.operators;
    const app = op.accounts.find((a) => a.name === 'APP');
    const sys = op.accounts.find((a) => a.name === 'SYS');
    assert.ok(app && sys);
    assert.deepEqual(app.problems.filter((p) => p.severity === 'error').map((p) => p.code), ['name-mismatch', 'duplicate-key']);
    assert.match(app.problems[0].message, /is that of account 'SYS' \(A[A-Z2-7]{55}, the operator's system account\), not of account 'APP'/);
    assert.equal(app.isSystem, false);
    assert.deepEqual(sys.problems.filter((p) => p.severity === 'error'), []);
    assert.equal(sys.isSystem, true);
  });

  it('nothing is signed for it: user add, creds and push refuse; no creds of the system account come out', async () => {
    await assert.rejects(addUser({ store, operator: 'OP', account: 'APP', name: 'mallory' }), invalid(/account 'APP' of operator 'OP' is not valid .*is that of account 'SYS'/));
    assert.equal(fs.existsSync(paths.userJwt(store, 'OP', 'APP', 'mallory')), false);
    await assert.rejects(generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: path.join(tmp.root, 'a.creds') }), invalid(/account 'APP'/));
    assert.equal(fs.existsSync(path.join(tmp.root, 'a.creds')), false);
    await assert.rejects(addSigningKey({ store, operator: 'OP', account: 'APP' }), invalid(/account 'APP'/));
    await assert.rejects(pushAccountFromStore({ store, operator: 'OP', account: 'APP', serverUrl: 'nats://127.0.0.1:1' }), invalid(/account 'APP'/));
  });

  it('server-config preloads the system account once and reports the copy', async () => {
    const r = await serverConfig({ store, operator: 'OP' });
    assert.deepEqual(r.preloaded.map((a) => a.name), ['OTHER', 'SYS']);
    const live = r.text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    assert.deepEqual(live.filter((l) => l.includes(sysKey)).map((l) => l.split(':')[0].trim()), ['system_account', sysKey], 'system_account and one preload entry');
    assert.deepEqual(r.skipped.map((s) => [s.name, s.problems.map((p) => p.code)]), [['APP', ['name-mismatch', 'duplicate-key']]]);
    assert.match(r.text, /^# Left out: account "APP": "the JWT in .* is that of account 'SYS'/m);
    assert.ok(!r.text.includes(appKey), 'the real APP was overwritten: its key appears nowhere');
    assert.deepEqual(r.warnings, []);
  });

  it('a user JWT copied over another user is refused, and so is a copy under a new file name', async () => {
    const tmp2 = tempRoot('identity-users');
    try {
      const s = tmp2.store;
      await createOperator({ store: s, name: 'OP' });
      await addAccount({ store: s, operator: 'OP', name: 'APP' });
      await addUser({ store: s, operator: 'OP', account: 'APP', name: 'alice' });
      await addUser({ store: s, operator: 'OP', account: 'APP', name: 'bob' });
      fs.copyFileSync(paths.userJwt(s, 'OP', 'APP', 'bob'), paths.userJwt(s, 'OP', 'APP', 'alice'));
      fs.copyFileSync(paths.userJwt(s, 'OP', 'APP', 'bob'), paths.userJwt(s, 'OP', 'APP', 'eve'));
      assert.deepEqual(await problemsOf(s, 'user', 'alice'), ['name-mismatch', 'duplicate-key']);
      assert.deepEqual(await problemsOf(s, 'user', 'eve'), ['name-mismatch', 'duplicate-key']);
      assert.deepEqual(await problemsOf(s, 'user', 'bob'), []);
      for (const user of ['alice', 'eve']) {
        const out = path.join(tmp2.root, `${user}.creds`);
        await assert.rejects(generateUserCreds({ store: s, operator: 'OP', account: 'APP', user, outFile: out }), invalid(new RegExp(`user '${user}' of account 'APP' is not valid .*is that of user 'bob'`)));
        assert.equal(fs.existsSync(out), false);
      }
      await generateUserCreds({ store: s, operator: 'OP', account: 'APP', user: 'bob', outFile: path.join(tmp2.root, 'bob.creds') });
    } finally {
      tmp2.remove();
    }
  });

  it('two entries with one key whose names both match: neither can be told to be the real one', async () => {
    const tmp3 = tempRoot('identity-twins');
    try {
      const s = tmp3.store;
      const op = await createOperator({ store: s, name: 'OP', signingKey: false });
      const opKey = loadSeed(s, op.operator.publicKey) as NKey;
      const shared = NKey.generate('account');
      const limits = { subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true };
      for (const name of ['ONE', 'TWO']) {
        const jwt = signClaims({ jti: name, iat: 1, iss: op.operator.publicKey, sub: shared.publicKey, name, nats: { limits, type: 'account', version: 2 } }, opKey);
        fs.mkdirSync(paths.accountDir(s, 'OP', name), { recursive: true });
        fs.writeFileSync(paths.accountJwt(s, 'OP', name), jwt);
      }
      assert.deepEqual(await problemsOf(s, 'account', 'ONE'), ['duplicate-key']);
      assert.deepEqual(await problemsOf(s, 'account', 'TWO'), ['duplicate-key']);
      await assert.rejects(addUser({ store: s, operator: 'OP', account: 'ONE', name: 'u' }), invalid(/also that of account 'TWO': which of them is the real one cannot be told/));
      const r = await serverConfig({ store: s, operator: 'OP' });
      assert.deepEqual(r.preloaded.map((a) => a.name), ['SYS']);
      assert.ok(!r.text.includes(`  ${shared.publicKey}:`), 'the shared key is never preloaded');
    } finally {
      tmp3.remove();
    }
  });

  it('nsc stores under the trimmed name: a JWT name with surrounding white space matches its folder', async () => {
    const tmp4 = tempRoot('identity-trim');
    try {
      const s = tmp4.store;
      const op = await createOperator({ store: s, name: 'OP', signingKey: false });
      const opKey = loadSeed(s, op.operator.publicKey) as NKey;
      const key = NKey.generate('account');
      const limits = { subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true };
      const jwt = signClaims({ jti: 'x', iat: 1, iss: op.operator.publicKey, sub: key.publicKey, name: ' APP\u0085', nats: { limits, type: 'account', version: 2 } }, opKey);
      fs.mkdirSync(paths.accountDir(s, 'OP', 'APP'), { recursive: true });
      fs.writeFileSync(paths.accountJwt(s, 'OP', 'APP'), jwt);
      assert.deepEqual(await problemsOf(s, 'account', 'APP'), []);
    } finally {
      tmp4.remove();
    }
  });
});
