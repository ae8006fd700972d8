/**
 * A JetStream super-cluster for tests, benchmarks and the sandbox: clusters (regions) of servers on
 * 127.0.0.1 joined by gateways, every server tagged `region:<cluster>`, stopped by PID like the
 * other helpers of natsServer.ts. Ready when every server names the same meta leader, the meta
 * group counts every server, and every gateway (inbound and outbound) is connected.
 */
import * as fs from 'node:fs';
import {
  ClusterOptions,
  NatsServer,
  StartOptions,
  baseConfig,
  createServer,
  freePort,
  httpGetJson,
  makeTempDir,
  waitFor,
  waitForSharedMetaLeader,
} from './natsServer';

export interface Region {
  /** The cluster's name, also its gateway's name and its `region:` tag. */
  name: string;
  servers: NatsServer[];
  /** Client URLs of the region's servers, comma separated. */
  url: string;
}

export interface SuperCluster {
  regions: Region[];
  /** Every server, region by region. */
  servers: NatsServer[];
  /** Client URLs of every server, comma separated. */
  url: string;
  server(name: string): NatsServer;
  region(name: string): Region;
  /** Waits until every live server names the same meta leader; returns its name. */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  /** Waits until every live server has its gateways to every region with a live server connected. */
  waitForGateways(timeoutMs?: number): Promise<void>;
  /** Resident memory of the running servers, summed (bytes, from /proc/<pid>/status). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface SuperClusterOptions extends Omit<StartOptions, 'name'> {
  /** Cluster names (default east, west, central). */
  regions?: string[];
  /** Servers per cluster (default 3). */
  size?: number;
  /** Extra tags per region name, beside `region:<name>` (e.g. `cloud:aws`). */
  tags?: Record<string, string[]>;
  /** Also tag each server `server:<name>`, so a test can place an R1 stream on one server. */
  serverTags?: boolean;
  /** How long to wait for the meta leader and the gateways (default 60 s: 9 servers on 2 shared cores). */
  readyTimeoutMs?: number;
}

export const DEFAULT_REGIONS: readonly string[] = ['east', 'west', 'central'];

/** JetStream limits small enough for 9 servers on one machine, fixed so placement does not depend on its free disk. */
export const SUPER_CLUSTER_LIMITS: NonNullable<ClusterOptions['jetstreamLimits']> = { maxMemory: '256MB', maxFile: '4GB' };

interface NodePlan {
  region: string;
  name: string;
  dir: string;
  port: number;
  monitorPort: number;
  routePort: number;
  gatewayPort: number;
}

/** Resident set size of a process in bytes, 0 when it is gone. */
export function processRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface Gatewayz {
  outbound_gateways?: Record<string, { connection?: unknown }>;
  inbound_gateways?: Record<string, unknown[]>;
}

function nodeConfig(n: NodePlan, plans: readonly NodePlan[], opts: SuperClusterOptions): string {
  const routes = plans.filter((p) => p.region === n.region).map((p) => `"nats-route://127.0.0.1:${p.routePort}"`);
  const regionNames = [...new Set(plans.map((p) => p.region))];
  const gateways = regionNames.map((r) => {
    const urls = plans.filter((p) => p.region === r).map((p) => `"nats://127.0.0.1:${p.gatewayPort}"`);
    return `    { name: ${JSON.stringify(r)}, urls: [${urls.join(', ')}] }`;
  });
  const tags = [`region:${n.region}`, ...(opts.tags?.[n.region] ?? []), ...(opts.serverTags ? [`server:${n.name}`] : [])];
  const extra = [
    `cluster { name: ${JSON.stringify(n.region)}, listen: "127.0.0.1:${n.routePort}", routes: [${routes.join(', ')}] }`,
    `gateway {\n  name: ${JSON.stringify(n.region)}\n  listen: "127.0.0.1:${n.gatewayPort}"\n  gateways: [\n${gateways.join(',\n')}\n  ]\n}`,
    `server_tags: ${JSON.stringify(tags)}`,
    opts.extraConfig ?? '',
  ].filter(Boolean).join('\n');
  return baseConfig(n.name, n.dir, n.port, n.monitorPort, { ...opts, jetstreamLimits: opts.jetstreamLimits ?? SUPER_CLUSTER_LIMITS, extraConfig: extra });
}

/**
 * Starts `regions` × `size` JetStream servers (default 3 × 3) named `<region>-n<i>`, each region a
 * cluster and a gateway, and waits until the super-cluster is ready (see the module comment).
 */
