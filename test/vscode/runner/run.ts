/**
 * Runs an extension test suite inside a real VS Code extension host: the VS Code server shipped in
 * the npm `code-server` package, driven by Debian's headless Chromium through playwright-core.
 *
 *   node out/test/vscode/runner/run.js [--suite <compiled suite module exporting run()>]
 *                                      [--workspace <folder>] [--nats cluster|server|none]
 *                                      [--keep-open] [--restricted]
 *
 * The runner starts the NATS servers the suite needs (by default a 3-node JetStream cluster) and
 * hands their URLs to the extension host through the environment, serves a small "UI driver" on
 * 127.0.0.1 so tests can take screenshots and read the workbench DOM like a person would, and exits
 * with the suite's result. Everything it starts is stopped and its temp folder deleted, also on
 * failure, timeout or Ctrl-C.
 *
 * With --restricted the workbench runs with workspace trust on and opens a copy of the workspace
 * (by default test/fixtures/restricted-workspace, whose .vscode/settings.json names its own
 * connection and store) untrusted, in Restricted Mode; only the suite titled RESTRICTED_SUITE runs.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { ownSignals, signalExitCode } from '../../support/lifecycle';
import { Cluster, NatsServer, freePort, startCluster, startServer } from '../../support/natsServer';
import { Cleanup, CHROMIUM, CHROMIUM_ARGS, isolatedEnv, printFiltered, startVsCodeServer, workbenchUrl } from '../../support/vscodeServer';
import { RESTRICTED_SUITE, UI_DRIVER_ENV, TEST_NATS_ENV, TEST_OUTPUT_ENV, TEST_RESTRICTED_ENV } from '../suite/env';
import { Gallery } from './gallery';

const ROOT = path.resolve(__dirname, '../../../..');
const OVERALL_TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 20 * 60_000);


interface Options {
  suite: string;
  workspace: string;
  nats: 'cluster' | 'server' | 'none';
  keepOpen: boolean;
  restricted: boolean;
}

export function parseRunnerArgs(argv: string[]): Options {
  const { values } = util.parseArgs({
    args: argv,
    options: { suite: { type: 'string' }, workspace: { type: 'string' }, nats: { type: 'string' }, 'keep-open': { type: 'boolean' }, restricted: { type: 'boolean' } },
  });
  const restricted = values.restricted ?? false;
  const nats = values.nats ?? (restricted ? 'server' : 'cluster');
  if (nats !== 'cluster' && nats !== 'server' && nats !== 'none') throw new Error('--nats takes cluster, server or none');
  return {
    suite: path.resolve(values.suite ?? path.join(ROOT, 'out/test/vscode/suite/index.js')),
    workspace: path.resolve(values.workspace ?? path.join(ROOT, restricted ? 'test/fixtures/restricted-workspace' : 'test/fixtures/workspace')),
    nats,
    keepOpen: values['keep-open'] ?? false,
    restricted,
  };
}

/**
 * The UI driver: a tiny HTTP endpoint on 127.0.0.1 through which tests running in the extension
 * host ask for what only the browser can do: screenshots and reading the rendered workbench.
 * `/screenshot?name=…` saves `<name>.png` in the output folder; with `gallery=1` (and `caption`,
 * `test`) it files it in the gallery instead (gallery.ts).
 */
