import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';

async function audit(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', cwd: process.cwd(), env, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
  const code = await main(['audit', ...argv], io);
  return { code, out: io.out, err: io.err };
}

/** A port on 127.0.0.1 nobody listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('cli: audit arguments and connection failures', () => {
  it('refuses wrong usage with exit 2, naming what is wrong', async () => {
    for (const [argv, why] of [
      [[], /--server URL or --context NAME is required/],
      [['--server', 'nats://127.0.0.1:4222', '--context', 'x'], /--server or --context, not both/],
      [['--server', 'nats://127.0.0.1:4222', '--format', 'xml'], /--format must be one of text, json, sarif/],
      [['--server', 'nats://127.0.0.1:4222', '--user', 'u'], /--user and --password go together/],
      [['--server', 'nats://127.0.0.1:4222', '--creds', 'a.creds', '--user', 'u', '--password', 'p'], /--creds or --user\/--password, not both/],
      [['--context', 'x', '--creds', 'a.creds'], /a context names its own credentials/],
      [['--server', 'nats://127.0.0.1:4222', '--timeout', 'soon'], /--timeout must be a whole number/],
    ] as const) {
      const r = await audit([...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, why);
      assert.equal(r.out, '');
    }
  });

  it('exits 2 with the reason when the server does not answer, or the context does not exist', async () => {
    const port = await closedPort();
    const down = await audit(['--server', `nats://127.0.0.1:${port}`, '--timeout', '2000']);
    assert.equal(down.code, 2);
    assert.match(down.err, new RegExp(`^nats-workbench audit: cannot connect: .*127\\.0\\.0\\.1:${port}`));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-audit-ctx-'));
    try {
      fs.mkdirSync(path.join(home, 'nats', 'context'), { recursive: true });
      fs.writeFileSync(path.join(home, 'nats', 'context', 'prod.json'), JSON.stringify({ url: `nats://127.0.0.1:${port}` }));
      const missing = await audit(['--context', 'staging'], { XDG_CONFIG_HOME: home });
      assert.equal(missing.code, 2);
      assert.match(missing.err, /no nats context named 'staging'/);
      const viaContext = await audit(['--context', 'prod', '--timeout', '2000'], { XDG_CONFIG_HOME: home });
      assert.equal(viaContext.code, 2);
      assert.match(viaContext.err, /^nats-workbench audit: cannot connect: /);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
