/** Shared by the trust server tests: a temporary store and logins with credentials. */
import * as assert from 'node:assert/strict';
import { connect, credsAuthenticator, NatsConnection } from 'nats';

export { tempRoot } from '../../unit/trust/helpers';

export function connectWithCreds(url: string, creds: string): Promise<NatsConnection> {
  return connect({ servers: url, authenticator: credsAuthenticator(new TextEncoder().encode(creds)), reconnect: false, timeout: 5000 });
}

/** The login must fail the way nats-server refuses credentials. */
export async function assertRefused(url: string, creds: string): Promise<void> {
  await assert.rejects(
    async () => {
      const nc = await connectWithCreds(url, creds);
      await nc.close();
    },
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'AUTHORIZATION_VIOLATION', `expected an authorization violation, got ${e.code}: ${e.message}`);
      return true;
    },
  );
}
