/**
 * A push that removes an export (or makes it private), predicted and then checked on a
 * full-resolver nats-server 2.9.10: the importing accounts' connected users and the connections
 * subscribed on a stream import are counted; at the push the subscribers stop receiving, requests
 * on a service import get no responders, and nobody is disconnected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringCodec, type NatsConnection } from 'nats';
import { addAccount, addExport, addImport, addUser, createOperator, planAccountPushFromStore, pushAccountFromStore, pushImpactIsSerious, removeExport, serverConfig } from '../../../src/core/trust';
import { NatsServer, sleep, startServer } from '../../support/natsServer';
import { cli } from '../../unit/cli/run';
import { connectWithCreds, tempRoot } from './helpers';
import { assertReferenceClean } from '../../support/referenceValidator';

const sc = StringCodec();

describe('trust: a push that removes an export says who loses the import, checked on nats-server', function () {
  this.timeout(60_000);
  const tmp = tempRoot('push-import-loss');
  const base = { store: tmp.store, operator: 'OP' };
  let server: NatsServer;
  const open: NatsConnection[] = [];
  const push = async (account: string): Promise<void> => assert.equal((await pushAccountFromStore({ ...base, account, serverUrl: server.url })).accepted, true);
  const plan = () => planAccountPushFromStore({ ...base, account: 'FEED', serverUrl: server.url, timeoutMs: 3000 });

  async function login(account: string, user: string): Promise<NatsConnection> {
    const u = await addUser({ ...base, account, name: user });
    const nc = await connectWithCreds(server.url, fs.readFileSync(u.credsPath, 'utf8'));
    open.push(nc);
    return nc;
  }

  before(async () => {
    await createOperator({ store: tmp.store, name: 'OP' });
    for (const name of ['FEED', 'SHOP', 'IDLE', 'ASIDE']) await addAccount({ ...base, name });
    await addExport({ ...base, account: 'FEED', subject: 'prices.>', type: 'stream' });
    await addExport({ ...base, account: 'FEED', subject: 'quote.*', type: 'service' });
    await addExport({ ...base, account: 'FEED', subject: 'news.>', type: 'stream' });
    await addImport({ ...base, account: 'SHOP', fromAccount: 'FEED', subject: 'prices.>', type: 'stream', localSubject: 'feed.prices.>' });
    await addImport({ ...base, account: 'SHOP', fromAccount: 'FEED', subject: 'quote.*', type: 'service' });
    await addImport({ ...base, account: 'IDLE', fromAccount: 'FEED', subject: 'prices.>', type: 'stream' });
    await addImport({ ...base, account: 'ASIDE', fromAccount: 'FEED', subject: 'news.>', type: 'stream' });
    const config = await serverConfig({ ...base, resolver: 'full', resolverDir: path.join(tmp.root, 'resolver') });
    server = await startServer({ name: 'push-import-loss', extraConfig: config.text });
    for (const a of ['FEED', 'SHOP', 'IDLE', 'ASIDE']) await push(a);
  });

  after(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close().catch(() => undefined)));
    await server?.stop();
    tmp.remove();
  });

  it('counts the connected users of the importing accounts and the stream subscribers, and the server cuts exactly those imports', async () => {
    const feed = await login('FEED', 'publisher');
    const responder = await login('FEED', 'responder');
    responder.subscribe('quote.*', { callback: (_e, m) => m.respond(sc.encode('42')) });
    const listener = await login('SHOP', 'listener');
    const got: string[] = [];
    listener.subscribe('feed.prices.>', { callback: (_e, m) => got.push(m.subject) });
    const asker = await login('SHOP', 'asker');
    await login('SHOP', 'asker-2');
    const news: string[] = [];
    const aside = await login('ASIDE', 'reader');
    aside.subscribe('news.>', { callback: (_e, m) => news.push(m.subject) });
    for (const nc of [responder, listener, aside]) await nc.flush();
    // Before: the imports work.
    feed.publish('prices.eur', sc.encode('1'));
    assert.equal(sc.decode((await asker.request('quote.eur', sc.encode('?'), { timeout: 3000 })).data), '42');
    await sleep(300);
    assert.deepEqual(got, ['feed.prices.eur']);

    assert.equal(pushImpactIsSerious(await plan()), false, 'a push that keeps the exports ends no import');
    await removeExport({ ...base, account: 'FEED', subject: 'prices.>' });
    await removeExport({ ...base, account: 'FEED', subject: 'quote.*' });
    const impact = await plan();
    assert.equal(pushImpactIsSerious(impact), true);
    const loss = impact.importLoss;
    assert.ok(loss, impact.lines.join('\n'));
    assert.deepEqual(
      loss.accounts.map((a) => [a.accountName, a.imports.map((l) => l.import.subject), a.users, a.connections, a.subscribed]),
      [
        ['SHOP', ['prices.>', 'quote.*'], 3, 3, 1],
        ['IDLE', ['prices.>'], 0, 0, 0],
      ],
      'ASIDE keeps its import of news.>',
    );
    assert.match(impact.summary, /^Cuts 2 importing accounts off an export \(3 users, 3 connections connected there now\)\.$/);
    const shop = impact.lines.find((l) => l.startsWith("Account 'SHOP'"));
    assert.ok(shop, impact.lines.join('\n'));
    assert.match(shop, /loses the stream import 'prices\.>' \(as 'feed\.prices\.>'\): account 'FEED' exports no stream that contains 'prices\.>'; the service import 'quote\.\*': /);
    assert.match(shop, /3 users with 3 connections connected now: 1 connection subscribed on the imported stream stop receiving it at the push; requests on the imported service get no responders from the push on \(which connected users send them, the servers cannot tell\); they stay connected\.$/);

    // The CLI says the same, and refuses without --yes.
    const argv = ['push', '--store', tmp.root, '--operator', 'OP', '--server', server.url, '--account', 'FEED'];
    const dry = await cli(tmp.root, ...argv, '--dry-run');
    assert.equal(dry.code, 0, dry.out + dry.err);
    assert.match(dry.out, /^account 'FEED' A[A-Z2-7]{55}: Cuts 2 importing accounts off an export \(3 users, 3 connections connected there now\)\.$/m);
    assert.match(dry.out, /^ {2}Account 'SHOP' \(A[A-Z2-7]{55}\) loses the stream import 'prices\.>'/m);
    const refused = await cli(tmp.root, ...argv);
    assert.equal(refused.code, 1, refused.out + refused.err);
    assert.match(refused.err, /Cuts 2 importing accounts off an export[\s\S]*Nothing was changed: add --yes to go ahead\./);

    const closed: (string | undefined)[] = open.map(() => undefined);
    open.forEach((nc, i) => void nc.closed().then((e) => (closed[i] = e ? e.message : 'closed')));
    await push('FEED');
    await sleep(500);
    feed.publish('prices.usd', sc.encode('2'));
    feed.publish('news.today', sc.encode('3'));
    await feed.flush();
    await sleep(500);
    assert.deepEqual(got, ['feed.prices.eur'], 'the subscriber stopped receiving the stream import');
    assert.deepEqual(news, ['news.today'], 'the import of a kept export still delivers');
    await assert.rejects(asker.request('quote.eur', sc.encode('?'), { timeout: 2000 }), /503|no responders|timeout/i);
    assert.deepEqual(closed, open.map(() => undefined), 'nobody was disconnected');
    // Once pushed, nothing is left to lose.
    assert.equal((await plan()).importLoss, undefined);
  });

  it('making an export private ends the imports without an activation token', async () => {
    await removeExport({ ...base, account: 'FEED', subject: 'news.>' });
    await addExport({ ...base, account: 'FEED', subject: 'news.>', type: 'stream', private: true });
    const impact = await plan();
    assert.deepEqual(impact.importLoss?.accounts.map((a) => [a.accountName, a.imports[0].why]), [['ASIDE', "the stream export 'news.>' of account 'FEED' is private and the import has no activation token"]]);
  });

  it('says when not every account was read for imports, and asks even when those read lose none', async () => {
    // The servers hold FEED, SHOP, IDLE, ASIDE and the system account: 4 others.
    const none = await planAccountPushFromStore({ ...base, account: 'FEED', serverUrl: server.url, timeoutMs: 3000, maxImportersRead: 0 });
    assert.deepEqual(none.importLoss?.accounts, []);
    assert.equal(none.importLoss?.unread, 4);
    assert.ok(pushImpactIsSerious(none), 'a push that may end unread imports is confirmed');
    assert.match(none.summary, /changes exports that 4 accounts not read may import/i);
    assert.ok(none.lines.some((l) => /^Only 0 of the 4 other accounts the servers hold were read for imports: 4 accounts not read may import what this push ends\.$/.test(l)), none.lines.join('\n'));
    const all = await plan();
    assert.equal(all.importLoss?.unread, undefined);
    assert.deepEqual(all.importLoss?.accounts.map((a) => a.accountName), ['ASIDE']);
  });
  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store', async () => {
    await assertReferenceClean(tmp.root);
  });
});
