/**
 * Runs the same extension test suite in desktop VS Code through @vscode/test-electron, for machines
 * that can download VS Code (a contributor's laptop). The suite does not depend on the launcher:
 * tests that need the browser's UI driver skip themselves here.
 *
 *   node out/test/vscode/runner/electron.js [--suite <module>] [--workspace <folder>] [--nats cluster|server|none]
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { Cluster, NatsServer, startCluster, startServer } from '../../support/natsServer';
import { TEST_NATS_ENV } from '../suite/env';
import { parseRunnerArgs } from './run';

async function main(): Promise<number> {
  const opts = parseRunnerArgs(process.argv.slice(2));
  if (opts.restricted) {
    console.error('--restricted needs the code-server runner (run.js): its last test trusts the workspace through the workbench');
    return 2;
  }
  const root = path.resolve(__dirname, '../../../..');
  let cluster: Cluster | undefined;
  let server: NatsServer | undefined;
  const env: Record<string, string> = {};
  try {
    if (opts.nats === 'cluster') {
      cluster = await startCluster({ name: 'test-cluster' });
      Object.assign(env, { [TEST_NATS_ENV.url]: cluster.url, [TEST_NATS_ENV.monitor]: cluster.servers[0].monitorUrl, [TEST_NATS_ENV.kind]: 'cluster' });
    } else if (opts.nats === 'server') {
      server = await startServer({ name: 'test-standalone' });
      Object.assign(env, { [TEST_NATS_ENV.url]: server.url, [TEST_NATS_ENV.monitor]: server.monitorUrl, [TEST_NATS_ENV.kind]: 'server' });
    }
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: opts.suite,
      launchArgs: [opts.workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: env,
    });
    return 0;
  } catch (e) {
    console.error(e);
    return 1;
  } finally {
    await cluster?.stop();
    await server?.stop();
  }
}

void main().then((code) => process.exit(code));
