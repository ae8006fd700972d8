/**
 * `nats-workbench diagnose --server` against a full-resolver server, with the store's system user:
 * the server is asked which JWT of the user's account it holds ($SYS.REQ.CLAIMS.LIST and
 * $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP) and the diagnosis says "missing on the server", "older than
 * the store's" or "newer", each checked against what the real server does with the creds.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAccount, addUser, createOperator, CreateOperatorResult, formatCreds, lookupAccountOnServer, paths, readOperatorEntry, revokeUsers, systemUserCreds } from '../../../src/core/trust';
import { NatsServer, sleep, startOperatorServer } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { keyOf } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { connectWithCreds, operatorWithApp, startMemoryServer, tempRoot } from './helpers';

interface Json {
  ok: boolean;
  reasons: { code: string; message: string }[];
  notes: { code: string; message: string }[];
  server?: { ok: boolean; said: string };
  serverAccount?: { state: string; said: string };
}

/** Waits for the next whole second: two JWTs signed around it have different issue times. */
async function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === now) await sleep(20);
}

describe('trust: diagnose asks a full-resolver server for the account JWT it holds', function () {
  this.timeout(60_000);
  const tmp = tempRoot('diagnose-lookup');
  const { store, root } = tmp;
  let server: NatsServer;
  let op: CreateOperatorResult;
  const accountJwt = (account: string): string => fs.readFileSync(paths.accountJwt(store, 'OP', account), 'utf8');

  async function writeCreds(account: string, name: string, extra: Partial<Parameters<typeof addUser>[0]> = {}): Promise<string> {
    const u = await addUser({ store, operator: 'OP', account, name, ...extra });
    const file = `${name}.creds`;
    fs.writeFileSync(path.join(root, file), formatCreds(u.jwt, keyOf(store, u.publicKey)), { mode: 0o600 });
    return file;
  }

  async function diagnose(file: string, ...extra: string[]): Promise<{ code: number; json: Json; out: string }> {
    const r = await cli(root, 'diagnose', '--creds', file, '--server', server.url, '--store', '.', '--operator', 'OP', '--format', 'json', ...extra);
    return { code: r.code, json: JSON.parse(r.out) as Json, out: r.out };
  }

  /** What the real server does with the creds file. */
  async function logsIn(file: string): Promise<boolean> {
    try {
      const nc = await connectWithCreds(server.url, fs.readFileSync(path.join(root, file), 'utf8'));
      await nc.close();
      return true;
    } catch {
      return false;
    }
  }

  before(async () => {
    ({ op } = await operatorWithApp(store));
    await writeCreds('APP', 'good');
    await writeCreds('APP', 'limited', { permissions: { pub: { allow: ['orders.>', '_INBOX.>'] }, sub: { deny: ['secret.>'] } } });
    await writeCreds('APP', 'wide', { permissions: { pub: { allow: Array.from({ length: 120 }, (_, i) => `orders.region-${i}.>`) } } });
    // OLDER: the server gets it, then the store revokes a user (a newer account JWT).
    const older = await addAccount({ store, operator: 'OP', name: 'OLDER' });
    await writeCreds('OLDER', 'leaked');
    const olderOnServer = accountJwt('OLDER');
    // NEWER: the server gets the account after a revocation the store no longer has.
    const newer = await addAccount({ store, operator: 'OP', name: 'NEWER' });
    await writeCreds('NEWER', 'bob');
    const newerInStore = accountJwt('NEWER');
    await nextSecond();
    await revokeUsers({ store, operator: 'OP', account: 'NEWER', users: ['bob'] });
    const newerOnServer = accountJwt('NEWER');
    fs.writeFileSync(paths.accountJwt(store, 'OP', 'NEWER'), newerInStore);
    await addAccount({ store, operator: 'OP', name: 'LATE' });
    await writeCreds('LATE', 'late');
    assert.ok(op.systemAccount);
    const app = await readOperatorEntry(store, 'OP');
    const appKey = app?.accounts.find((a) => a.name === 'APP')?.publicKey ?? '';
    server = await startOperatorServer({
      operatorJwt: op.operator.jwt,
      systemAccount: op.systemAccount.publicKey,
      resolver: 'full',
      preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt, [appKey]: accountJwt('APP'), [older.publicKey]: olderOnServer, [newer.publicKey]: newerOnServer },
    });
    await nextSecond();
    await revokeUsers({ store, operator: 'OP', account: 'OLDER', users: ['leaked'] });
  });

  after(async () => {
    await server?.stop();
    await assertReferenceClean(root, [{ file: /(users\/|creds\/OP\/OLDER\/|^)leaked\.(jwt|creds)$/, code: 'revoked' }]);
    tmp.remove();
  });

  it('the server holds the store\'s account JWT: the login works, the lookup says "same"', async () => {
    assert.equal(await logsIn('good.creds'), true);
    const r = await diagnose('good.creds');
    assert.equal(r.code, 0, r.out);
    assert.equal(r.json.serverAccount?.state, 'same');
    assert.match(r.json.serverAccount?.said ?? '', /holds the store's account JWT \(issued /);
    assert.deepEqual(r.json.reasons, []);
  });

  it('an account the server never got: refused, and the lookup says it is missing there', async () => {
    assert.equal(await logsIn('late.creds'), false);
    const r = await diagnose('late.creds');
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.server?.said, 'Authorization Violation');
    assert.equal(r.json.serverAccount?.state, 'missing');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['account-missing-on-server', 'server-refused'],
    );
    assert.match(r.json.reasons[0].message, /does not have the account \(its resolver holds 4 other accounts\): no user of account 'LATE' can log in there; push the account/);
    assert.match(r.json.reasons[1].message, /as the reasons above explain \(account-missing-on-server\)/);
  });

  it('revoked in the store, not pushed: the server still lets the user in, and the lookup says its JWT is older', async () => {
    assert.equal(await logsIn('leaked.creds'), true);
    const r = await diagnose('leaked.creds');
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.server?.ok, true);
    assert.equal(r.json.serverAccount?.state, 'older');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['user-revoked'],
    );
    const notes = r.json.notes.map((x) => x.code);
    assert.ok(notes.includes('account-older-on-server') && notes.includes('server-accepted-anyway'), notes.join());
    assert.match(r.json.notes.find((n) => n.code === 'server-accepted-anyway')?.message ?? '', /holds an older account JWT \(issued .*\) than the store's \(issued /);
  });

  it("the server's newer account JWT revokes the user, the store's does not: refused, and the diagnosis says why", async () => {
    assert.equal(await logsIn('bob.creds'), false);
    const r = await diagnose('bob.creds');
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.serverAccount?.state, 'newer');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['account-newer-on-server', 'user-revoked-on-server', 'server-refused'],
    );
    assert.match(r.json.reasons[0].message, /pull it into the store/);
  });

  it('--sys-creds of a user outside the system account: the lookup cannot be made, the login attempt still tells', async () => {
    const file = 'not-sys.creds';
    fs.copyFileSync(path.join(root, 'good.creds'), path.join(root, file));
    const r = await diagnose('late.creds', '--sys-creds', file);
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.serverAccount?.state, 'unavailable');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['server-refused'],
    );
    assert.ok(r.json.notes.some((n) => n.code === 'lookup-unavailable'));
  });

  it('a user JWT larger than the default max_control_line: the server refuses it, the diagnosis says why and what to set', async () => {
    assert.equal(await logsIn('wide.creds'), false);
    const r = await diagnose('wide.creds');
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.serverAccount?.state, 'same');
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['server-error'],
    );
    // nats.js reads the server's -ERR, or finds the connection closed first (EPIPE): both are explained.
    assert.match(r.json.reasons[0].message, /failed: (Maximum Control Line Exceeded: |the server closed the connection during the login \(.*\): most likely because )the user JWT is larger than the server's max_control_line admits/);
    assert.match(r.json.notes.find((n) => n.code === 'claims-too-large')?.message ?? '', /set max_control_line: \d+ in the server config/);
  });

  it('--sys-creds needs --server and a readable file: usage errors (exit 2)', async () => {
    const without = await cli(root, 'diagnose', '--creds', 'good.creds', '--sys-creds', 'good.creds');
    assert.equal(without.code, 2);
    assert.match(without.err, /--sys-creds needs --server/);
    const missing = await cli(root, 'diagnose', '--creds', 'good.creds', '--server', server.url, '--sys-creds', 'nowhere.creds');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read --sys-creds nowhere\.creds: it does not exist/);
  });

  it('a server of another operator: the user and the operator\'s own system user are refused, the diagnosis says so', async () => {
    const elsewhere = tempRoot('diagnose-other-operator');
    const other = await createOperator({ store: elsewhere.store, name: 'OTHER' });
    assert.ok(other.systemAccount);
    const foreign = await startOperatorServer({
      name: 'other-op',
      operatorJwt: other.operator.jwt,
      systemAccount: other.systemAccount.publicKey,
      resolver: 'full',
      preload: { [other.systemAccount.publicKey]: other.systemAccount.jwt },
    });
    try {
      const r = await cli(root, 'diagnose', '--creds', 'good.creds', '--server', foreign.url, '--store', '.', '--operator', 'OP', '--format', 'json');
      assert.equal(r.code, 1, r.out);
      const json = JSON.parse(r.out) as Json;
      assert.equal(json.server?.said, 'Authorization Violation');
      assert.deepEqual(
        json.reasons.map((x) => x.code),
        ['operator-mismatch', 'server-refused'],
      );
      assert.match(json.reasons[0].message, /refuses operator 'OP''s system account user as well: it most likely trusts another operator/);
      assert.ok(json.notes.some((n) => n.code === 'lookup-unavailable'));
    } finally {
      await foreign.stop();
      elsewhere.remove();
    }
  });

  it('what the user tries (--pub, --sub): the store says which rule forbids it, the server refuses the same', async () => {
    const r = await diagnose('limited.creds', '--pub', 'orders.new', '--pub', 'billing.x', '--sub', 'secret.a', '--sub', 'orders.*');
    assert.equal(r.code, 1, r.out);
    assert.equal(r.json.server?.ok, true);
    assert.deepEqual(
      r.json.reasons.map((x) => x.code),
      ['publish-forbidden', 'subscribe-forbidden'],
    );
    assert.match(r.json.reasons[0].message, /may not publish to 'billing\.x': its allow-pub list \('orders\.>', '_INBOX\.>'\) does not hold it; add it \(Edit User, --allow-pub billing\.x\)/);
    assert.match(r.json.reasons[1].message, /may not subscribe to 'secret\.a': its deny-sub entry 'secret\.>' forbids it/);
    const tries = (r.json as unknown as { tries: { operation: string; subject: string; server?: string }[] }).tries;
    assert.deepEqual(
      tries.map((t) => `${t.operation} ${t.subject} ${t.server}`),
      ['publish orders.new allowed', 'publish billing.x refused', 'subscribe secret.a refused', 'subscribe orders.* allowed'],
    );
    const bad = await cli(root, 'diagnose', '--creds', 'limited.creds', '--pub', 'orders.*');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /cannot try to publish to 'orders\.\*': a publish subject has no wildcards/);
  });

  it('a MEMORY resolver answers no lookup (503): unavailable, and why', async () => {
    const entry = await readOperatorEntry(store, 'OP');
    assert.ok(entry);
    const memory = await startMemoryServer(op, []);
    try {
      const app = entry.accounts.find((a) => a.name === 'APP');
      const l = await lookupAccountOnServer({ serverUrl: memory.url, systemUserCreds: systemUserCreds(store, entry), account: app?.publicKey ?? '' });
      assert.equal(l.state, 'unavailable');
      assert.match(l.why ?? '', /no full resolver/);
    } finally {
      await memory.stop();
    }
  });
});
