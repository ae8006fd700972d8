/**
 * Real nats-server processes for tests, benchmarks and the sandbox.
 *
 * Every server binds 127.0.0.1 on free ports, keeps its state in its own temporary folder, and is
 * stopped by PID: by `stop()`, and in any case when this process exits or is interrupted (the
 * program that owns the signals decides when; see lifecycle.ts).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { atExit } from './lifecycle';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? 'nats-server';

export interface NatsServer {
  readonly name: string;
  readonly port: number;
  readonly monitorPort: number;
  /** nats://127.0.0.1:<port> */
  readonly url: string;
  /** http://127.0.0.1:<monitorPort> */
  readonly monitorUrl: string;
  readonly dir: string;
  readonly configFile: string;
  pid(): number | undefined;
  running(): boolean;
  /** Everything the server wrote to stdout/stderr so far (its log). */
  log(): string;
  /** SIGKILL: a crash, for failure tests. The folder stays, so `start()` can bring it back. */
  kill(): Promise<void>;
  /** Starts the server again with the same config, ports and store. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

export interface Cluster {
  readonly name: string;
  readonly servers: NatsServer[];
  /** Client URLs of all nodes, comma separated, as `nats` clients take them. */
  readonly url: string;
  readonly urls: string[];
  /** Waits until the JetStream meta group has a leader (polls /jsz of every live node). */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  name?: string;
  /** Enable JetStream (default true). */
  jetstream?: boolean;
  /** Extra nats-server config text appended to the generated config. */
  extraConfig?: string;
  /** Turn on debug logging (for tests that read why a login was refused). */
  debug?: boolean;
  /** JetStream limits per server, in nats-server's units (e.g. `1GB`); unset: the server's default (75% of free disk, 75% of RAM). */
  jetstreamLimits?: { maxMemory?: string; maxFile?: string };
}

const live = new Set<ChildProcess>();
/** Folders of servers not stopped yet: removed at exit too, so a failed test leaves nothing behind. */
const liveDirs = new Set<string>();
let hooksInstalled = false;

