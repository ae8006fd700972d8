/**
 * Two commands changing the same account at once: each reads the account JWT, changes it and
 * writes it back. Without a check the later write silently drops the earlier one's change (both
 * report success); with it, a command whose JWT changed under it fails with 'conflict' and writes
 * nothing, and every change reported as done is in the final JWT.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addExport, createOperator, editAccount, exportsOf, parseJwt, paths, TrustError } from '../../../src/core/trust';
import { assertReferenceClean } from '../../support/referenceValidator';
import { tempRoot, walk } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli.js');

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, out, err) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out, err }));
  });
}

describe('trust: concurrent edits of one account', function () {
  this.timeout(60_000);
  const tmp = tempRoot('concurrent');
  const { store } = tmp;
  const base = { store, operator: 'OP' };
  const exported = (): string[] => {
    const p = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
    assert.ok(p.ok);
    return exportsOf(p.jwt.claims).map((e) => e.subject).sort();
  };

  before(async () => {
    await createOperator({ store, name: 'OP' });
    await addAccount({ ...base, name: 'APP' });
  });
  after(() => tmp.remove());

  it('in one process: no reported change is lost; the ones that lost the race fail with conflict', async () => {
    const subjects = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const results = await Promise.allSettled(subjects.map((subject) => addExport({ ...base, account: 'APP', subject, type: 'stream' })));
    const done = subjects.filter((_, i) => results[i].status === 'fulfilled');
    assert.ok(done.length >= 1, 'at least one edit goes through');
    assert.deepEqual(exported(), done, 'every export reported as added is in the account JWT, and only those');
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof TrustError && r.reason.code === 'conflict', String(r.reason));
        assert.match((r.reason as Error).message, /APP\.jwt was changed by another command while this one was working on it: nothing was written/);
      }
    }
    assert.deepEqual(walk(tmp.root).filter((f) => /\.tmp/.test(f)), [], 'no temporary file is left');
    await assertReferenceClean(tmp.root);
  });

  it('in separate processes (the CLI): every command that says it changed the account did', async () => {
    const before = exported();
    const subjects = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const runs = await Promise.all(subjects.map((s) => run(['export', 'add', '--store', tmp.root, '--operator', 'OP', '--account', 'APP', '--subject', s, '--stream'])));
    const done = subjects.filter((_, i) => runs[i].code === 0);
    for (const [i, r] of runs.entries()) {
      if (r.code !== 0) assert.match(r.err, /was changed by another command while this one was working on it/, `${subjects[i]}: ${r.err}`);
    }
    assert.ok(done.length >= 1, runs.map((r) => r.err).join('\n'));
    assert.deepEqual(exported(), [...before, ...done].sort());
    await assertReferenceClean(tmp.root);
  });

  it('a conflict leaves the JWT the other command wrote', async () => {
    const [a, b] = await Promise.allSettled([
      editAccount({ ...base, name: 'APP', description: 'first' }),
      editAccount({ ...base, name: 'APP', limits: { connections: 7 } }),
    ]);
    const p = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
    assert.ok(p.ok);
    const nats = p.jwt.claims.nats as { description?: string; limits?: { conn?: number } };
    assert.equal(nats.description === 'first', a.status === 'fulfilled');
    assert.equal(nats.limits?.conn === 7, b.status === 'fulfilled');
  });
});
