/** Shared by the trust server tests: a temporary store and logins with credentials. */
import * as assert from 'node:assert/strict';
import { connect, credsAuthenticator, Events, NatsConnection, StringCodec } from 'nats';
import { AccountResult, addAccount, createOperator, CreateOperatorResult, NKey, StoreLocation } from '../../../src/core/trust';
import { NatsServer, sleep, StartOptions, startOperatorServer } from '../../support/natsServer';
import { keyOf } from '../../unit/trust/helpers';

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

/** Operator OP with its system account, and its account APP with the account's key pair, in `store`. */
export async function operatorWithApp(store: StoreLocation): Promise<{ op: CreateOperatorResult; sys: AccountResult; acc: AccountResult; accountKey: NKey }> {
  const op = await createOperator({ store, name: 'OP' });
  const acc = await addAccount({ store, operator: 'OP', name: 'APP' });
  assert.ok(op.systemAccount);
  return { op, sys: op.systemAccount, acc, accountKey: keyOf(store, acc.publicKey) };
}

/** A memory-resolver server of `op` (debug log on), preloading its system account and `accounts`. */
export function startMemoryServer(op: CreateOperatorResult, accounts: { publicKey: string; jwt: string }[], extra: StartOptions = {}): Promise<NatsServer> {
  assert.ok(op.systemAccount);
  const preload = Object.fromEntries([op.systemAccount, ...accounts].map((a) => [a.publicKey, a.jwt]));
  return startOperatorServer({ operatorJwt: op.operator.jwt, systemAccount: op.systemAccount.publicKey, resolver: 'memory', preload, debug: true, ...extra });
}

/** Publishes to `subject` and returns the subjects the server reported as PERMISSIONS_VIOLATION. */
export async function publishViolations(nc: NatsConnection, subject: string): Promise<string[]> {
  const violations: string[] = [];
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === Events.Error && s.data === 'PERMISSIONS_VIOLATION') violations.push(s.permissionContext?.subject ?? '');
    }
  })();
  nc.publish(subject, StringCodec().encode('x'));
  await nc.flush();
  for (let i = 0; i < 40 && violations.length === 0; i++) await sleep(25);
  return violations;
}

