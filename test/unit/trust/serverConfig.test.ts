import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addGitignoreEntry, createOperator, gitignoreHas, serverConfig, TrustError } from '../../../src/core/trust';
import { tamper, tempRoot } from './helpers';

describe('trust server config', () => {
  const tmp = tempRoot('conf');
  after(() => tmp.remove());
  let sysKey: string;

  before(async () => {
    const { store } = tmp;
    const op = await createOperator({ store, name: 'OP' });
    sysKey = op.systemAccount?.publicKey ?? '';
    await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true });
    const bad = await addAccount({ store, operator: 'OP', name: 'BAD' });
    fs.writeFileSync(bad.jwtPath, tamper(bad.jwt, (c) => (c.name = 'EVIL')));
  });

  it('memory resolver: operator, system account and every valid account preloaded; invalid ones left out with why', async () => {
    const r = await serverConfig({ store: tmp.store, operator: 'OP' });
    assert.deepEqual(r.preloaded.map((a) => a.name), ['APP', 'SYS']);
    assert.deepEqual(r.skipped.map((s) => [s.name, s.problems.map((p) => p.code)]), [['BAD', ['bad-signature', 'name-mismatch']]]);
    assert.match(r.text, /^operator: "eyJ[^"]+"$/m);
    assert.match(r.text, new RegExp(`^system_account: ${sysKey}$`, 'm'));
    assert.match(r.text, /^resolver: MEMORY$/m);
    assert.match(r.text, /^resolver_preload: \{\n {2}# "APP"\n {2}A[A-Z2-7]{55}: "eyJ[^"]+"\n {2}# "SYS"\n/m);
    assert.match(r.text, /^# Left out: account "BAD": "the signature does not match/m);
    for (const line of r.text.split('\n')) assert.ok(line === '' || line.startsWith('#') || /^[a-z_]+:|^ {2}|^}$/.test(line), `unexpected line: ${line}`);
  });

  it('full resolver: a resolver block with instructions to push, only the system account preloaded', async () => {
    const r = await serverConfig({ store: tmp.store, operator: 'OP', resolver: 'full', resolverDir: '/var/lib/nats/jwt' });
    assert.deepEqual(r.preloaded.map((a) => a.name), ['SYS']);
    assert.match(r.text, /resolver: \{\n {2}type: full\n {2}dir: "\/var\/lib\/nats\/jwt"\n {2}allow_delete: false\n {2}interval: "2m"\n {2}limit: 1000\n\}/);
    assert.match(r.text, /push every other account/);
  });

  it('refuses an unknown operator', async () => {
    await assert.rejects(serverConfig({ store: tmp.store, operator: 'NOPE' }), (e: TrustError) => e.code === 'not-found' && /operator 'NOPE' does not exist/.test(e.message));
  });

  it('adds a .gitignore entry once, keeping what is there', () => {
    const dir = path.join(tmp.root, 'ws');
    fs.mkdirSync(dir);
    assert.equal(gitignoreHas(dir, '*.creds'), false);
    assert.equal(addGitignoreEntry(dir, '*.creds'), true);
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '*.creds\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules');
    assert.equal(addGitignoreEntry(dir, '*.creds'), true);
    assert.equal(addGitignoreEntry(dir, '*.creds'), false);
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'node_modules\n*.creds\n');
    assert.equal(gitignoreHas(dir, '*.creds'), true);
  });
});
