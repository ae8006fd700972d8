import * as assert from 'node:assert/strict';
import { describeFailure } from '../../../src/core/cluster';

// Error shapes as nats.js 2.29 and Node produce them; each is also provoked against a real server
// in test/server/cluster/connection.test.ts.
const ctx = { servers: ['nats://127.0.0.1:4222'], profileName: 'dev' };

describe('cluster: failures in words', () => {
  it('wrong credentials', () => {
    const f = describeFailure({ name: 'NatsError', code: 'AUTHORIZATION_VIOLATION', message: 'Authorization Violation' }, { ...ctx, auth: { kind: 'user', user: 'a' } });
    assert.equal(f.kind, 'auth');
    assert.match(f.message, /nats:\/\/127\.0\.0\.1:4222 \(connection "dev"\) refused the login .* user "a"/);
  });
  it('unreachable URL', () => {
    const refused = describeFailure({ name: 'NatsError', code: 'CONNECTION_REFUSED', message: 'CONNECTION_REFUSED', chainedError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }, ctx);
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, /Cannot reach .*connection refused/);
    assert.match(describeFailure({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' }, ctx).message, /does not resolve/);
  });
  it('TLS problems', () => {
    assert.match(describeFailure({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' }, ctx).message, /set the TLS CA file/);
    const noTls = describeFailure({ name: 'NatsError', code: 'SERVER_OPT_NA', message: 'tls' }, ctx);
    assert.equal(noTls.kind, 'tls');
    assert.match(noTls.message, /does not offer TLS/);
    assert.match(describeFailure({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'x' }, ctx).message, /does not name the host/);
  });
  it('timeouts, with a client-certificate hint when TLS is set without one', () => {
    const plain = describeFailure({ name: 'NatsError', code: 'TIMEOUT', message: 'TIMEOUT' }, { ...ctx, timeoutMs: 1500 });
    assert.equal(plain.kind, 'timeout');
    assert.match(plain.message, /No NATS server answered at .* within 1500 ms/);
    const tls = describeFailure({ code: 'TIMEOUT', message: 'TIMEOUT' }, { ...ctx, tls: true });
    assert.match(tls.message, /client certificate/);
    const request = describeFailure({ code: 'TIMEOUT', message: 'TIMEOUT' }, { ...ctx, operation: 'the stream list request', timeoutMs: 5000 });
    assert.match(request.message, /^No answer to the stream list request within 5000 ms/);
  });
  it('no responders, permissions, closed connections, cancellation and the rest', () => {
    assert.equal(describeFailure({ code: '503', message: '503' }, { operation: 'x' }).kind, 'no-responders');
    assert.equal(describeFailure({ code: 'PERMISSIONS_VIOLATION', message: 'p' }).kind, 'permission');
    assert.equal(describeFailure({ code: 'CONNECTION_CLOSED', message: 'c' }).kind, 'disconnected');
    assert.equal(describeFailure({ name: 'AbortError', message: 'aborted' }).kind, 'cancelled');
    const other = describeFailure(new Error('boom'), ctx);
    assert.equal(other.kind, 'unknown');
    assert.match(other.message, /^Connecting to .* failed: boom$/);
  });
});