/** Kills every server still running and removes their folders when this process ends (see lifecycle.ts). */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  atExit(() => {
    for (const child of live) {
      try {
        if (child.pid) process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    live.clear();
    for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    liveDirs.clear();
  });
}

/** Ports this process has handed out: the OS may offer a just-closed port again, and two servers must never share one. */
const handedOut = new Set<number>();

/** A port that was free a moment ago on 127.0.0.1 and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const address = srv.address();
        const chosen = typeof address === 'object' && address ? address.port : 0;
        srv.close(() => resolve(chosen));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export function httpGetJson<T = unknown>(url: string, timeoutMs = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` every `intervalMs` until it returns a value that is not undefined; a probe that
 * throws counts as not yet, and its last error is named when time runs out.
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nwb-${prefix}-`));
}

export interface ServerSpec {
  name: string;
  dir: string;
  port: number;
  monitorPort: number;
  config: string;
}

/** A server (not started yet) from its spec; its folder is removed at exit unless stopped before. */
export function createServer(spec: ServerSpec): NatsServer {
  const configFile = path.join(spec.dir, 'server.conf');
  fs.writeFileSync(configFile, spec.config);
  installExitHooks();
  liveDirs.add(spec.dir);
  let child: ChildProcess | undefined;
  let output = '';

  const server: NatsServer = {
    name: spec.name,
    port: spec.port,
    monitorPort: spec.monitorPort,
    url: `nats://127.0.0.1:${spec.port}`,
    monitorUrl: `http://127.0.0.1:${spec.monitorPort}`,
    dir: spec.dir,
    configFile,
    pid: () => child?.pid,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    log: () => output,
    async start() {
      if (server.running()) return;
      installExitHooks();
      const proc = spawn(NATS_SERVER_BIN, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      live.add(proc);
      proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      proc.on('exit', () => live.delete(proc));
      const spawnError = new Promise<never>((_, reject) => proc.on('error', reject));
      await Promise.race([
        spawnError,
        waitFor(`${spec.name} to take clients on ${spec.port}`, 10_000, async () => {
          if (proc.exitCode !== null) throw new Error(`nats-server exited with ${proc.exitCode}:\n${output}`);
          // The monitoring port opens before JetStream has started; the client port only after.
          await httpGetJson(`${server.monitorUrl}/varz`, 500);
          return (await acceptsConnections(spec.port)) ? true : undefined;
        }),
      ]);
    },
    async kill() {
      const proc = child;
      if (!proc || !server.running()) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const proc = child;
      if (proc && server.running()) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(spec.dir, { recursive: true, force: true });
      liveDirs.delete(spec.dir);
    },
  };
  return server;
}

export function baseConfig(name: string, dir: string, port: number, monitorPort: number, opts: StartOptions): string {
  const lines = [
    `server_name: ${JSON.stringify(name)}`,
    `listen: "127.0.0.1:${port}"`,
    `http: "127.0.0.1:${monitorPort}"`,
  ];
  if (opts.jetstream !== false) {
    const limits = opts.jetstreamLimits ?? {};
    const fields = [
      `store_dir: ${JSON.stringify(path.join(dir, 'js'))}`,
      limits.maxMemory ? `max_memory_store: ${limits.maxMemory}` : '',
      limits.maxFile ? `max_file_store: ${limits.maxFile}` : '',
    ].filter(Boolean);
    lines.push(`jetstream { ${fields.join(', ')} }`);
  }
  if (opts.debug) lines.push('debug: true', 'trace: false');
  if (opts.extraConfig) lines.push(opts.extraConfig);
  return lines.join('\n') + '\n';
}

/** One JetStream server (standalone, not clustered). */
export async function startServer(opts: StartOptions = {}): Promise<NatsServer> {
  const name = opts.name ?? 'n1';
  const dir = makeTempDir(name);
  const port = await freePort();
  const monitorPort = await freePort();
  return startOrRemove(createServer({ name, dir, port, monitorPort, config: baseConfig(name, dir, port, monitorPort, opts) }));
}

/** Starts `server`; when it cannot start, removes its folder and rethrows. */
async function startOrRemove(server: NatsServer): Promise<NatsServer> {
  try {
    await server.start();
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/**
 * Waits until every live server of `servers` names the same JetStream meta leader and returns it:
 * a node that does not know the leader yet drops the JetStream API requests it is sent (the first
 * request of a test then times out).
 */
export function waitForSharedMetaLeader(servers: readonly NatsServer[], timeoutMs = 20_000, intervalMs = 25): Promise<string> {
  return waitFor('a JetStream meta leader that every live node knows', timeoutMs, async () => {
    const leaders = new Set<string | undefined>();
    for (const s of servers.filter((x) => x.running())) {
      const jsz = await httpGetJson<{ meta_cluster?: { leader?: string } }>(`${s.monitorUrl}/jsz`, 500).catch(() => undefined);
      leaders.add(jsz?.meta_cluster?.leader || undefined);
    }
    const [leader] = leaders;
    return leaders.size === 1 ? leader : undefined;
  }, intervalMs);
}

export interface ClusterOptions extends StartOptions {
  size?: number;
  /** Per-node server tags (`server_tags`), by node index. */
  tags?: string[][];
  /** Config text of one node, appended to its config (called once per node, its folder made). */
  nodeConfig?: (node: { name: string; dir: string; index: number }) => string;
}

/** A JetStream cluster of `size` nodes (default 3), ready when the meta group has a leader. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const size = opts.size ?? 3;
  const clusterName = opts.name ?? 'c1';
  const nodes: { name: string; dir: string; port: number; monitorPort: number; routePort: number }[] = [];
  for (let i = 0; i < size; i++) {
    const name = `${clusterName}-n${i + 1}`;
    nodes.push({ name, dir: makeTempDir(name), port: await freePort(), monitorPort: await freePort(), routePort: await freePort() });
  }
  const routes = nodes.map((n) => `"nats-route://127.0.0.1:${n.routePort}"`).join(', ');
  const servers = nodes.map((n, i) => {
    const tags = opts.tags?.[i];
    const extra = [
      `cluster { name: ${JSON.stringify(clusterName)}, listen: "127.0.0.1:${n.routePort}", routes: [${routes}] }`,
      tags && tags.length ? `server_tags: ${JSON.stringify(tags)}` : '',
      opts.nodeConfig?.({ name: n.name, dir: n.dir, index: i }) ?? '',
      opts.extraConfig ?? '',
    ].filter(Boolean).join('\n');
    return createServer({
      name: n.name,
      dir: n.dir,
      port: n.port,
      monitorPort: n.monitorPort,
      config: baseConfig(n.name, n.dir, n.port, n.monitorPort, { ...opts, extraConfig: extra }),
    });
  });
  const cluster: Cluster = {
    name: clusterName,
    servers,
    urls: servers.map((s) => s.url),
    url: servers.map((s) => s.url).join(','),
    waitForMetaLeader: (timeoutMs = 20_000) => waitForSharedMetaLeader(servers, timeoutMs),
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
  try {
    await Promise.all(servers.map((s) => s.start()));
    await cluster.waitForMetaLeader();
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/**
 * The sandbox's cluster (`npm run sandbox`): 3 nodes named `sandbox-n1`… in cluster `sandbox`, with
 * fixed JetStream limits so that what applies there does not depend on the machine's free disk.
 * The tests that keep the example workspace applicable start the same cluster.
 */
export const SANDBOX_CLUSTER: Readonly<ClusterOptions> = { name: 'sandbox', jetstreamLimits: { maxMemory: '1GB', maxFile: '20GB' } };

/** Streams the sandbox makes on its cluster, so the Connections view has something to show: one healthy, one fragile. */
export const SANDBOX_STREAMS: readonly Readonly<Record<string, unknown> & { name: string }>[] = [
  { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3, storage: 'file', max_age: 7 * 24 * 3600 * 1e9 },
  { name: 'SESSIONS', subjects: ['sessions.>'], num_replicas: 1, storage: 'memory', max_bytes: 64 * 1024 * 1024 },
];

export interface OperatorServerOptions extends StartOptions {
  /** The operator JWT (encoded). */
  operatorJwt: string;
  /** Public key of the system account. */
  systemAccount: string;
  /** `memory`: accounts preloaded from `preload`; `full`: a full resolver (accounts pushed later). */
  resolver: 'memory' | 'full';
  /** Account public key -> account JWT. With `full`, these are written into the resolver folder. */
  preload?: Record<string, string>;
}

/**
 * The operator-mode part of a server's config (operator, system account, resolver). With `full`,
 * the resolver keeps its JWTs in `<dir>/jwt`, where the `preload` JWTs are written.
 */
export function operatorConfig(opts: Omit<OperatorServerOptions, keyof StartOptions>, dir: string): string {
  const lines = [`operator: ${JSON.stringify(opts.operatorJwt)}`, `system_account: ${JSON.stringify(opts.systemAccount)}`];
  const preload = opts.preload ?? {};
  if (opts.resolver === 'memory') {
    lines.push('resolver: MEMORY');
    const entries = Object.entries(preload).map(([pub, jwt]) => `  ${pub}: ${JSON.stringify(jwt)}`);
    lines.push(`resolver_preload: {\n${entries.join('\n')}\n}`);
  } else {
    const jwtDir = path.join(dir, 'jwt');
    fs.mkdirSync(jwtDir, { recursive: true });
    for (const [pub, jwt] of Object.entries(preload)) fs.writeFileSync(path.join(jwtDir, `${pub}.jwt`), jwt);
    lines.push(`resolver: { type: full, dir: ${JSON.stringify(jwtDir)}, allow_delete: false, interval: "2m" }`);
  }
  return lines.join('\n');
}

/** A server in operator mode (decentralized JWT authentication), JetStream on by default. */
export async function startOperatorServer(opts: OperatorServerOptions): Promise<NatsServer> {
  const name = opts.name ?? 'op1';
  const dir = makeTempDir(name);
  const port = await freePort();
  const monitorPort = await freePort();
  const extra = [operatorConfig(opts, dir), opts.extraConfig ?? ''].join('\n');
  return startOrRemove(createServer({ name, dir, port, monitorPort, config: baseConfig(name, dir, port, monitorPort, { ...opts, extraConfig: extra }) }));
}
