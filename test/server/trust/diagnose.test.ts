/**
 * `nats-workbench diagnose --server`: a real login with the creds, the server's verdict, and the
 * store's reason for it (a revoked user, an expired user, an account the server was never given).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addUser, formatCreds, paths, revokeUsers } from '../../../src/core/trust';
import { NatsServer } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { keyOf } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { operatorWithApp, startMemoryServer, tempRoot } from './helpers';

interface Json {
  ok: boolean;
  reasons: { code: string; message: string }[];
  server?: { ok: boolean; said: string };
}

describe('trust: diagnose asks a real server and explains its verdict', function () {
  this.timeout(60_000);
  const tmp = tempRoot('diagnose-server');
  const { store, root } = tmp;
  let server: NatsServer;

  async function writeCreds(account: string, name: string, extra: Partial<Parameters<typeof addUser>[0]> = {}): Promise<string> {
    const u = await addUser({ store, operator: 'OP', account, name, ...extra });
    const file = `${name}.creds`;
    fs.writeFileSync(path.join(root, file), formatCreds(u.jwt, keyOf(store, u.publicKey)), { mode: 0o600 });
    return file;
  }

  async function diagnose(file: string): Promise<{ code: number; json: Json; out: string }> {
    const r = await cli(root, 'diagnose', '--creds', file, '--server', server.url, '--store', '.', '--operator', 'OP', '--format', 'json');
    return { code: r.code, json: JSON.parse(r.out) as Json, out: r.out };
  }

  /** Diagnoses `file`: refused by the server with exit 1 and exactly the reason codes `codes`; returns the messages. */
  async function refused(file: string, codes: string[]): Promise<string[]> {
    const r = await diagnose(file);
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.server?.ok, false);
    assert.equal(r.json.server?.said, 'Authorization Violation');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      codes,
    );
    return r.json.reasons.map((x) => x.message);
  }

  before(async () => {
    const { op, acc } = await operatorWithApp(store);
    await writeCreds('APP', 'good');
    await writeCreds('APP', 'gone');
    await writeCreds('APP', 'old', { expires: new Date(Date.now() - 60_000) });
    await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['gone'] });
    await addAccount({ store, operator: 'OP', name: 'LATE' });
    await writeCreds('LATE', 'late');
    // The account as revoked in the store (the server gets it, as after a push); LATE never.
    server = await startMemoryServer(op, [{ publicKey: acc.publicKey, jwt: fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8') }]);
  });

  after(async () => {
    await server?.stop();
    // Go's jwt library reads the store as the diagnosis did: the revoked user revoked, the old one expired.
    await assertReferenceClean(root, [
      { file: /(users\/|creds\/OP\/APP\/|^)gone\.(jwt|creds)$/, code: 'revoked' },
      { file: /(users\/|creds\/OP\/APP\/|^)old\.(jwt|creds)$/, code: 'expired' },
    ]);
    tmp.remove();
  });

  it('good creds log in: exit 0', async () => {
    const r = await diagnose('good.creds');
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(r.json.server, { url: server.url, ok: true, said: 'logged in' });
    assert.deepEqual(r.json.reasons, []);
  });

  it('a revoked user: the server refuses, the store says it is revoked', async () => {
    const messages = await refused('gone.creds', ['user-revoked', 'server-refused']);
    assert.match(messages[1], /refused the login \(Authorization Violation\), as the reasons above explain \(user-revoked\)/);
  });

  it('an expired user: the server refuses, the store says when it expired', async () => {
    const messages = await refused('old.creds', ['user-expired', 'server-refused']);
    assert.match(messages[0], /the user JWT expired on /);
  });

  it('an account the server was never given: the server refuses and nothing in the store explains it but the push', async () => {
    const messages = await refused('late.creds', ['server-refused']);
    assert.match(messages[0], /the server most likely does not have account 'LATE' \(A[A-Z2-7]+\).*not pushed/);
  });

  it('no server at the URL: unreachable, exit 1', async () => {
    const r = await cli(root, 'diagnose', '--creds', 'good.creds', '--server', 'nats://127.0.0.1:1', '--format', 'json');
    assert.equal(r.code, 1, r.out);
    const json = JSON.parse(r.out) as Json;
    assert.deepEqual(
      json.reasons.map((x) => x.code),
      ['server-unreachable'],
    );
  });
});
