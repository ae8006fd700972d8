/**
 * `nats-workbench backup` and `restore` against a real server: a round trip with the message
 * count, a mirror's backup restored promoted, and each refusal with its exit code and message.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, JetStreamManager, NatsConnection } from 'nats';
import { main } from '../../../src/cli';
import { NatsServer, startServer } from '../../support/natsServer';

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const x = { out: '', err: '' };
  const code = await main(argv, { cwd, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } });
  return { code, ...x };
}

describe('nats-workbench backup / restore on a real server', function () {
  this.timeout(60_000);
  let server: NatsServer;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let tmp: string;

  before(async () => {
    server = await startServer();
    nc = await connect({ servers: server.url });
    jsm = await nc.jetstreamManager();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-dr-cli-'));
    await jsm.streams.add({ name: 'SRC', subjects: ['src.>'] });
    for (let i = 0; i < 150; i++) await nc.jetstream().publish(`src.${i}`, new TextEncoder().encode(`m${i}`));
    await jsm.streams.add({ name: 'COPY', mirror: { name: 'SRC' } });
  });
  after(async () => {
    await nc?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('backs up and restores, the mirror promoted with --subjects', async () => {
    for (let i = 0; i < 100 && (await jsm.streams.info('COPY')).state.messages < 150; i++) await new Promise((r) => setTimeout(r, 100));
    const backup = await cli(tmp, 'backup', '--server', server.url, 'COPY', 'copy', '--format', 'json');
    assert.equal(backup.code, 0, backup.err);
    const result = JSON.parse(backup.out) as { messages: number; dir: string };
    assert.equal(result.messages, 150);
    assert.equal(result.dir, path.join(tmp, 'copy'));
    assert.deepEqual(fs.readdirSync(path.join(tmp, 'copy')).sort(), ['backup.json', 'stream.tar.s2']);

    const exists = await cli(tmp, 'restore', '--server', server.url, 'copy');
    assert.equal(exists.code, 1);
    assert.match(exists.err, /Stream 'COPY' already exists on n1, .*a restore creates the stream and never replaces one/);

    await jsm.streams.delete('COPY');
    const notMirror = await cli(tmp, 'backup', '--server', server.url, 'SRC', 'src');
    assert.equal(notMirror.code, 0, notMirror.err);
    const wrong = await cli(tmp, 'restore', '--server', server.url, 'src', '--subjects', 'x.>');
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /The stream SRC is not a mirror: there is nothing to promote/);

    const restored = await cli(tmp, 'restore', '--server', server.url, 'copy', '--subjects', 'copy.>');
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, /Restored COPY: 150 messages, promoted to take writes on copy\.>/);
    const info = await jsm.streams.info('COPY');
    assert.equal(info.config.mirror, undefined);
    assert.deepEqual(info.config.subjects, ['copy.>']);
  });

  it('refuses bad arguments and folders with exit 2 or 1 and a message naming them', async () => {
    const none = await cli(tmp, 'backup', 'SRC', 'x');
    assert.equal(none.code, 2);
    assert.match(none.err, /--server URL or --context NAME is required/);
    const badSubject = await cli(tmp, 'restore', '--server', server.url, 'copy', '--subjects', 'a..b');
    assert.equal(badSubject.code, 2);
    assert.match(badSubject.err, /--subjects: The subject "a\.\.b" /);
    const taken = await cli(tmp, 'backup', '--server', server.url, 'SRC', 'copy');
    assert.equal(taken.code, 1);
    assert.match(taken.err, /copy is not empty/);
    const missing = await cli(tmp, 'restore', '--server', server.url, 'nowhere');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /backup\.json cannot be read: no such file or folder/);
    const badSize = await cli(tmp, 'backup', '--server', server.url, 'SRC', 'z', '--max-size', 'lots');
    assert.equal(badSize.code, 2);
    assert.match(badSize.err, /--max-size must be a size such as 2G, 512M or 1048576, not 'lots'/);
    const tooBig = await cli(tmp, 'backup', '--server', server.url, 'SRC', 'z', '--max-size', '100');
    assert.equal(tooBig.code, 1, tooBig.err);
    assert.match(tooBig.err, /passes the bound of 100 bytes, the maximum size given\. The backup was stopped and nothing was kept/);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f === 'z' || f.startsWith('.z.')), [], 'no folder, no staging folder');
    const unreachable = await cli(tmp, 'backup', '--server', 'nats://127.0.0.1:1', 'SRC', 'y');
    assert.equal(unreachable.code, 2);
    assert.equal(fs.existsSync(path.join(tmp, 'y')), false);
  });
});