export async function startSuperCluster(opts: SuperClusterOptions = {}): Promise<SuperCluster> {
  const regionNames = opts.regions ?? [...DEFAULT_REGIONS];
  if (new Set(regionNames).size !== regionNames.length || regionNames.length < 2) throw new Error(`a super-cluster needs two or more distinct region names, not ${JSON.stringify(regionNames)}`);
  const size = opts.size ?? 3;
  const plans: NodePlan[] = [];
  for (const region of regionNames) {
    for (let i = 1; i <= size; i++) {
      const name = `${region}-n${i}`;
      plans.push({ region, name, dir: makeTempDir(name), port: await freePort(), monitorPort: await freePort(), routePort: await freePort(), gatewayPort: await freePort() });
    }
  }
  const servers = plans.map((n) => createServer({ name: n.name, dir: n.dir, port: n.port, monitorPort: n.monitorPort, config: nodeConfig(n, plans, opts) }));
  const regions: Region[] = regionNames.map((name) => {
    const members = servers.filter((_, i) => plans[i].region === name);
    return { name, servers: members, url: members.map((s) => s.url).join(',') };
  });
  const regionOf = new Map(plans.map((p) => [p.name, p.region]));
  const readyTimeout = opts.readyTimeoutMs ?? 60_000;

  const sc: SuperCluster = {
    regions,
    servers,
    url: servers.map((s) => s.url).join(','),
    server(name) {
      const s = servers.find((x) => x.name === name);
      if (!s) throw new Error(`no server ${name} in the super-cluster (${servers.map((x) => x.name).join(', ')})`);
      return s;
    },
    region(name) {
      const r = regions.find((x) => x.name === name);
      if (!r) throw new Error(`no region ${name} in the super-cluster (${regionNames.join(', ')})`);
      return r;
    },
    waitForMetaLeader: (timeoutMs = readyTimeout) => waitForSharedMetaLeader(servers, timeoutMs, 100),
    async waitForGateways(timeoutMs = readyTimeout) {
      // Every server dials one server of each other region (outbound); the region as a whole
      // takes one inbound connection from every server of the other regions.
      await waitFor('every gateway of every live server to be connected', timeoutMs, async () => {
        const running = servers.filter((s) => s.running());
        const liveCount = new Map<string, number>();
        for (const s of running) liveCount.set(regionOf.get(s.name) as string, (liveCount.get(regionOf.get(s.name) as string) ?? 0) + 1);
        const inbound = new Map<string, number>();
        for (const s of running) {
          const gw = await httpGetJson<Gatewayz>(`${s.monitorUrl}/gatewayz`, 1000);
          const own = regionOf.get(s.name) as string;
          for (const other of liveCount.keys()) {
            if (other === own) continue;
            if (!gw.outbound_gateways?.[other]?.connection) return undefined;
            const key = `${own}<-${other}`;
            inbound.set(key, (inbound.get(key) ?? 0) + (gw.inbound_gateways?.[other]?.length ?? 0));
          }
        }
        for (const own of liveCount.keys()) {
          for (const [other, count] of liveCount) if (other !== own && (inbound.get(`${own}<-${other}`) ?? 0) < count) return undefined;
        }
        return true;
      }, 100);
    },
    rssBytes: () => servers.filter((s) => s.running()).reduce((sum, s) => sum + processRss(s.pid()), 0),
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
  try {
    await Promise.all(servers.map((s) => s.start()));
    await sc.waitForGateways();
    await sc.waitForMetaLeader();
    // The meta group counts every server once they all took part in it (a server that has not
    // joined yet would leave its first stream placements short of a peer).
    await waitFor(`a meta group of all ${servers.length} servers`, readyTimeout, async () => {
      for (const s of servers) {
        const jsz = await httpGetJson<{ meta_cluster?: { cluster_size?: number; replicas?: { current?: boolean }[] } }>(`${s.monitorUrl}/jsz`, 1000);
        if ((jsz.meta_cluster?.cluster_size ?? 0) < servers.length) return undefined;
      }
      return true;
    }, 100);
  } catch (e) {
    await sc.stop();
    throw e;
  }
  return sc;
}

/** Region names for `n` regions (the sandbox's `--regions n`): east, west, central, then north, south. */
export function regionNames(n: number): string[] {
  const names = [...DEFAULT_REGIONS, 'north', 'south'];
  if (!Number.isInteger(n) || n < 2 || n > names.length) throw new Error(`--regions takes a number from 2 to ${names.length}, not '${n}'`);
  return names.slice(0, n);
}

/**
 * The streams the sandbox makes on its super-cluster: in each region an R3 file stream
 * `ORDERS_<REGION>` placed there and its R3 mirror `ORDERS_<REGION>_DR` in the next region, and an
 * R1 memory stream `SESSIONS` in the first region (what a region loss takes with it).
 */
export function sandboxRegionStreams(regions: readonly string[]): (Record<string, unknown> & { name: string })[] {
  const streams: (Record<string, unknown> & { name: string })[] = [];
  regions.forEach((region, i) => {
    const name = `ORDERS_${region.toUpperCase()}`;
    streams.push({ name, subjects: [`orders.${region}.>`], num_replicas: 3, storage: 'file', placement: { cluster: region } });
    streams.push({ name: `${name}_DR`, mirror: { name }, num_replicas: 3, storage: 'file', placement: { cluster: regions[(i + 1) % regions.length] } });
  });
  streams.push({ name: 'SESSIONS', subjects: ['sessions.>'], num_replicas: 1, storage: 'memory', max_bytes: 64 * 1024 * 1024, placement: { cluster: regions[0] } });
  return streams;
}
