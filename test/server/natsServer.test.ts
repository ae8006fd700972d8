import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { httpGetJson, startCluster, startServer, waitFor } from '../support/natsServer';

const SUPPORT = path.resolve(__dirname, '../support');

/**
 * Runs `script` in a Node process of its own (with `natsServer` and `lifecycle` in scope) until it
 * prints `ready <pid> <dir>` for a server it started, sends it `signal`, and reports how it ended.
 */
async function interrupt(script: string, signal: NodeJS.Signals): Promise<{ code: number | null; output: string; pid: number; dir: string }> {
  const prelude = `const natsServer = require(${JSON.stringify(path.join(SUPPORT, 'natsServer.js'))});\n`
    + `const lifecycle = require(${JSON.stringify(path.join(SUPPORT, 'lifecycle.js'))});\n`;
  const child = spawn(process.execPath, ['-e', prelude + script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const [, pid, dir] = await waitFor('the script to start its server', 20_000, () => {
    if (child.exitCode !== null) throw new Error(output);
    return /ready (\d+) (\S+)/.exec(output) ?? undefined;
  });
  child.kill(signal);
  return { code: await exited, output, pid: Number(pid), dir };
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('test servers (real nats-server)', () => {
  it('starts a standalone JetStream server on 127.0.0.1 and stops it by PID', async () => {
    const server = await startServer();
    const pid = server.pid();
    assert.ok(pid);
    const varz = await httpGetJson<{ host: string; port: number; jetstream?: unknown }>(`${server.monitorUrl}/varz`);
    assert.equal(varz.host, '127.0.0.1');
    assert.equal(varz.port, server.port);
    await server.stop();
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    assert.equal(fs.existsSync(server.dir), false);
  });

  it('starts a 3-node cluster with a meta leader, survives a killed node and restarts it', async function () {
    this.timeout(60_000);
    const cluster = await startCluster();
    try {
      const leader = await cluster.waitForMetaLeader();
      assert.ok(cluster.servers.some((s) => s.name === leader));
      const victim = cluster.servers[0];
      await victim.kill();
      assert.equal(victim.running(), false);
      await victim.start();
      assert.equal(victim.running(), true);
    } finally {
      await cluster.stop();
    }
    for (const s of cluster.servers) assert.equal(s.running(), false);
  });

  describe('on signals', () => {
    const START = `natsServer.startServer().then((s) => console.log('ready ' + s.pid() + ' ' + s.dir));\n`;

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`with no owner of the signals, ${signal} stops the servers, removes their folders and exits with 128+n`, async function () {
        this.timeout(30_000);
        const { code, pid, dir } = await interrupt(`${START}setInterval(() => undefined, 1000);`, signal);
        assert.equal(code, signal === 'SIGINT' ? 130 : 143);
        await waitFor('the server to end', 3000, () => (gone(pid) ? true : undefined));
        assert.equal(fs.existsSync(dir), false);
      });
    }

    it('with an owner, the owner decides: its cleanup runs to the end before the process exits', async function () {
      this.timeout(30_000);
      // The owner's cleanup takes a while (as the sandbox's does); the library must not exit under it.
      const { code, output, pid, dir } = await interrupt(
        `lifecycle.ownSignals((signal) => setTimeout(() => { console.log('owner cleaned up after ' + signal); process.exit(0); }, 300));\n${START}`,
        'SIGINT',
      );
      assert.equal(code, 0, output);
      assert.match(output, /owner cleaned up after SIGINT/);
      // The server, left to the exit steps, is still stopped and its folder removed.
      await waitFor('the server to end', 3000, () => (gone(pid) ? true : undefined));
      assert.equal(fs.existsSync(dir), false);
    });
  });
});

