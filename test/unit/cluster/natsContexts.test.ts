import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasProfileErrors, natsConfigDir, readNatsContexts, resolveContextCredentials } from '../../../src/core/cluster';

describe('cluster: nats CLI contexts', () => {
  let home: string;
  let ctxDir: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-ctx-'));
    ctxDir = path.join(home, 'nats', 'context');
    fs.mkdirSync(ctxDir, { recursive: true });
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const write = (name: string, body: unknown): void =>
    fs.writeFileSync(path.join(ctxDir, `${name}.json`), typeof body === 'string' ? body : JSON.stringify(body));

  it('uses $XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(natsConfigDir({ env: { XDG_CONFIG_HOME: '/x' } }), path.join('/x', 'nats'));
    assert.equal(natsConfigDir({ env: {} }), path.join(os.homedir(), '.config', 'nats'));
  });

  it('reads every context, the selected one, and keeps secrets in the file only', async () => {
    write('dev', { description: 'local', url: 'nats://127.0.0.1:4222', user: 'a', password: 'pw-in-file' });
    write('prod', { url: 'tls://p1:4222,tls://p2:4222', creds: '/keys/prod.creds', ca: '/keys/ca.pem', jetstream_domain: 'hub' });
    write('tok', { url: 'nats://h:4222', token: 's3cret' });
    fs.writeFileSync(path.join(home, 'nats', 'context.txt'), 'prod\n');
    const result = await readNatsContexts({ configHome: home, env: {} });
    assert.equal(result.dir, ctxDir);
    assert.equal(result.selected, 'prod');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.profiles.map((p) => p.name), ['dev', 'prod', 'tok']);
    const [dev, prod, tok] = result.profiles;
    assert.equal(dev.source, 'nats-context');
    assert.equal(dev.description, 'local');
    assert.deepEqual(dev.auth, { kind: 'user', user: 'a' });
    assert.ok(!JSON.stringify(result).includes('pw-in-file'));
    assert.deepEqual(await resolveContextCredentials(dev, { env: {} }), { user: 'a', password: 'pw-in-file' });
    assert.deepEqual(prod.servers, ['tls://p1:4222', 'tls://p2:4222']);
    assert.deepEqual(prod.auth, { kind: 'creds', file: '/keys/prod.creds' });
    assert.deepEqual(prod.tls, { ca: '/keys/ca.pem' });
    assert.equal(prod.jetstreamDomain, 'hub');
    
    assert.deepEqual(await resolveContextCredentials(tok, { env: {} }), { token: 's3cret' });
  });

  it('turns a malformed context into a profile with a problem, not a throw', async () => {
    write('broken', '{ "url": "nats://x:4222", ');
    write('wrongtype', { url: ['nats://x'] });
    write('array', '[1,2]');
    const result = await readNatsContexts({ configHome: home, env: {} });
    const byName = new Map(result.profiles.map((p) => [p.name, p]));
    for (const name of ['broken', 'wrongtype', 'array']) assert.ok(hasProfileErrors(byName.get(name)!), name);
    assert.match(byName.get('broken')!.problems[0].message, /broken\.json: not valid JSON/);
    assert.match(byName.get('wrongtype')!.problems[0].message, /"url" must be a string/);
    assert.match(byName.get('array')!.problems[0].message, /must be a JSON object/);
  });

  it('says when the selected context has no file, and treats a missing folder as no contexts', async () => {
    fs.writeFileSync(path.join(home, 'nats', 'context.txt'), 'gone');
    const result = await readNatsContexts({ configHome: home, env: {} });
    assert.equal(result.selected, 'gone');
    assert.match(result.problems[0].message, /selects "gone"/);
    const empty = await readNatsContexts({ configHome: path.join(home, 'nowhere'), env: {} });
    assert.deepEqual(empty.profiles, []);
    assert.deepEqual(empty.problems, []);
  });
});
