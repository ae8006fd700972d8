/**
 * `pull` against a system account where something other than a server answers (a client holding
 * system credentials, a compromised server): account keys with line breaks or escape sequences in
 * `$SYS.REQ.CLAIMS.LIST`, and replies that are not JSON. Real nats-server 2.9.10 in operator mode.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NatsConnection } from 'nats';
import { pullLines } from '../../../src/cli/push';
import { addAccount, createOperator, CreateOperatorResult, lookupAccountOnServer, pullFromCluster, pushToCluster } from '../../../src/core/trust';
import { CLAIMS_LIST } from '../../../src/core/trust/accountLookup';
import { NatsServer, startOperatorServer } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { connectWithCreds, tempRoot } from './helpers';

/** An "account key" whose line breaks, sent in a subject, would add a publish of its own to `canary`. */
const INJECTING = 'X.CLAIMS.LOOKUP 0\r\n\r\nPUB canary.hit 2\r\nhi\r\nPUB Y';
/** An "account key" that retitles a terminal and clears it. */
const ESCAPING = '\u001b]0;pwned\u0007\u001b[2J';

describe('trust: pull when an impostor answers on the system account', function () {
  this.timeout(60_000);
  const tmp = tempRoot('hostile-pull');
  const { store } = tmp;
  let op: CreateOperatorResult;
  let server: NatsServer;
  let impostor: NatsConnection;
  let seen = 0;

  before(async () => {
    op = await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    assert.ok(op.systemAccount && op.systemUser);
    server = await startOperatorServer({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, resolver: 'full', preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
    await pushToCluster({ store, operator: 'OP', serverUrl: server.url });
    impostor = await connectWithCreds(server.url, fs.readFileSync(op.systemUser.credsPath, 'utf8'));
    impostor.subscribe('canary.>', { callback: () => seen++ });
  });

  after(async () => {
    await impostor?.close();
    await server?.stop();
    tmp.remove();
  });

  /** Answers pings as one more server named `name` (with server id `id`, when given; so its replies are waited for) and `subject` with `reply`, during `work`. */
  async function answering<T>(subject: string, reply: string | Uint8Array, work: () => Promise<T>, name = 'impostor', id?: string): Promise<T> {
    const ping = impostor.subscribe('$SYS.REQ.SERVER.PING', { callback: (_e, m) => m.respond(new TextEncoder().encode(JSON.stringify({ server: { name, id } }))) });
    const claims = impostor.subscribe(subject, { callback: (_e, m) => m.respond(typeof reply === 'string' ? new TextEncoder().encode(reply) : reply) });
    await impostor.flush();
    try {
      return await work();
    } finally {
      ping.unsubscribe();
      claims.unsubscribe();
    }
  }

  it('ignores listed "keys" that are not account public keys: nothing is injected, nothing reaches the terminal', async () => {
    const r = await answering('$SYS.REQ.CLAIMS.LIST', JSON.stringify({ data: [INJECTING, ESCAPING, 'not a key'], server: { name: 'impostor' } }), () => pullFromCluster({ store, operator: 'OP', serverUrl: server.url, timeoutMs: 2000 }));
    await impostor.flush();
    assert.equal(seen, 0, 'no message was published by a listed key');
    assert.deepEqual(r.accounts.map((a) => a.name).sort(), ['APP', 'SYS']);
    const text = pullLines(r).join('\n');
    assert.doesNotMatch(text, /[\u001b\u0007\r]/);
    assert.match(text, /Servers of the cluster: .*impostor/);
  });

  it('a CLAIMS.LIST reply that is not JSON is left out, as a server that lists nothing: no crash', async () => {
    const r = await answering('$SYS.REQ.CLAIMS.LIST', new Uint8Array([0xff, 0x7b, 0x0a]), () => pullFromCluster({ store, operator: 'OP', serverUrl: server.url, timeoutMs: 2000 }));
    assert.deepEqual(r.accounts.map((a) => [a.name, a.status]).sort(), [['APP', 'same'], ['SYS', 'same']]);
    assert.equal(r.inSync, false, 'the impostor, a "server" that lists nothing, lacks them');
  });

  it('a second server reporting the same name is a second server: each list is kept, keyed by server id and shown with it', async () => {
    const twin = { name: server.name, id: 'NTWINSERVERIDREPORTINGTHESAMENAME' };
    const r = await answering('$SYS.REQ.CLAIMS.LIST', JSON.stringify({ data: [], server: twin }), () => pullFromCluster({ store, operator: 'OP', serverUrl: server.url, timeoutMs: 2000 }), twin.name, twin.id);
    const twinLabel = `${server.name} (${twin.id})`;
    assert.equal(r.servers.length, 2, r.servers.join(', '));
    assert.ok(r.servers.includes(twinLabel), r.servers.join(', '));
    const real = r.servers.find((s) => s !== twinLabel) ?? '';
    assert.match(real, new RegExp(`^${server.name} \\(N[A-Z0-9]{55}\\)$`), 'the real server, shown with its id too');
    for (const a of r.accounts) {
      assert.deepEqual([a.name, a.status, a.servers, a.missingOn], [a.name, 'same', [real], [twinLabel]], 'the twin that lists nothing lacks it; the real server holds it');
    }
    assert.equal(r.inSync, false);
    assert.match(pullLines(r).join('\n'), new RegExp(`not on: ${server.name} \\(${twin.id}\\)`));
  });

  it("a second server reporting the same name that refuses a push is not taken for the one that stored it", async () => {
    const twin = { name: server.name, id: 'NTWINSERVERIDREPORTINGTHESAMENAME' };
    const reply = JSON.stringify({ data: { code: 500, message: 'refused' }, server: twin });
    const r = await answering('$SYS.REQ.CLAIMS.UPDATE', reply, () => pushToCluster({ store, operator: 'OP', accounts: ['APP'], serverUrl: server.url, timeoutMs: 2000 }), twin.name, twin.id);
    const twinLabel = `${server.name} (${twin.id})`;
    assert.equal(r.servers.length, 2, r.servers.join(', '));
    const [app] = r.accounts;
    assert.equal(app.accepted, false);
    assert.deepEqual(app.stored, r.servers.filter((s) => s !== twinLabel));
    assert.deepEqual(app.missing, []);
    assert.ok(app.problems.some((p) => p.message === `${twinLabel} refused account 'APP': 500 refused`), JSON.stringify(app.problems));
  });

  it("push's text output: a server name cannot start a line with a GitHub Actions command", async () => {
    const name = '::add-mask::pwned';
    const reply = JSON.stringify({ data: { code: 500, message: '\n::error::refused' }, server: { name } });
    const r = await answering('$SYS.REQ.CLAIMS.UPDATE', reply, () => cli(tmp.root, 'push', '--store', tmp.root, '--operator', 'OP', '--account', 'APP', '--server', server.url, '--timeout', '2000'), name);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /refused it: 500 \\n::error::refused/, r.out);
    assert.deepEqual(r.out.split('\n').filter((l) => /^\s*::/.test(l)), [], r.out);
  });
});

describe('trust: the account lookup (diagnose) with an account key from a creds file', function () {
  this.timeout(60_000);
  const tmp = tempRoot('hostile-lookup');
  let server: NatsServer;
  let impostor: NatsConnection;
  let sysCreds: string;
  let seen = 0;

  before(async () => {
    const op = await createOperator({ store: tmp.store, name: 'OP' });
    assert.ok(op.systemAccount && op.systemUser);
    // A memory resolver has no CLAIMS.LIST responder of its own: the impostor's reply is the only one.
    server = await startOperatorServer({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, resolver: 'memory', preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
    sysCreds = fs.readFileSync(op.systemUser.credsPath, 'utf8');
    impostor = await connectWithCreds(server.url, sysCreds);
    impostor.subscribe('canary.>', { callback: () => seen++ });
    impostor.subscribe(CLAIMS_LIST, { callback: (_e, m) => m.respond(new TextEncoder().encode('not a list')) });
    await impostor.flush();
  });

  after(async () => {
    await impostor?.close();
    await server?.stop();
    tmp.remove();
  });

  it('an "account" that is not an account public key is not looked up: nothing is injected as the system user', async () => {
    const l = await lookupAccountOnServer({ serverUrl: server.url, systemUserCreds: sysCreds, account: INJECTING, timeoutMs: 1000 });
    await impostor.flush();
    assert.equal(seen, 0, 'no message was published by the account key');
    assert.equal(l.state, 'unavailable');
    assert.match(l.why ?? '', /is not an account public key/);
    assert.doesNotMatch(l.why ?? '', /[\r\n]/);
  });
});

describe("trust: pull's text output with a store made by someone else", function () {
  this.timeout(60_000);
  const tmp = tempRoot('hostile-store');
  let server: NatsServer;

  before(async () => {
    const op = await createOperator({ store: tmp.store, name: 'OP' });
    assert.ok(op.systemAccount);
    server = await startOperatorServer({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, resolver: 'full', preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt } });
    // An account JWT whose subject is an escape sequence (its signature does not matter to the reader).
    const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { jti: 'X', iat: 1, iss: op.operator.publicKey, name: 'EVIL', sub: ESCAPING, nats: { type: 'account', version: 2 } };
    const dir = path.join(tmp.store.storesDir, 'OP', 'accounts', 'EVIL');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'EVIL.jwt'), `${part({ typ: 'JWT', alg: 'ed25519-nkey' })}.${part(claims)}.${Buffer.alloc(64).toString('base64url')}`);
  });

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  it('an account key from the store is shown, not obeyed, on the terminal', async () => {
    const r = await cli(tmp.root, 'pull', '--store', tmp.root, '--operator', 'OP', '--server', server.url, '--timeout', '2000');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /'EVIL' \\u001b\]0;pwned\\u0007\\u001b\[2J: missing on the cluster/, r.out);
    assert.doesNotMatch(r.out, /[\u001b\u0007]/);
  });
});
