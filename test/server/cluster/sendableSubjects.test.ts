/**
 * Every request of a Connection refuses a subject that would split the protocol line (nats.js
 * writes subjects as given): real nats-server 2.9.10, a canary subscription that a `PUB` injected
 * through a stream name's line breaks would reach.
 */
import * as assert from 'node:assert/strict';
import { ClusterError, Connection, pullConfig } from '../../../src/core/cluster';
import { NatsServer, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile } from './helpers';

const INJECTING = 'X 0\r\n\r\nPUB canary.hit 2\r\nhi\r\nPUB Y';

describe('Connection: subjects that would split the protocol line are not sent', function () {
  this.timeout(30_000);
  let server: NatsServer;
  let conn: Connection;
  let seen = 0;

  before(async () => {
    server = await startServer({ extraConfig: ACCOUNTS_CONFIG });
    conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a' });
    conn.nats.subscribe('canary.>', { callback: () => seen++ });
    await conn.nats.flush();
  });
  after(async () => {
    await conn?.close();
    await server?.stop();
  });

  it('Pull Stream Config of a stream name holding line breaks (a command argument) injects nothing', async () => {
    await assert.rejects(pullConfig(conn, INJECTING), (e: Error) => e instanceof ClusterError && /holds a space, a tab or a line break/.test(e.message) && !/[\r\n]/.test(e.message));
    await assert.rejects(conn.gather(`$SYS.REQ.SERVER.PING ${INJECTING}`), /was not sent/);
    await conn.nats.flush();
    assert.equal(seen, 0, 'no message was published by the subject');
  });

  it('still sends subjects holding characters the server accepts in stream names (an escape)', async () => {
    await assert.rejects(pullConfig(conn, 'NONE\u001b[31m'), (e: Error) => e instanceof ClusterError && /stream not found/i.test(e.message));
  });
});
