/**
 * Shared pieces of the cluster server tests: server configs with a system account, TLS material
 * made at test time with openssl, profiles, and a guard that fails a suite on any unhandled rejection.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StorageType, connect, type NatsConnection, type Subscription } from 'nats';
import { Connection, ConnectionProfile, StatusEvent, profileFromSettings } from '../../../src/core/cluster';
import { NatsServer, startServer, waitFor } from '../../support/natsServer';

/** Accounts: SYS (system, user sys/sys) and A (JetStream, user a/a). Works with nats-server 2.9.10. */
export const ACCOUNTS_CONFIG = [
  'accounts {',
  '  SYS { users: [{ user: sys, password: sys }] }',
  '  A { jetstream: enabled, users: [{ user: a, password: a }] }',
  '}',
  'system_account: SYS',
].join('\n');

export function profile(name: string, url: string, extra: Record<string, unknown> = {}): ConnectionProfile {
  const p = profileFromSettings({ name, url, ...extra }, 0);
  if (p.problems.some((x) => x.severity === 'error')) throw new Error(`bad test profile: ${JSON.stringify(p.problems)}`);
  return p;
}

export interface TlsMaterial {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here. */
  otherCa: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl. */
export function makeTlsMaterial(): TlsMaterial {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=workbench-test-ca'], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.pem', '-days', '1', '-subj', '/CN=other-ca'], dir);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`], dir);
  }
  const at = (f: string): string => path.join(dir, f);
  return {
    dir,
    ca: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    otherCa: at('other.pem'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function tlsServerConfig(tls: TlsMaterial, verifyClients = false): string {
  const verify = verifyClients ? `, ca_file: ${JSON.stringify(tls.ca)}, verify: true` : '';
  return `tls { cert_file: ${JSON.stringify(tls.serverCert)}, key_file: ${JSON.stringify(tls.serverKey)}${verify}, timeout: 2 }`;
}

/** Collects unhandled rejections while a suite runs; `check()` fails when there were any. */
export function watchUnhandledRejections(): { check(): void; stop(): void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return {
    check() {
      if (seen.length) throw new Error(`unhandled rejections: ${seen.map(String).join('; ')}`);
    },
    stop() {
      process.off('unhandledRejection', onRejection);
    },
  };
}

/** Resolves with the first status event matching `pred`, or rejects after `timeoutMs`. */
export function nextEvent(events: StatusEvent[], pred: (e: StatusEvent) => boolean, timeoutMs: number, since = 0): Promise<StatusEvent> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const hit = events.slice(since).find(pred);
      if (hit) resolve(hit);
      else if (Date.now() > deadline) reject(new Error(`no matching status event within ${timeoutMs} ms; saw ${events.map((e) => e.type).join(', ')}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

/** Polls `probe` every 250 ms until it returns a value (not undefined) or `timeoutMs` passes. */
export function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  return waitFor(what, timeoutMs, probe, 250);
}

/**
 * Waits until the server's client port accepts connections. `startServer()` returns once the
 * monitoring port answers, which nats-server opens before the client port (JetStream starts in
 * between), so a test that connects at once can meet "connection refused".
 */

/** Creates `count` memory streams `<prefix>0000…` (subjects `<prefix lower case>.<i>`) on the server at `url`, 50 at a time. */
export async function addMemoryStreams(url: string, count: number, prefix: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, (_, k) => jsm.streams.add({ name: `${prefix}${String(i + k).padStart(4, '0')}`, subjects: [`${prefix.toLowerCase()}.${i + k}`], storage: StorageType.Memory })),
      );
    }
  } finally {
    await nc.close();
  }
}

/**
 * Registers the hooks of a suite against an impostor: a real nats-server without JetStream, the
 * connection under test on it, and a second client that answers the JetStream API as a test likes
 * (its subscriptions go into `subs`, ended after each test). Fails a test on unhandled rejections.
 */
export function impostorSuite(): { readonly conn: Connection; readonly impostor: NatsConnection; readonly subs: Subscription[] } {
  const rejections = watchUnhandledRejections();
  const subs: Subscription[] = [];
  const held: { server?: NatsServer; conn?: Connection; impostor?: NatsConnection } = {};
  before(async () => {
    held.server = await startServer({ jetstream: false });
    held.conn = await Connection.open(profile('plain', held.server.url));
    held.impostor = await connect({ servers: held.server.url });
  });
  after(async () => {
    await held.impostor?.close();
    await held.conn?.close();
    await held.server?.stop();
    rejections.stop();
  });
  afterEach(() => {
    for (const s of subs.splice(0)) s.unsubscribe();
    rejections.check();
  });
  return {
    subs,
    get conn() {
      return held.conn!;
    },
    get impostor() {
      return held.impostor!;
    },
  };
}
