/** The Connections tree's stream model against a real server: pages, the first page early, cancel, failure. */
import * as assert from 'node:assert/strict';
import { addMemoryStreams } from '../cluster/helpers';
import { Connection, profileFromSettings } from '../../../src/core/cluster';
import { StreamListModel } from '../../../src/explorer/connections/streamListModel';
import { NatsServer, startServer, waitFor } from '../../support/natsServer';

/** More than one page of the server's stream list (256 per page). */
const COUNT = 600;

describe('explorer: the stream list model on a real server', function () {
  this.timeout(120_000);
  let server: NatsServer;
  let conn: Connection;

  before(async () => {
    server = await startServer({ name: 'model' });
    await addMemoryStreams(server.url, COUNT, 'M');
    conn = await Connection.open(profileFromSettings({ name: 'model', url: server.url }, 0));
  });

  after(async () => {
    await conn?.close();
    await server?.stop();
  });

  it('has the first page before the rest, then every stream once, in the server’s order', async () => {
    const pages: number[] = [];
    let atFirst = -1;
    const model = new StreamListModel(conn, { onPage: (page) => pages.push(page.streams.length), concurrency: 1 });
    void model.firstPage.then(() => (atFirst = model.streams.length));
    await model.done;
    assert.equal(model.state, 'done');
    assert.equal(atFirst, 256, 'the first page resolves with the first page only');
    assert.equal(model.total, COUNT);
    assert.deepEqual(pages, [256, 256, COUNT - 512]);
    const names = model.streams.map((s) => s.name);
    assert.equal(new Set(names).size, COUNT);
    assert.deepEqual(names, [...names].sort());
    assert.equal(model.stream('M0042')?.storage, 'memory');
    assert.equal(model.stream('NOPE'), undefined);
  });

  it('stops when cancelled, keeping what it listed', async () => {
    const model = new StreamListModel(conn, { concurrency: 1 });
    await model.firstPage;
    model.cancel();
    await model.done;
    assert.equal(model.state, 'cancelled');
    assert.equal(model.failure?.kind, 'cancelled');
    assert.ok(model.streams.length >= 256 && model.streams.length < COUNT, `${model.streams.length} streams kept`);
  });

  it('fails with the reason when the server is gone, resolving (never rejecting) its promises', async () => {
    const other = await startServer({ name: 'gone' });
    const doomed = await Connection.open(profileFromSettings({ name: 'gone', url: other.url }, 0));
    await other.stop();
    // The client learns of it from the closed socket; until then a request would merely time out.
    await waitFor('the client to see the server gone', 10_000, () => (doomed.state === 'connected' ? undefined : true));
    const model = new StreamListModel(doomed);
    await model.firstPage;
    await model.done;
    assert.equal(model.state, 'failed');
    assert.equal(model.failure?.kind, 'disconnected');
    assert.equal(model.streams.length, 0);
    await doomed.close();
  });
});
