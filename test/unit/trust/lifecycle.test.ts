/**
 * Edits, revocations and deletions in the core: the signer stays, scoped users refuse permission
 * edits, revocations are read back, "changed since last push" follows the pushed `jti`, and a
 * delete of a broken entry works.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  addAccount,
  addSigningKey,
  addUser,
  ALL_USERS,
  createOperator,
  deleteUser,
  editAccount,
  editUser,
  parseJwt,
  paths,
  pushStatePath,
  readOperatorEntry,
  readPushRecords,
  recordPush,
  removeSigningKey,
  revokeUsers,
} from '../../../src/core/trust';
import { keyOf, signClaims, tempRoot } from './helpers';

const claimsOf = (file: string): { iss: string; iat?: number; exp?: number; jti?: string; nats: Record<string, unknown> } => {
  const p = parseJwt(fs.readFileSync(file, 'utf8'));
  assert.ok(p.ok);
  return p.jwt.claims;
};

describe('trust lifecycle: edit, revoke, delete', function () {
  this.timeout(30_000);
  const tmp = tempRoot('lifecycle');
  const { store } = tmp;
  let scopedKey: string;

  before(async () => {
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
    scopedKey = (await addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'reader', template: { permissions: { sub: { allow: ['r.>'] } } } } })).publicKey;
  });
  after(() => tmp.remove());

  it('re-signs a user with the key that signed it, keeping claims it does not touch (times)', async () => {
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'timed', signWith: 'identity', expires: new Date(Date.now() + 86_400_000) });
    // A claim our inputs do not set, as nsc writes it: kept by the edit.
    const written = claimsOf(u.jwtPath);
    const times = [{ start: '08:00:00', end: '17:00:00' }];
    fs.writeFileSync(u.jwtPath, signClaims({ ...written, nats: { ...written.nats, times, times_location: 'UTC' } }, keyOf(store, u.issuer)));
    const before = claimsOf(u.jwtPath);
    const r = await editUser({ store, operator: 'OP', account: 'APP', name: 'timed', expires: null, limits: { payload: 1024 } });
    assert.equal(r.issuer, u.issuer);
    const after = claimsOf(u.jwtPath);
    assert.equal(after.iss, before.iss);
    assert.equal(after.exp, undefined);
    assert.equal(after.nats.payload, 1024);
    assert.equal(after.nats.subs, -1);
    assert.deepEqual([after.nats.times, after.nats.times_location], [times, 'UTC']);
  });

  it('a user signed by a scoped key: permissions and limits are refused with the role named, tags and expiry may change', async () => {
    await addUser({ store, operator: 'OP', account: 'APP', name: 'scoped', signWith: 'reader' });
    await assert.rejects(editUser({ store, operator: 'OP', account: 'APP', name: 'scoped', permissions: { 'allow-pub': { add: ['x'] } } }), /scoped signing key with role 'reader'.*allow-pub cannot be edited/);
    await assert.rejects(editUser({ store, operator: 'OP', account: 'APP', name: 'scoped', limits: { subscriptions: 1 } }), /limits cannot be edited/);
    const r = await editUser({ store, operator: 'OP', account: 'APP', name: 'scoped', tags: { add: ['ro'] } });
    assert.equal(r.issuer, scopedKey);
    const nats = claimsOf(r.jwtPath).nats;
    assert.deepEqual(nats.tags, ['ro']);
    assert.equal(nats.subs, undefined, 'still no limits of its own');
  });

  it('revocations: by name, by key and for all users before a time; read back as revokedAt', async () => {
    const a = await addUser({ store, operator: 'OP', account: 'APP', name: 'rev-a' });
    const b = await addUser({ store, operator: 'OP', account: 'APP', name: 'rev-b' });
    const r = await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['rev-a', b.publicKey] });
    assert.deepEqual(r.revoked.map((x) => x.name), ['rev-a', undefined]);
    const entry = (await readOperatorEntry(store, 'OP'))?.accounts.find((x) => x.name === 'APP');
    assert.ok(entry?.users.find((u) => u.name === 'rev-a')?.revokedAt);
    assert.ok(entry?.users.find((u) => u.name === 'rev-b')?.revokedAt);
    assert.equal(entry?.users.find((u) => u.name === 'timed')?.revokedAt, undefined);
    await assert.rejects(revokeUsers({ store, operator: 'OP', account: 'APP', users: ['nobody'] }), /does not exist/);
    await assert.rejects(revokeUsers({ store, operator: 'OP', account: 'APP' }), /name the users/);
    const all = await revokeUsers({ store, operator: 'OP', account: 'APP', allIssuedBefore: new Date(1_000_000_000_000) });
    assert.equal((claimsOf(all.jwtPath).nats.revocations as Record<string, number>)[ALL_USERS], 1_000_000_000);
    assert.ok((claimsOf(all.jwtPath).nats.revocations as Record<string, number>)[a.publicKey]);
  });

  it('changed since last push: none without a record; set by an edit; cleared by recording the push; set again by an edit in the same second', async () => {
    const acc = paths.accountJwt(store, 'OP', 'APP');
    const state = pushStatePath(store, 'OP');
    fs.rmSync(state, { force: true });
    await addAccount({ store, operator: 'OP', name: 'FRESH' });
    const fresh = async (): Promise<boolean | undefined> => (await readOperatorEntry(store, 'OP'))?.accounts.find((x) => x.name === 'FRESH')?.changedSincePush;
    assert.equal(await fresh(), undefined);
    const e = await editAccount({ store, operator: 'OP', name: 'FRESH', limits: { connections: 5 }, description: 'five' });
    assert.deepEqual(e.changes, ['connections: 5', 'description: five']);
    assert.equal(await fresh(), true);
    recordPush(store, 'OP', e.publicKey, e.jwt);
    assert.equal(await fresh(), undefined);
    await editAccount({ store, operator: 'OP', name: 'FRESH', tags: { add: ['x'] } });
    assert.equal(await fresh(), true);
    assert.ok(readPushRecords(store, 'OP')[e.publicKey].pushedSha256);
    fs.writeFileSync(state, '{not json');
    assert.deepEqual(readPushRecords(store, 'OP'), {}, 'a corrupt record file is no record');
    assert.ok(fs.existsSync(acc));
  });

  it('account edits: tiers replace flat limits, flat limits on a tiered account are refused, off with limits is refused', async () => {
    await editAccount({ store, operator: 'OP', name: 'FRESH', jetstream: true });
    const t = await editAccount({ store, operator: 'OP', name: 'FRESH', tiers: { R1: { diskStorage: 100 }, R3: { memStorage: 50 } } });
    assert.ok(t.changes.includes('JetStream: per-tier limits replace the flat ones'));
    await assert.rejects(editAccount({ store, operator: 'OP', name: 'FRESH', jetstreamLimits: { streams: 1 } }), /per-tier JetStream limits \(R1, R3\)/);
    await assert.rejects(editAccount({ store, operator: 'OP', name: 'FRESH', jetstream: false, tiers: { R1: { streams: 1 } } }), /while turning JetStream off/);
    const dropped = await editAccount({ store, operator: 'OP', name: 'FRESH', tiers: { R3: null } });
    assert.deepEqual(Object.keys((claimsOf(dropped.jwtPath).nats.limits as { tiered_limits: object }).tiered_limits), ['R1']);
    await assert.rejects(editAccount({ store, operator: 'OP', name: 'FRESH', limits: { connections: -2 } }), /conn must be a whole number/);
  });

  it('deletes a user whose JWT is corrupt (nothing to verify), with its seed when asked', async () => {
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'broken' });
    fs.writeFileSync(u.jwtPath, 'garbage');
    const r = await deleteUser({ store, operator: 'OP', account: 'APP', name: 'broken', removeCreds: true });
    assert.deepEqual(r.removed, [u.jwtPath, u.credsPath]);
    assert.ok(fs.existsSync(paths.seed(store, u.publicKey)), 'the seed stays unless asked');
    await assert.rejects(deleteUser({ store, operator: 'OP', account: 'APP', name: 'broken' }), /does not exist/);
  });

  it('removing a signing key: by role for a scoped account key; an operator key names the accounts it signed, which then fail verification', async () => {
    const byRole = await removeSigningKey({ store, operator: 'OP', account: 'APP', key: 'reader', removeSeed: true });
    assert.equal(byRole.publicKey, scopedKey);
    assert.deepEqual(byRole.signed, ['scoped']);
    assert.equal(fs.existsSync(paths.seed(store, scopedKey)), false);
    const op = await readOperatorEntry(store, 'OP');
    const opKey = op?.signingKeys[0]?.publicKey;
    assert.ok(opKey);
    const r = await removeSigningKey({ store, operator: 'OP', key: opKey });
    assert.deepEqual(r.signed.sort(), ['APP', 'FRESH', 'SYS']);
    const after = await readOperatorEntry(store, 'OP');
    assert.ok(after?.accounts.find((a) => a.name === 'APP')?.problems.some((p) => p.severity === 'error'), 'APP no longer verifies');
    await assert.rejects(removeSigningKey({ store, operator: 'OP', key: opKey }), /has no signing key/);
  });
});
