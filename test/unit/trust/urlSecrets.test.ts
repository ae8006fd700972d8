/**
 * A server URL may carry a user and password (`nats://alice:s3cret@host`): every message of the
 * trust commands that names the server shows it as `xxxxx@` (push, the system user's login, the
 * diagnosis), as the Connections view does.
 */
import * as assert from 'node:assert/strict';
import { connectSystemUser, serversText } from '../../../src/core/trust/push';
import { redactUrl } from '../../../src/core/trust/redact';

const SECRET = 's3cret-Pa55';

describe('trust: server URLs with a password in messages', () => {
  it('serversText shows the user and password as xxxxx@', () => {
    assert.equal(serversText([`nats://alice:${SECRET}@127.0.0.1:4222`]), 'the server at nats://xxxxx@127.0.0.1:4222');
    const two = serversText([`nats://alice:${SECRET}@h1:4222`, `tls://${SECRET}@h2:4443`]);
    assert.equal(two, 'the servers at nats://xxxxx@h1:4222, tls://xxxxx@h2:4443');
    assert.equal(redactUrl('nats://h3:4222'), 'nats://h3:4222');
  });

  it("the system user's failed login names the server without its password", async () => {
    // Port 1: nothing listens, the connection is refused before any credentials are used.
    await assert.rejects(connectSystemUser([`nats://alice:${SECRET}@127.0.0.1:1`], 'not read: the connection is refused first', 2000), (e: Error) => {
      assert.ok(!e.message.includes(SECRET), e.message);
      assert.match(e.message, /nats:\/\/xxxxx@127\.0\.0\.1:1/);
      return true;
    });
  });
});
