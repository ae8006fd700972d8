import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { encodeUserJwt, formatCreds, NKey, paths, storeAt } from '../../../src/core/trust';
import { acceptsConnections, freePort, httpGetJson, NATS_SERVER_BIN, NatsServer, startServer } from '../../support/natsServer';
import { assertOnlyOwnDirectives, hostileStore } from '../../unit/trust/hostile';
import { connectWithCreds, tempRoot } from './helpers';

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const x = { out: '', err: '' };
  const code = await main(argv, { cwd, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } });
  assert.doesNotMatch(x.out + x.err, /S[OAU][A-Z2-7]{56}/, 'the CLI never prints a seed');
  return { code, ...x };
}

/** `nats-server -t`: the config parses (2.9.10 has -t). */
function serverAccepts(configFile: string): void {
  const r = spawnSync(NATS_SERVER_BIN, ['-t', '-c', configFile], { cwd: path.dirname(configFile), encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `nats-server -t refused ${configFile}:\n${r.stdout}${r.stderr}`);
}

/** An include line for a server started by startServer (its folder sits directly under the temporary folder). */
function includeFrom(file: string): string {
  return `include ${JSON.stringify(path.relative(path.join(os.tmpdir(), 'server-folder'), file))}`;
}

describe('trust server tier: hostile stores', function () {
  this.timeout(60_000);
  const tmp = tempRoot('hostile-server');
  const servers: NatsServer[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
    tmp.remove();
  });

  it('server-config of a store full of injections: nats-server -t accepts it, and a server started on it opens no injected port', async () => {
    const injected = await freePort();
    const store = storeAt(path.join(tmp.root, 'inj'));
    const { operator, valid, keys } = await hostileStore(store, injected);
    const memory = await cli(tmp.root, 'server-config', '--store', 'inj', '--operator', operator, '--out', 'memory.conf');
    assert.equal(memory.code, 0, memory.err);
    assert.doesNotMatch(memory.out + memory.err, /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\u202e]/u, 'no control sequence from the store reaches the terminal');
    const memoryConf = path.join(tmp.root, 'memory.conf');
    assertOnlyOwnDirectives(fs.readFileSync(memoryConf, 'utf8'));
    const full = await cli(tmp.root, 'server-config', '--store', 'inj', '--operator', operator, '--out', 'full.conf', '--resolver', 'full');
    assert.equal(full.code, 0, full.err);

    for (const auth of ['memory.conf', 'full.conf']) {
      const test = path.join(tmp.root, `test-${auth}`);
      fs.writeFileSync(test, `listen: "127.0.0.1:-1"\ninclude ${JSON.stringify(auth)}\n`);
      serverAccepts(test);
    }

    const server = await startServer({ name: 'hostile-inj', jetstream: false, extraConfig: includeFrom(memoryConf) });
    servers.push(server);
    assert.equal(await acceptsConnections(injected), false, `no injected http: on port ${injected}`);
    const varz = await httpGetJson<{ http_port?: number }>(`${server.monitorUrl}/varz`);
    assert.equal(varz.http_port, server.monitorPort, 'the monitoring port is the one the including config set');
    const text = fs.readFileSync(memoryConf, 'utf8');
    const preloadedKeys = [...text.matchAll(/^ {2}(A[A-Z2-7]{55}): /gm)].map((m) => m[1]);
    assert.equal(preloadedKeys.length, valid.length + 1, 'every valid hostile-named account and SYS');
    assert.equal(new Set(preloadedKeys).size, preloadedKeys.length, 'no key preloaded twice');
    // Every hostile-named account was preloaded as itself: a user of each logs in.
    for (const name of valid) {
      const account = keys.get(name) as NKey;
      assert.ok(preloadedKeys.includes(account.publicKey), JSON.stringify(name));
      const user = NKey.generate('user');
      const jwt = await encodeUserJwt({ name: 'u', user, account });
      const nc = await connectWithCreds(server.url, formatCreds(jwt, user));
      await nc.close();
    }
  });

  it('after cp SYS/SYS.jwt APP/APP.jwt no creds are signed for APP, and the config preloads SYS once and leaves APP out', async () => {
    const cwd = tmp.root;
    assert.equal((await cli(cwd, 'init', '--store', 'swap', '--operator', 'OP')).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', '--store', 'swap', '--operator', 'OP', '--name', 'APP')).code, 0);
    assert.equal((await cli(cwd, 'user', 'add', '--store', 'swap', '--operator', 'OP', '--account', 'APP', '--name', 'alice', '--creds', 'alice.creds')).code, 0);
    const store = storeAt(path.join(cwd, 'swap'));
    fs.copyFileSync(paths.accountJwt(store, 'OP', 'SYS'), paths.accountJwt(store, 'OP', 'APP'));

    const swapped = await cli(cwd, 'user', 'add', '--store', 'swap', '--operator', 'OP', '--account', 'APP', '--name', 'mallory', '--creds', 'mallory.creds');
    assert.equal(swapped.code, 1);
    assert.match(swapped.err, /account 'APP' of operator 'OP' is not valid .*is that of account 'SYS' \(A[A-Z2-7]{55}, the operator's system account\)/);
    assert.equal(fs.existsSync(path.join(cwd, 'mallory.creds')), false, 'no creds signed with the system account key');
    assert.equal(fs.existsSync(paths.userJwt(store, 'OP', 'APP', 'mallory')), false);
    assert.equal(fs.existsSync(paths.creds(store, 'OP', 'APP', 'mallory')), false);

    const config = await cli(cwd, 'server-config', '--store', 'swap', '--operator', 'OP', '--out', 'swap.conf');
    assert.equal(config.code, 0, config.err);
    assert.match(config.out, /1 preloaded account \("SYS"\)/);
    assert.match(config.err, /warning: account "APP" left out: .*is that of account 'SYS'/);
    const server = await startServer({ name: 'hostile-swap', jetstream: false, extraConfig: includeFrom(path.join(cwd, 'swap.conf')) });
    servers.push(server);
    // The system user still works; APP's old users are refused (APP is left out until its JWT is restored).
    const sys = await connectWithCreds(server.url, fs.readFileSync(paths.creds(store, 'OP', 'SYS', 'sys'), 'utf8'));
    await sys.close();
    await assert.rejects(connectWithCreds(server.url, fs.readFileSync(path.join(cwd, 'alice.creds'), 'utf8')), (e: Error & { code?: string }) => e.code === 'AUTHORIZATION_VIOLATION');
  });

  it('server-config --operator .. (and other path-like names) is a usage error that reads nothing', async () => {
    for (const name of ['..', '.', 'a/b']) {
      const r = await cli(tmp.root, 'server-config', '--store', 'swap', '--operator', name, '--out', 'dots.conf');
      assert.equal(r.code, 2, `${name}: ${r.err}`);
      assert.equal(fs.existsSync(path.join(tmp.root, 'dots.conf')), false);
    }
  });
});
