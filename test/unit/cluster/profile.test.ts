import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SERVER_URL, describeProfile, hasProfileErrors, needsSecret, profileFromSettings } from '../../../src/core/cluster';

describe('cluster: connection profiles from settings', () => {
  it('reads a full profile: servers, creds, TLS files, monitoring URL', () => {
    const p = profileFromSettings(
      { name: 'prod', url: 'nats://a:4222, nats://b:4222', creds: '~/prod.creds', ca: '/etc/ca.pem', monitoringUrl: 'http://a:8222', jetstreamDomain: 'hub' },
      0,
    );
    assert.equal(p.name, 'prod');
    assert.equal(p.source, 'settings');
    assert.deepEqual(p.servers, ['nats://a:4222', 'nats://b:4222']);
    assert.deepEqual(p.auth, { kind: 'creds', file: path.join(os.homedir(), 'prod.creds') });
    assert.deepEqual(p.tls, { ca: '/etc/ca.pem' });
    assert.equal(p.monitoringUrl, 'http://a:8222');
    assert.equal(p.jetstreamDomain, 'hub');
    assert.deepEqual(p.problems, []);
  });

  it('defaults to the local server and no credentials', () => {
    const p = profileFromSettings({ name: 'local' }, 0);
    assert.deepEqual(p.servers, [DEFAULT_SERVER_URL]);
    assert.deepEqual(p.auth, { kind: 'none' });
    assert.equal(needsSecret(p), false);
  });

  it('keeps secrets out: a user or token profile only says that a secret is needed', () => {
    const user = profileFromSettings({ name: 'u', url: 'nats://h:4222', user: 'alice', password: 'hunter2' }, 0);
    assert.deepEqual(user.auth, { kind: 'user', user: 'alice' });
    assert.ok(needsSecret(user));
    assert.ok(!JSON.stringify(user).includes('hunter2'), 'the password must not be kept in the profile');
    assert.match(user.problems[0].message, /secret storage/);
    const token = profileFromSettings({ name: 't', url: 'nats://h:4222', token: true }, 1);
    assert.deepEqual(token.auth, { kind: 'token' });
    assert.ok(!describeProfile(user).includes('hunter2'));
  });

  it('reports bad input as problems naming the setting, never throwing', () => {
    assert.ok(hasProfileErrors(profileFromSettings('nats://x', 2)));
    assert.match(profileFromSettings('nats://x', 2).problems[0].message, /natsWorkbench\.connections\[2\]/);
    const badUrl = profileFromSettings({ name: 'x', url: 'http://h:8222' }, 0);
    assert.ok(hasProfileErrors(badUrl));
    assert.match(badUrl.problems[0].message, /scheme http/);
    const badType = profileFromSettings({ name: 'x', url: 5 }, 3);
    assert.match(badType.problems[0].message, /"url" must be a string/);
    const halfTls = profileFromSettings({ name: 'x', cert: '/c.pem' }, 0);
    assert.match(halfTls.problems[0].message, /both "cert" and "key"/);
  });

  it('refuses relative file paths: they would be read from wherever VS Code was started', () => {
    const p = profileFromSettings({ name: 'x', url: 'nats://a:4222', creds: 'prod.creds', nkey: './user.nk', ca: 'certs/ca.pem', cert: '~/c.pem', key: '/k.pem' }, 2);
    const errors = p.problems.filter((q) => q.severity === 'error').map((q) => q.message);
    assert.deepEqual(errors, [
      'setting natsWorkbench.connections[2] ("x"): "creds" must be an absolute path or start with ~/, not the relative "prod.creds" (it would be read from wherever VS Code was started)',
      'setting natsWorkbench.connections[2] ("x"): "nkey" must be an absolute path or start with ~/, not the relative "./user.nk" (it would be read from wherever VS Code was started)',
      'setting natsWorkbench.connections[2] ("x"): "ca" must be an absolute path or start with ~/, not the relative "certs/ca.pem" (it would be read from wherever VS Code was started)',
    ]);
    assert.ok(hasProfileErrors(p), 'the connection is not opened');
    assert.equal(p.auth.kind, 'none');
    assert.deepEqual(p.tls, { cert: path.join(os.homedir(), 'c.pem'), key: '/k.pem' });
  });

  it('warns when several authentication methods are set and uses the first of creds, nkey, user, token', () => {
    const p = profileFromSettings({ name: 'x', creds: '/a.creds', user: 'bob' }, 0);
    assert.equal(p.auth.kind, 'creds');
    assert.equal(p.problems[0].severity, 'warning');
    assert.match(p.problems[0].message, /several authentication methods/);
    assert.equal(hasProfileErrors(p), false);
  });
});