async function startUiDriver(getPage: () => Page | undefined, outputDir: string, gallery: Gallery, cleanup: Cleanup): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = getPage();
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/nats-node') {
      // Kills (SIGKILL) or starts again a node of the runner's cluster, for failure tests.
      const node = natsNodes[Number(url.searchParams.get('index'))];
      const action = url.searchParams.get('action');
      if (!node || (action !== 'kill' && action !== 'start')) return reply(400, { error: 'give index of a node and action kill or start' });
      void (action === 'kill' ? node.kill() : node.start()).then(
        () => reply(200, { ok: true, name: node.name }),
        (e: unknown) => reply(500, { error: String(e) }),
      );
      return;
    }
    if (!page) return reply(503, { error: 'no page yet' });
    void (async () => {
      try {
        if (url.pathname === '/screenshot' && url.searchParams.get('gallery') === '1') {
          const name = url.searchParams.get('name') ?? '';
          const file = gallery.file(name);
          await page.screenshot({ path: file });
          gallery.record({ name, caption: url.searchParams.get('caption') ?? '', test: url.searchParams.get('test') ?? undefined });
          reply(200, { file });
        } else if (url.pathname === '/screenshot') {
          const name = (url.searchParams.get('name') ?? 'screenshot').replace(/[^\w.-]/g, '_');
          const file = path.join(outputDir, `${name}.png`);
          await page.screenshot({ path: file });
          reply(200, { file });
        } else if (url.pathname === '/texts') {
          const selector = url.searchParams.get('selector') ?? 'body';
          const texts = await page.locator(selector).allInnerTexts();
          reply(200, { texts });
        } else if (url.pathname === '/click') {
          const selector = url.searchParams.get('selector') ?? '';
          await page.locator(selector).first().click({ timeout: 10_000 });
          reply(200, { ok: true });
        } else if (url.pathname === '/webview-click') {
          // Inside a webview (nested iframes): the first visible element matching the selector.
          const selector = url.searchParams.get('selector') ?? '';
          const frame = (await Promise.all(page.frames().map(async (f) => ((await f.locator(selector).count().catch(() => 0)) > 0 ? f : undefined)))).find(Boolean);
          if (!frame) return reply(404, { error: `no webview shows ${selector}` });
          await frame.locator(selector).first().click({ timeout: 10_000 });
          reply(200, { ok: true });
        } else if (url.pathname === '/press') {
          await page.keyboard.press(url.searchParams.get('key') ?? 'Escape');
          reply(200, { ok: true });
        } else {
          reply(404, { error: `unknown ${url.pathname}` });
        }
      } catch (e) {
        reply(500, { error: String(e) });
      }
    })();
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  cleanup.add(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${port}`;
}

/** The nodes of the cluster the runner started (for the UI driver's /nats-node). */
let natsNodes: NatsServer[] = [];

async function startNats(kind: Options['nats'], cleanup: Cleanup): Promise<Record<string, string>> {
  if (kind === 'none') return {};
  if (kind === 'server') {
    const server: NatsServer = await startServer({ name: 'test-standalone' });
    cleanup.add(() => server.stop());
    return { [TEST_NATS_ENV.url]: server.url, [TEST_NATS_ENV.monitor]: server.monitorUrl, [TEST_NATS_ENV.kind]: 'server' };
  }
  const cluster: Cluster = await startCluster({ name: 'test-cluster', tags: [['node:n1'], ['node:n2'], ['node:n3']] });
  cleanup.add(() => cluster.stop());
  natsNodes = cluster.servers;
  return {
    [TEST_NATS_ENV.url]: cluster.url,
    [TEST_NATS_ENV.monitor]: cluster.servers[0].monitorUrl,
    [TEST_NATS_ENV.kind]: 'cluster',
    [TEST_NATS_ENV.pids]: cluster.servers.map((s) => String(s.pid())).join(','),
  };
}

export async function runTests(opts: Options): Promise<number> {
  const cleanup = new Cleanup();
  // This runner owns the signals: on Ctrl-C everything it started is stopped in order, then it exits.
  const releaseSignals = ownSignals((signal) => {
    void cleanup.run().then(() => process.exit(signalExitCode(signal)));
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-vscode-'));
  cleanup.add(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const outputDir = path.join(ROOT, 'test-output');
  fs.mkdirSync(outputDir, { recursive: true });
  // A full run starts the gallery afresh; a run of some tests (a grep, Restricted Mode) replaces only their screenshots.
  const gallery = new Gallery(path.join(outputDir, 'gallery'), new Date().toISOString().slice(0, 19).replace('T', ' '), !process.env.NATS_WORKBENCH_TEST_GREP && !opts.restricted);
  cleanup.add(() => {
    if (gallery.size > 0) console.log(`[runner] screenshot gallery: ${gallery.writeIndex()} (${gallery.size} screenshots)`);
  });
  let page: Page | undefined;
  try {
    if (!fs.existsSync(opts.suite)) throw new Error(`suite not found: ${opts.suite} (run 'npm run compile')`);
    if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error("dist/extension.js is missing (run 'npm run build')");
    const natsEnv = await startNats(opts.nats, cleanup);
    const uiDriver = await startUiDriver(() => page, outputDir, gallery, cleanup);
    let workspace = opts.workspace;
    const restrictedEnv: Record<string, string> = {};
    if (opts.restricted) {
      // A copy: the tests write into the workspace, and trusting it must not outlive the run.
      workspace = path.join(tmp, 'workspace');
      fs.cpSync(opts.workspace, workspace, { recursive: true });
      Object.assign(restrictedEnv, { [TEST_RESTRICTED_ENV]: '1', NATS_WORKBENCH_TEST_GREP: RESTRICTED_SUITE });
    }
    const env = isolatedEnv(tmp, { ...natsEnv, [UI_DRIVER_ENV]: uiDriver, [TEST_OUTPUT_ENV]: outputDir, ...restrictedEnv });
    const port = await startVsCodeServer(tmp, env, cleanup, { smokeTestDriver: true, workspaceTrust: opts.restricted });

    const { chromium } = await import('playwright-core');
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...env },
      args: CHROMIUM_ARGS,
      // Playwright would otherwise exit on these signals before the cleanup above has run.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanup.add(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();

    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (_level: unknown, args: unknown) => {
      const parts: unknown[] = Array.isArray(args) ? args : [args];
      const text = util.format(...parts);
      if (process.env.VSCODE_TEST_VERBOSE) process.stdout.write(`${text}\n`);
      else printFiltered('', text, process.stdout);
    });
    page.on('pageerror', (e) => printFiltered('[page]', String(e)));

    const url = workbenchUrl(port, workspace, ROOT, opts.suite);
    if (opts.keepOpen) console.log(`[runner] ${url}`);
    await page.goto(url);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`[runner] the suite did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, OVERALL_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return code;
  } finally {
    page = undefined;
    await cleanup.run();
    releaseSignals();
  }
}

if (require.main === module) {
  let opts: Options;
  try {
    opts = parseRunnerArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[runner] ${(e as Error).message}`);
    process.exit(2);
  }
  runTests(opts).then(
    (code) => {
      console.log(`[runner] extension tests ${code === 0 ? 'passed' : 'failed'} (exit ${code})`);
      process.exit(code);
    },
    (e: unknown) => {
      console.error(`[runner] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
