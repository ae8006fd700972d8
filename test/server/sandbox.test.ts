/**
 * Keeps the README's first quick-start command true: the sandbox starts, answers, shows what
 * happens to the person using it, and stops cleanly (also on Ctrl-C and SIGTERM).
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { waitFor } from '../support/natsServer';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/vscodeServer';

const ROOT = path.resolve(__dirname, '../../..');
const SANDBOX = path.join(ROOT, 'out/scripts/sandbox.js');
const OUTPUT = path.join(ROOT, 'test-output');

function natsServerPids(): string[] {
  const res = spawnSync('pgrep', ['-f', 'nwb-sandbox'], { encoding: 'utf8' });
  return res.stdout.split('\n').filter(Boolean);
}

/** A process as /proc shows it; the start time tells it apart from a later one with the same PID. */
interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  start: string;
  args: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) may hold spaces and parentheses: the fields after it follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie holds nothing any more
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19], args };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readProc(Number(d))).filter((p): p is Proc => p !== undefined);
}

/** `root` and every process below it. */
function processTree(root: number): Proc[] {
  const procs = allProcs();
  const tree = procs.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...procs.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

function stillAlive(p: Proc): boolean {
  return readProc(p.pid)?.start === p.start;
}

interface Sandbox {
  child: ChildProcess;
  /** The folder the sandbox takes as TMPDIR: everything it creates on disk lives in it. */
  tmpdir: string;
  url: string;
  /** The sandbox and every process below it once it was ready. */
  tree: Proc[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the compiled sandbox script as `npm run sandbox` ends up doing, and waits until it prints its URL. */
async function startSandbox(): Promise<Sandbox> {
  const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-sandbox-test-'));
  const child = spawn(process.execPath, [SANDBOX], { cwd: ROOT, env: { ...process.env, TMPDIR: tmpdir }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await waitFor('the sandbox to print its URL', 90_000, () => {
    if (child.exitCode !== null) throw new Error(`the sandbox exited with ${child.exitCode}:\n${output}`);
    return /NATS Workbench is ready[^]*?(http:\/\/\S+)/.exec(output)?.[1];
  }, 100);
  return { child, tmpdir, url, tree: processTree(child.pid ?? -1), output: () => output, exited };
}

/**
 * Sends `signal` to a running sandbox and checks that it exits, that nothing it started runs any
 * more (nats-server, the VS Code server and its process group), and that its folders are gone.
 */
async function stopAndCheck(sandbox: Sandbox, signal: NodeJS.Signals): Promise<void> {
  const tree = sandbox.tree;
  const kinds = (re: RegExp): Proc[] => tree.filter((p) => re.test(p.args));
  assert.equal(kinds(/nats-server/).length, 3, `three nats-server processes under the sandbox:\n${tree.map((p) => p.args).join('\n')}`);
  assert.equal(kinds(/server-main\.js/).length, 1, 'the VS Code server under the sandbox');
  const groups = new Set(tree.map((p) => p.pgid));
  assert.ok(fs.readdirSync(sandbox.tmpdir).some((d) => d.startsWith('nwb-sandbox-')), 'the sandbox keeps its folder in its TMPDIR');

  sandbox.child.kill(signal);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the sandbox did not exit after ${signal}:\n${sandbox.output()}`)), 30_000).unref());
  const { code } = await Promise.race([sandbox.exited, timeout]);
  // Killed by PID and group: give the kernel a moment to reap what just got SIGKILL.
  await waitFor('every process of the sandbox to end', 5000, () => {
    const left = [...tree.filter(stillAlive), ...allProcs().filter((p) => groups.has(p.pgid))];
    return left.length === 0 ? true : undefined;
  }).catch(() => {
    const left = [...tree.filter(stillAlive), ...allProcs().filter((p) => groups.has(p.pgid))];
    assert.deepEqual(left.map((p) => `${p.pid} ${p.args}`), [], `processes of the sandbox left after ${signal}`);
  });
  assert.deepEqual(fs.readdirSync(sandbox.tmpdir), [], `the sandbox's folders (keystore, servers' stores) are deleted after ${signal}`);
  assert.equal(code, 0, `the sandbox exits cleanly after ${signal}:\n${sandbox.output()}`);
  assert.match(sandbox.output(), /stopping…\n\[sandbox\] stopped/);
}

/** Kills what a failed test left running (by PID and process group), and removes the test's TMPDIR for the sandbox. */
function forceCleanup(sandbox: Sandbox | undefined): void {
  if (!sandbox) return;
  const groups = new Set(sandbox.tree.map((p) => p.pgid));
  for (const p of [...sandbox.tree.filter(stillAlive), ...allProcs().filter((q) => groups.has(q.pgid))]) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  fs.rmSync(sandbox.tmpdir, { recursive: true, force: true });
}

describe('npm run sandbox', function () {
  this.timeout(180_000);

  it('starts a 3-node cluster and the workbench with the example workspace, then stops everything', () => {
    const before = natsServerPids();
    const res = spawnSync(process.execPath, [SANDBOX, '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    assert.equal(res.status, 0, `sandbox failed:\n${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /sandbox-n1: nats:\/\/127\.0\.0\.1:\d+/);
    assert.match(res.stdout, /stream ORDERS: created/);
    assert.match(res.stdout, /stream SESSIONS: created/);
    assert.match(res.stdout, /smoke check passed: workbench HTTP 200, cluster sandbox with 3 nodes/);
    assert.deepEqual(natsServerPids().filter((p) => !before.includes(p)), [], 'no sandbox process is left behind');
  });

  it('--regions 3 starts a super-cluster of 3 regions with streams per region and mirrors in the next, then stops everything', () => {
    const before = natsServerPids();
    const res = spawnSync(process.execPath, [SANDBOX, '--regions', '3', '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 });
    assert.equal(res.status, 0, `sandbox failed:\n${res.stdout}\n${res.stderr}`);
    for (const name of ['east-n1', 'west-n3', 'central-n2']) assert.match(res.stdout, new RegExp(`${name}: nats://127\\.0\\.0\\.1:\\d+`));
    for (const stream of ['ORDERS_EAST', 'ORDERS_EAST_DR', 'ORDERS_WEST_DR', 'ORDERS_CENTRAL_DR', 'SESSIONS']) assert.match(res.stdout, new RegExp(`stream ${stream}: created`));
    assert.match(res.stdout, /smoke check passed: workbench HTTP 200, super-cluster with 3 regions \(east, west, central\) of 3 servers/);
    assert.deepEqual(natsServerPids().filter((p) => !before.includes(p)), [], 'no sandbox process is left behind');
  });

  it('refuses --regions outside 2 to 5 before starting anything', () => {
    const res = spawnSync(process.execPath, [SANDBOX, '--regions', '9', '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(res.status, 2);
    assert.match(res.stderr, /--regions takes a number from 2 to 5, not '9'/);
  });

  it('shows notifications as toasts in the browser (a workbench for people, no test driver)', async () => {
    let sandbox: Sandbox | undefined;
    let browser: Browser | undefined;
    try {
      sandbox = await startSandbox();
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await page.goto(sandbox.url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The extension activates on the workspace's stream configs; its command is then in the palette.
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Linted' });
      await waitFor('the lint command to show its notification', 60_000, async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ timeout: 5000 });
        await input.fill('>NATS: Lint Stream Configs in Workspace');
        const item = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Lint Stream Configs in Workspace' }).first();
        await item.waitFor({ timeout: 5000 });
        await page.keyboard.press('Enter');
        await toast.first().waitFor({ state: 'visible', timeout: 10_000 });
        return true;
      }, 1000);
      assert.ok(await toast.first().isVisible(), 'the notification is a visible toast');
      assert.match(await toast.first().innerText(), /Linted \d+ stream config files/);
      fs.mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: path.join(OUTPUT, 'sandbox-notification.png') });
      await browser.close();
      browser = undefined;
      await stopAndCheck(sandbox, 'SIGINT');
    } finally {
      await browser?.close();
      forceCleanup(sandbox);
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} (${signal === 'SIGINT' ? 'Ctrl-C' : 'kill'}) stops every process it started and deletes its folders`, async () => {
      let sandbox: Sandbox | undefined;
      try {
        sandbox = await startSandbox();
        await stopAndCheck(sandbox, signal);
      } finally {
        forceCleanup(sandbox);
      }
    });
  }
});
