/**
 * `npm run sandbox`: NATS Workbench on an embedded default, a local sandbox.
 *
 * Starts a local 3-node JetStream cluster (with `--regions N`: a super-cluster of N regions × 3
 * servers joined by gateways, streams placed per region and mirrored into the next one), the VS Code server with this folder's extension linked
 * in (dist/ as built; rebuild and reload the window to pick up changes) and the example workspace open, prints the URL to open in a browser, and stops
 * everything on Ctrl-C.
 *
 *   node out/scripts/sandbox.js [--port N] [--host 127.0.0.1] [--workspace DIR] [--regions N] [--smoke]
 *
 * --smoke starts everything, checks that the workbench page and the cluster answer, and exits:
 * the tests use it to keep the quick start true.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { Connection, apply } from '../src/core/cluster';
import { atExit, ownSignals, signalExitCode } from '../test/support/lifecycle';
import { SANDBOX_CLUSTER, SANDBOX_STREAMS, startCluster } from '../test/support/natsServer';
import { regionNames, sandboxRegionStreams, startSuperCluster } from '../test/support/superCluster';
import { Cleanup, ROOT, isolatedEnv, startVsCodeServer, workbenchUrl } from '../test/support/vscodeServer';

interface SandboxOptions {
  host: string;
  port?: number;
  workspace: string;
  /** Regions of a super-cluster; undefined: the 3-node cluster. */
  regions?: string[];
  smoke: boolean;
}

function parseArgs(argv: string[]): SandboxOptions {
  const { values } = parseNodeArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, workspace: { type: 'string' }, regions: { type: 'string' }, smoke: { type: 'boolean' } },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`--port takes a port number, not '${values.port}'`);
  return {
    host: values.host ?? '127.0.0.1',
    port,
    workspace: path.resolve(values.workspace ?? path.join(ROOT, 'example')),
    regions: values.regions === undefined ? undefined : regionNames(/^\d+$/.test(values.regions) ? Number(values.regions) : NaN),
    smoke: values.smoke ?? false,
  };
}

async function seedStreams(url: string, streams: readonly (Record<string, unknown> & { name: string })[]): Promise<void> {
  const conn = await Connection.open({ name: 'sandbox', source: 'settings', servers: url.split(','), auth: { kind: 'none' }, problems: [] });
  try {
    for (const config of streams) {
      // A cluster that has just elected its meta leader may leave the first request unanswered
      // on a busy machine: ask again before giving up.
      let result = await apply(conn, config);
      for (let attempt = 1; attempt < 3 && !result.ok && result.error.kind === 'unavailable'; attempt++) {
        result = await apply(conn, config);
      }
      console.log(`[sandbox]   stream ${config.name}: ${result.ok ? result.action : result.error.message}`);
    }
  } finally {
    await conn.close();
  }
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  let opts: SandboxOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[sandbox] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const cleanup = new Cleanup();
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\n[sandbox] stopping…');
    await cleanup.run();
    console.log('[sandbox] stopped');
    process.exit(code);
  };
  // The sandbox owns Ctrl-C: everything it started is stopped and its folder deleted before it
  // exits. A second Ctrl-C while stopping exits at once; the servers are still killed at exit.
  ownSignals((signal) => {
    if (stopping) process.exit(signalExitCode(signal));
    void stop(0);
  });
  try {
    if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error("dist/extension.js is missing: run 'npm run build'");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-sandbox-'));
    const removeTmp = (): void => fs.rmSync(tmp, { recursive: true, force: true });
    const forgetTmp = atExit(removeTmp);
    cleanup.add(() => {
      removeTmp();
      forgetTmp();
    });

    let servers: { url: string; monitorUrl: string }[];
    let summary: string;
    if (opts.regions) {
      console.log(`[sandbox] starting a super-cluster of ${opts.regions.length} regions × 3 JetStream servers on 127.0.0.1…`);
      const sc = await startSuperCluster({ regions: opts.regions });
      cleanup.add(() => sc.stop());
      for (const s of sc.servers) console.log(`[sandbox]   ${s.name}: ${s.url} (monitoring ${s.monitorUrl})`);
      console.log(`[sandbox]   ${sc.servers.length} servers use ${(sc.rssBytes() / 2 ** 20).toFixed(0)} MiB of memory`);
      await seedStreams(sc.url, sandboxRegionStreams(opts.regions));
      servers = sc.servers;
      summary = `super-cluster with ${opts.regions.length} regions (${opts.regions.join(', ')}) of 3 servers`;
    } else {
      console.log('[sandbox] starting a 3-node JetStream cluster on 127.0.0.1…');
      const cluster = await startCluster(SANDBOX_CLUSTER);
      cleanup.add(() => cluster.stop());
      for (const s of cluster.servers) console.log(`[sandbox]   ${s.name}: ${s.url} (monitoring ${s.monitorUrl})`);
      await seedStreams(cluster.url, SANDBOX_STREAMS);
      servers = cluster.servers;
      summary = `cluster ${cluster.name} with ${cluster.servers.length} nodes`;
    }
    const natsUrl = servers.map((s) => s.url).join(',');

    const env = isolatedEnv(tmp, { NATS_URL: natsUrl });
    // The sandbox connection appears in the NATS view, ready to connect.
    const settings = {
      'natsWorkbench.connections': [{ name: 'sandbox', servers: natsUrl, monitoringUrl: servers[0].monitorUrl }],
    };
    // A workbench for people: no test driver (VS Code would hide every notification toast).
    const port = await startVsCodeServer(tmp, env, cleanup, { host: opts.host, port: opts.port, settings, linkExtension: ROOT });
    const url = workbenchUrl(port, opts.workspace, undefined, undefined, opts.host);
    const status = await httpStatus(url);
    if (status !== 200) throw new Error(`the workbench answered HTTP ${status}`);
    if (opts.smoke) {
      console.log(`[sandbox] smoke check passed: workbench HTTP ${status}, ${summary}`);
      await stop(0);
      return;
    }
    console.log('\n[sandbox] NATS Workbench is ready. Open this URL in a browser:\n');
    console.log(`  ${url}\n`);
    console.log('[sandbox] the example workspace is', opts.workspace);
    console.log('[sandbox] press Ctrl-C to stop the servers and the workbench');
  } catch (e) {
    console.error(`[sandbox] ${e instanceof Error ? e.message : String(e)}`);
    await stop(1);
  }
}

void main();
