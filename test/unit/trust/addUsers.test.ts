import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addUser, addUsers, createOperator, entries, parseCreds, paths, readStore, TrustError, UserEntry, UserResult, verifyJwt } from '../../../src/core/trust';
import { tempRoot, walk } from './helpers';

/** Every file below the store with its content, folders as ''. */
function snapshot(root: string): string[][] {
  return walk(root).map((f) => [f, f.endsWith('/') ? '' : fs.readFileSync(path.join(root, f), 'utf8')]);
}

function userFiles(root: string, user: string): string[] {
  return walk(root).filter((f) => path.basename(f).startsWith(`${user}.`));
}

describe('addUsers: a batch of users for one account', () => {
  const tmp = tempRoot('batch');
  const { store } = tmp;
  before(async () => {
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
  });
  after(() => tmp.remove());

  it('writes every user as addUser does and reads them back without problems, reporting progress', async () => {
    const progress: [number, number, string][] = [];
    const specs = [
      { name: 'u1', permissions: { pub: { allow: ['u1.>'] } } },
      { name: 'u2', expires: new Date(Date.now() + 86_400_000) },
      { name: 'u3', tags: ['batch'] },
    ];
    const results = await addUsers({ store, operator: 'OP', account: 'APP', users: specs, onProgress: (done, total, user) => progress.push([done, total, user.name]) });
    assert.deepEqual(progress, [
      [1, 3, 'u1'],
      [2, 3, 'u2'],
      [3, 3, 'u3'],
    ]);
    const single = await addUser({ store, operator: 'OP', account: 'APP', name: 'one' });
    const model = await readStore(store);
    const app = model.operators[0].accounts.find((a) => a.name === 'APP');
    assert.deepEqual(app?.users.map((u) => u.name), ['one', 'u1', 'u2', 'u3']);
    assert.deepEqual([...entries(model)].flatMap((e) => e.problems.map((p) => `${e.name}: ${p.message}`)), []);
    for (const r of [...results, single]) {
      const user: UserEntry | undefined = app?.users.find((u) => u.name === r.name);
      assert.equal(user?.publicKey, r.publicKey);
      assert.equal(user?.key?.hasSeed, true, r.name);
      assert.equal(fs.readFileSync(r.jwtPath, 'utf8'), r.jwt);
      assert.equal(r.credsPath, paths.creds(store, 'OP', 'APP', r.name));
      const creds = parseCreds(fs.readFileSync(r.credsPath, 'utf8'));
      assert.equal(creds.jwt, r.jwt);
      assert.equal(r.issuerAccount, app?.publicKey, 'signed by the account signing key');
    }
    assert.deepEqual((verifyJwt(results[0].jwt).claims?.nats as { pub?: unknown }).pub, { allow: ['u1.>'] });
    for (const rel of walk(tmp.root)) {
      const mode = fs.statSync(path.join(tmp.root, rel)).mode & 0o777;
      assert.equal(mode, rel.endsWith('/') ? 0o700 : 0o600, `${rel} has mode ${mode.toString(8)}`);
      assert.doesNotMatch(rel, /\.tmp$/);
    }
  });

  it('refuses a batch naming an existing user or a name twice before writing anything', async () => {
    const before = snapshot(tmp.root);
    await assert.rejects(
      addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'fresh1' }, { name: 'u2' }, { name: 'fresh2' }] }),
      (e: TrustError) => e.code === 'exists' && /user 'u2' of account 'APP' already exists/.test(e.message),
    );
    await assert.rejects(addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'twice' }, { name: 'twice' }] }), (e: TrustError) => e.code === 'invalid-argument' && /'twice' is listed twice/.test(e.message));
    await assert.rejects(addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'ok' }, { name: 'a/b' }] }), (e: TrustError) => e.code === 'invalid-name');
    assert.deepEqual(snapshot(tmp.root), before, 'nothing written, nothing changed');
  });

  it('names a user that fails mid-batch and leaves no file of the batch behind', async () => {
    const before = snapshot(tmp.root);
    // Someone else creates r2's .creds after the batch checked the names: r2's write must not clobber it.
    const theirs = paths.creds(store, 'OP', 'APP', 'r2');
    const onProgress = (done: number): void => {
      if (done === 1) fs.writeFileSync(theirs, 'not ours', { mode: 0o600 });
    };
    await assert.rejects(
      addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'r1' }, { name: 'r2' }, { name: 'r3' }], onProgress }),
      (e: TrustError) => e.code === 'exists' && /user 'r2' \(2 of 3\) could not be added/.test(e.message) && /no user of the batch was added/.test(e.message),
    );
    assert.equal(fs.readFileSync(theirs, 'utf8'), 'not ours');
    fs.rmSync(theirs);
    assert.deepEqual(snapshot(tmp.root), before, 'r1, written before r2 failed, was removed again: nothing of the batch is left');
    const model = await readStore(store);
    assert.deepEqual(model.problems, []);
  });

  it('stops between users when cancelled, leaving no user of the batch', async () => {
    const before = snapshot(tmp.root);
    const controller = new AbortController();
    const done: UserResult[] = [];
    const onProgress = (n: number, _total: number, user: UserResult): void => {
      done.push(user);
      if (n === 2) controller.abort();
    };
    const users = ['c1', 'c2', 'c3', 'c4'].map((name) => ({ name }));
    await assert.rejects(
      addUsers({ store, operator: 'OP', account: 'APP', users, onProgress, signal: controller.signal }),
      (e: TrustError) => e.code === 'cancelled' && /after 2 of 4; no user of the batch was added/.test(e.message),
    );
    assert.deepEqual(done.map((u) => u.name), ['c1', 'c2']);
    assert.deepEqual(snapshot(tmp.root), before);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'never' }], signal: aborted.signal }), (e: TrustError) => e.code === 'cancelled');
    assert.deepEqual(userFiles(tmp.root, 'never'), []);
  });

  it('refuses to add users to an account that does not exist', async () => {
    await assert.rejects(addUsers({ store, operator: 'OP', account: 'NOPE', users: [{ name: 'x' }] }), (e: TrustError) => e.code === 'not-found' && /account 'NOPE'/.test(e.message));
  });
});
