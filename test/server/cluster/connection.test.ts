import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ClusterError, Connection, StatusEvent } from '../../../src/core/cluster';
import { NatsServer, freePort, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, TlsMaterial, eventually, makeTlsMaterial, nextEvent, profile, tlsServerConfig, watchUnhandledRejections } from './helpers';

async function openFails(p: Parameters<typeof Connection.open>[0], opts: Parameters<typeof Connection.open>[1] = {}): Promise<ClusterError> {
  try {
    const conn = await Connection.open(p, opts);
    await conn.close();
  } catch (e) {
    assert.ok(e instanceof ClusterError, `expected a ClusterError, got ${String(e)}`);
    return e;
  }
  assert.fail('the connection opened but should not have');
}

describe('cluster: connections against real servers', function () {
  this.timeout(60_000);
  const rejections = watchUnhandledRejections();
  let server: NatsServer;

  before(async () => {
    server = await startServer({ extraConfig: ACCOUNTS_CONFIG });
  });
  after(async () => {
    await server?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  it('connects with user and password, reports connected, then closed', async () => {
    const events: StatusEvent[] = [];
    const conn = await Connection.open(profile('a', server.url, { user: 'a' }), { secret: 'a', onStatus: (e) => events.push(e) });
    assert.equal(conn.state, 'connected');
    assert.equal(conn.server?.name, 'n1');
    assert.equal(conn.server?.jetstream, true);
    assert.equal(conn.server?.cluster, undefined);
    await conn.close();
    await nextEvent(events, (e) => e.type === 'closed', 2000);
    assert.deepEqual(events.map((e) => e.type), ['connected', 'closed']);
    assert.equal(conn.state, 'closed');
    await assert.rejects(conn.request('x'), (e: ClusterError) => e.kind === 'disconnected' && /is closed/.test(e.message));
  });

  it('wrong credentials: a clear message naming the server and the user', async () => {
    const e = await openFails(profile('bad', server.url, { user: 'a' }), { secret: 'wrong' });
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /refused the login \(authorization violation\) with user "a"/);
    assert.ok(!e.message.includes('wrong'), 'the password never appears in messages');
  });

  it('a missing password or unreadable credentials file is a config failure before connecting', async () => {
    assert.match((await openFails(profile('nopw', server.url, { user: 'a' }))).message, /needs a password/);
    const creds = await openFails(profile('nocreds', server.url, { creds: '/nonexistent/x.creds' }));
    assert.equal(creds.kind, 'config');
    assert.match(creds.message, /Cannot read the credentials file \/nonexistent\/x\.creds: it does not exist/);
  });

  it('unreachable URL: connection refused, and an unknown host', async () => {
    const port = await freePort();
    const refused = await openFails(profile('gone', `nats://127.0.0.1:${port}`));
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, new RegExp(`Cannot reach nats://127\\.0\\.0\\.1:${port} \\(connection "gone"\\): connection refused`));
    const dns = await openFails(profile('dns', 'nats://no-such-host.invalid:4222'));
    assert.equal(dns.kind, 'unreachable');
    assert.match(dns.message, /does not resolve/);
  });

  it('timeout: a port that accepts but never speaks NATS', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      const e = await openFails(profile('silent', `nats://127.0.0.1:${port}`), { timeoutMs: 800 });
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /No NATS server answered at .* within 800 ms/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      silent.close();
    }
  });

  it('cancelling a connect attempt gives a cancelled failure', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const e = await openFails(profile('slow', `nats://127.0.0.1:${port}`), { timeoutMs: 3000, signal: controller.signal });
      assert.equal(e.kind, 'cancelled');
    } finally {
      silent.close();
    }
  });

  describe('TLS (certificates made with openssl at test time)', () => {
    let tls: TlsMaterial;
    let tlsServer: NatsServer;
    let mtlsServer: NatsServer;
    before(async () => {
      tls = makeTlsMaterial();
      tlsServer = await startServer({ name: 'tls', extraConfig: tlsServerConfig(tls) });
      mtlsServer = await startServer({ name: 'mtls', extraConfig: tlsServerConfig(tls, true) });
    });
    after(async () => {
      await tlsServer?.stop();
      await mtlsServer?.stop();
      tls?.cleanup();
    });

    it('connects with the CA, encrypted', async () => {
      const conn = await Connection.open(profile('tls', tlsServer.url, { ca: tls.ca }));
      assert.equal(conn.server?.tls, true);
      await conn.close();
    });

    it('an untrusted server certificate says to set the CA', async () => {
      for (const p of [profile('noca', tlsServer.url), profile('otherca', tlsServer.url, { ca: tls.otherCa })]) {
        const e = await openFails(p);
        assert.equal(e.kind, 'tls', p.name);
        assert.match(e.message, /TLS with .* failed: the server's certificate .*set the TLS CA file/);
      }
    });

    it('TLS asked of a server without TLS (tls:// URL or TLS files)', async () => {
      for (const p of [profile('tlsurl', server.url.replace('nats://', 'tls://')), profile('tlsfiles', server.url, { ca: tls.ca })]) {
        const e = await openFails(p);
        assert.equal(e.kind, 'tls', p.name);
        assert.match(e.message, /the server does not offer TLS/);
      }
    });

    it('a server that verifies clients: the client certificate works, its absence is explained', async () => {
      const conn = await Connection.open(profile('mtls', mtlsServer.url, { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey }));
      await conn.close();
      const e = await openFails(profile('mtls-nocert', mtlsServer.url, { ca: tls.ca }), { timeoutMs: 1500 });
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /If the server verifies client certificates, set the TLS client certificate and key/);
    });

    it('a missing CA file is named', async () => {
      const e = await openFails(profile('missingca', tlsServer.url, { ca: '/nonexistent/ca.pem' }));
      assert.equal(e.kind, 'config');
      assert.match(e.message, /Cannot read the TLS CA file \/nonexistent\/ca\.pem/);
    });
  });

  describe('a server that goes away', () => {
    let victim: NatsServer;
    beforeEach(async () => {
      victim = await startServer({ name: 'victim' });
    });
    afterEach(async () => {
      const pid = victim.pid();
      if (pid && victim.running()) process.kill(pid, 'SIGCONT');
      await victim.stop();
    });

    it('killed: disconnected within 5 s, requests fail at once, reconnected when it returns', async () => {
      const events: StatusEvent[] = [];
      const conn = await Connection.open(profile('v', victim.url), { onStatus: (e) => events.push(e) });
      try {
        const killedAt = Date.now();
        await victim.kill();
        const down = await nextEvent(events, (e) => e.type === 'disconnected', 5000);
        assert.ok(down.at - killedAt <= 5000, `disconnected after ${down.at - killedAt} ms`);
        console.log(`      disconnected ${down.at - killedAt} ms after SIGKILL`);
        assert.equal(conn.isConnected, false);
        const started = Date.now();
        await assert.rejects(conn.request('$JS.API.INFO'), (e: ClusterError) => e.kind === 'disconnected');
        assert.ok(Date.now() - started < 100, 'no waiting for a timeout while down');
        await nextEvent(events, (e) => e.type === 'reconnecting', 3000);
        const seen = events.length;
        await victim.start();
        const back = await nextEvent(events, (e) => e.type === 'reconnected', 20_000, seen);
        assert.equal(back.state, 'connected');
        assert.equal(conn.state, 'connected');
        await conn.request('$JS.API.INFO');
      } finally {
        await conn.close();
      }
    });

    it('hung (SIGSTOP): noticed by pings, disconnected within 5 s, reconnected after SIGCONT', async () => {
      const events: StatusEvent[] = [];
      const conn = await Connection.open(profile('h', victim.url), { onStatus: (e) => events.push(e) });
      try {
        const pid = victim.pid() as number;
        const stoppedAt = Date.now();
        process.kill(pid, 'SIGSTOP');
        const down = await nextEvent(events, (e) => e.type === 'disconnected', 5000);
        assert.ok(down.at - stoppedAt <= 5000, `disconnected after ${down.at - stoppedAt} ms`);
        console.log(`      disconnected ${down.at - stoppedAt} ms after SIGSTOP`);
        const seen = events.length;
        process.kill(pid, 'SIGCONT');
        await nextEvent(events, (e) => e.type === 'reconnected', 20_000, seen);
        await eventually('a request to succeed', 10_000, async () => (await conn.request('$JS.API.INFO')).length > 0 || undefined);
      } finally {
        await conn.close();
      }
    });
  });
});
