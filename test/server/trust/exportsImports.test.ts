/**
 * Exports and imports on a real nats-server 2.9.10 in operator mode with a full resolver: a request
 * from a user of the importing account is answered by a responder in the exporting account (under
 * the import's local subject), a private stream export delivers messages across accounts to the
 * account whose import carries the activation token made for it, and not to one whose import has none.
 * The server delivers a message once per stream import that covers it: a second import from the
 * same account whose subject and local subject overlap the first would deliver it twice, and is refused.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NatsConnection, StringCodec } from 'nats';
import { addAccount, addExport, addImport, addUser, createOperator, pushAccountFromStore, readOperatorEntry, removeExport, serverConfig, TrustError } from '../../../src/core/trust';
import { NatsServer, sleep, startServer } from '../../support/natsServer';
import { assertReferenceClean, recordOf } from '../../support/referenceValidator';
import { connectWithCreds, tempRoot } from './helpers';

const sc = StringCodec();

describe('trust: exports and imports against a full-resolver nats-server', function () {
  this.timeout(90_000);
  const tmp = tempRoot('exports-server');
  const base = { store: tmp.store, operator: 'OP' };
  let server: NatsServer;
  const open: NatsConnection[] = [];

  async function login(account: string, user: string): Promise<NatsConnection> {
    const u = await addUser({ ...base, account, name: user });
    const nc = await connectWithCreds(server.url, fs.readFileSync(u.credsPath, 'utf8'));
    open.push(nc);
    return nc;
  }

  /** The messages `nc` receives on `subject` while `publish` runs, and for 500 ms after. */
  async function received(nc: NatsConnection, subject: string, publish: () => Promise<void>): Promise<string[]> {
    const got: string[] = [];
    const sub = nc.subscribe(subject, { callback: (_e, m) => got.push(`${m.subject} ${sc.decode(m.data)}`) });
    await nc.flush();
    await publish();
    for (let i = 0; i < 20 && got.length === 0; i++) await sleep(25);
    await sleep(500);
    sub.unsubscribe();
    return got;
  }

  before(async () => {
    await createOperator({ store: tmp.store, name: 'OP' });
    await addAccount({ ...base, name: 'SVC', signingKey: true });
    await addAccount({ ...base, name: 'CLI' });
    await addAccount({ ...base, name: 'OTHER' });
    await addExport({ ...base, account: 'SVC', subject: 'help.*', type: 'service', responseType: 'Singleton' });
    await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'help.*', type: 'service', localSubject: 'ask.$1' });
    await addExport({ ...base, account: 'SVC', subject: 'events.>', type: 'stream', private: true });
    await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'events.>', type: 'stream', localSubject: 'svc.events.>' });
    // OTHER's import was made while the export was public: it carries no token once the export is private.
    await addExport({ ...base, account: 'SVC', subject: 'ticks.>', type: 'stream' });
    await addImport({ ...base, account: 'OTHER', fromAccount: 'SVC', subject: 'ticks.>', type: 'stream' });
    await removeExport({ ...base, account: 'SVC', subject: 'ticks.>' });
    await addExport({ ...base, account: 'SVC', subject: 'ticks.>', type: 'stream', private: true });

    for (const account of ['CLI', 'OTHER']) await addImport({ ...base, account, fromAccount: 'SYS', subject: '$SYS.REQ.ACCOUNT.*.*', type: 'service', localSubject: 'monitor.*' });

    const config = await serverConfig({ ...base, resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    server = await startServer({ name: 'trust-exports', extraConfig: config.text });
    for (const account of ['SVC', 'CLI', 'OTHER']) {
      const r = await pushAccountFromStore({ ...base, account, serverUrl: server.url });
      assert.equal(r.accepted, true, JSON.stringify(r.replies));
    }
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close().catch(() => undefined)));
  });

  after(async () => {
    await server?.stop();
    // Go's jwt library validates every import (activation tokens included) and reads them as written.
    const records = await assertReferenceClean(tmp.root);
    const cli = recordOf(records, 'stores/OP/accounts/CLI/CLI.jwt').decoded;
    assert.deepEqual([...(cli?.imports ?? [])].sort(), [`$SYS.REQ.ACCOUNT.${cli?.sub ?? ''}.*`, 'events.>', 'events.order.*', 'help.*']);
    tmp.remove();
  });

  it('a request from the importing account, on the local subject, is answered by a responder in the exporting account', async () => {
    const responder = await login('SVC', 'responder');
    responder.subscribe('help.*', { callback: (_e, m) => m.respond(sc.encode(`answered ${m.subject}`)) });
    await responder.flush();
    const client = await login('CLI', 'asker');
    const reply = await client.request('ask.billing', sc.encode('?'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'answered help.billing');
    // The account without the import has no such service.
    const stranger = await login('OTHER', 'stranger');
    await assert.rejects(stranger.request('ask.billing', sc.encode('?'), { timeout: 2000 }), /503|no responders|timeout/i);
  });

  it('a private stream export delivers across accounts through the import with its activation token, mapped to the local subject', async () => {
    const publisher = await login('SVC', 'publisher');
    const subscriber = await login('CLI', 'listener');
    const got = await received(subscriber, 'svc.events.>', async () => {
      publisher.publish('events.order.1', sc.encode('one'));
      await publisher.flush();
    });
    assert.deepEqual(got, ['svc.events.order.1 one']);
  });

  it('a stream import overlapping one from the same account (subject and local subject) is refused; with a local subject of its own, each message arrives once per subject', async () => {
    await assert.rejects(
      addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'events.order.*', type: 'stream', localSubject: 'svc.events.order.*' }),
      (e: Error) =>
        e instanceof TrustError &&
        e.code === 'exists' &&
        e.message.includes("the stream import 'events.order.*' from account 'SVC' overlaps account 'CLI''s stream import 'events.>' from the same account (imported as 'svc.events.>'): a message both cover would reach its subscribers twice"),
    );
    await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'events.order.*', type: 'stream', localSubject: 'orders.*' });
    const r = await pushAccountFromStore({ ...base, account: 'CLI', serverUrl: server.url });
    assert.equal(r.accepted, true, JSON.stringify(r.replies));
    const publisher = await login('SVC', 'orders-publisher');
    const subscriber = await login('CLI', 'orders-listener');
    const got = await received(subscriber, '>', async () => {
      await sleep(200);
      publisher.publish('events.order.2', sc.encode('two'));
      await publisher.flush();
    });
    assert.deepEqual(got.sort(), ['orders.2 two', 'svc.events.order.2 two']);
  });

  it('an import of a private export without a token is not usable: the server delivers nothing, and the store says why', async () => {
    const publisher = await login('SVC', 'ticker');
    const withoutToken = await login('OTHER', 'ticks-other');
    const ticks = await received(withoutToken, 'ticks.>', async () => {
      publisher.publish('ticks.1', sc.encode('tick'));
      await publisher.flush();
    });
    assert.deepEqual(ticks, []);

    // The same kind of import with the token the store makes now does receive (the check can fail).
    await addImport({ ...base, account: 'OTHER', fromAccount: 'SVC', subject: 'ticks.tock', type: 'stream', localSubject: 'tock' });
    const r = await pushAccountFromStore({ ...base, account: 'OTHER', serverUrl: server.url });
    assert.equal(r.accepted, true);
    const again = await login('OTHER', 'tocks');
    const tocks = await received(again, 'tock', async () => {
      await sleep(200);
      publisher.publish('ticks.tock', sc.encode('tock'));
      await publisher.flush();
    });
    assert.deepEqual(tocks, ['tock tock']);
    // The server's own account report: it applied the import with the token, not the one without.
    const info = (JSON.parse(sc.decode((await again.request('monitor.INFO', sc.encode(''), { timeout: 5000 })).data)) as { data?: { imports?: { subject: string }[] } }).data;
    const applied = info?.imports?.map((i) => i.subject) ?? [];
    assert.ok(applied.includes('ticks.tock'), JSON.stringify(applied));
    assert.equal(applied.includes('ticks.>'), false, JSON.stringify(applied));

    const other = (await readOperatorEntry(tmp.store, 'OP'))?.accounts.find((a) => a.name === 'OTHER');
    assert.deepEqual(
      other?.problems.map((p) => p.code + ': ' + p.message),
      ["import-unusable: the stream import of 'ticks.>' cannot work: the stream export 'ticks.>' of account 'SVC' is private and the import has no activation token"],
    );
  });

  it("an import of the system account's monitoring service gets the importer's key in its account token: the server answers for that account", async () => {
    const cli = (await readOperatorEntry(tmp.store, 'OP'))?.accounts.find((a) => a.name === 'CLI');
    const nc = await login('CLI', 'monitor');
    const reply = await nc.request('monitor.INFO', sc.encode(''), { timeout: 5000 });
    const data = (JSON.parse(sc.decode(reply.data)) as { data?: { account_name?: string; client_connections?: number; imports?: { subject: string }[] } }).data;
    assert.equal(data?.account_name, cli?.publicKey);
    assert.ok((data?.client_connections ?? 0) >= 1);
    // The server applied the imports as written: the private stream's (with its token) among them.
    assert.ok(data?.imports?.some((i) => i.subject === 'events.>'), JSON.stringify(data?.imports));
  });
});
