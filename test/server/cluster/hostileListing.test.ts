/**
 * Paged listings from a server that never ends its list: an impostor answers the JetStream API
 * on a real nats-server 2.9.10 without JetStream, reporting a huge `total` or sending the same page
 * again and again. Each listing stops (at MAX_LISTED entries, or when a page brings nothing new)
 * instead of paging for ever or planning a trillion requests.
 */
import * as assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { ClusterError, Connection, MAX_LISTED, MAX_PAGES, listStreams, streamNames } from '../../../src/core/cluster';
import { collectInventory } from '../../../src/core/cluster/audit';
import { impostorSuite } from './helpers';

const encode = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));
const info = (name: string): unknown => ({ config: { name, subjects: [`${name.toLowerCase()}.>`], num_replicas: 1, storage: 'file' }, state: { messages: 0, bytes: 0, consumer_count: 0 }, created: new Date().toISOString() });

describe('Paged listings from a server that never ends its list', function () {
  this.timeout(60_000);
  const suite = impostorSuite();
  let conn: Connection;
  let impostor: NatsConnection;
  let asked = 0;
  before(() => ({ conn, impostor } = suite));

  /** Answers `subject` with `page(offset)` for every request, counting them. */
  async function answering(subject: string, page: (offset: number) => unknown): Promise<void> {
    asked = 0;
    suite.subs.push(impostor.subscribe(subject, {
      callback: (_e, m) => {
        asked++;
        const offset = (JSON.parse(new TextDecoder().decode(m.data) || '{}') as { offset?: number }).offset ?? 0;
        m.respond(encode(page(offset)));
      },
    }));
    await impostor.flush();
  }

  const tooMany = (e: unknown): boolean => e instanceof ClusterError && new RegExp(`reports 1000000000000 entries, more than the ${MAX_LISTED} read: a broken server, or not a JetStream server`).test(e.message);

  it('stream names: a total of a trillion is refused after one request', async () => {
    await answering('$JS.API.STREAM.NAMES', () => ({ total: 1e12, offset: 0, limit: 1, streams: ['A'] }));
    await assert.rejects(streamNames(conn, { timeoutMs: 2000 }), tooMany);
    assert.equal(asked, 1);
  });

  it('stream names: the same page again and again ends the listing with the names it holds', async () => {
    await answering('$JS.API.STREAM.NAMES', (offset) => ({ total: 1_000, offset, limit: 2, streams: ['A', 'B'] }));
    assert.deepEqual([...(await streamNames(conn, { timeoutMs: 2000 }))].sort(), ['A', 'B']);
    assert.equal(asked, 2, 'the second page named nothing new');
  });

  it('stream list (the tree): a total of a trillion stops the listing after the first page', async () => {
    await answering('$JS.API.STREAM.LIST', (offset) => ({ total: 1e12, offset, limit: 1, streams: [info(`S${offset}`)] }));
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of listStreams(conn, { timeoutMs: 2000 })) seen.push(...page.streams.map((s) => s.name));
      })(),
      tooMany,
    );
    assert.deepEqual(seen, ['S0']);
    assert.equal(asked, 1);
  });

  const tooManyPages = (e: unknown): boolean => e instanceof ClusterError && new RegExp(`come 1 at a time for 50000 entries: 50000 requests, more than the ${MAX_PAGES} made for one listing`).test(e.message);

  it('pages of one entry for 50,000 (within MAX_LISTED) are refused after the first request: names, the tree, the audit', async () => {
    await answering('$JS.API.STREAM.NAMES', (offset) => ({ total: 50_000, offset, limit: 1, streams: [`N${offset}`] }));
    await assert.rejects(streamNames(conn, { timeoutMs: 2000 }), tooManyPages);
    assert.equal(asked, 1);
    for (const s of suite.subs.splice(0)) s.unsubscribe();
    await answering('$JS.API.STREAM.LIST', (offset) => ({ total: 50_000, offset, limit: 1, streams: [info(`S${offset}`)] }));
    await assert.rejects(
      (async () => {
        for await (const page of listStreams(conn, { timeoutMs: 2000 })) void page;
      })(),
      tooManyPages,
    );
    assert.equal(asked, 1);
    await assert.rejects(collectInventory(conn, { timeoutMs: 2000 }), tooManyPages);
    assert.equal(asked, 2, "one more request: the audit's first page");
  });

  it('audit: a total of a trillion is refused before a request per page is planned', async () => {
    await answering('$JS.API.STREAM.LIST', (offset) => ({ total: 1e12, offset, limit: 1, streams: [info(`S${offset}`)] }));
    await assert.rejects(collectInventory(conn, { timeoutMs: 2000 }), tooMany);
    assert.equal(asked, 1);
  });
});
