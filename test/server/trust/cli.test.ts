import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringCodec } from 'nats';
import { main } from '../../../src/cli';
import { NatsServer, startServer } from '../../support/natsServer';
import { assertReferenceClean } from '../../support/referenceValidator';
import { connectWithCreds, tempRoot } from './helpers';

const SEED = /S[OAU][A-Z2-7]{56}/;

function io(cwd: string): { out: string; err: string; cwd: string; stdout: { write(t: string): void }; stderr: { write(t: string): void } } {
  const x = { out: '', err: '', cwd, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } };
  return x;
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const capture = io(cwd);
  const code = await main(argv, capture);
  assert.doesNotMatch(capture.out + capture.err, SEED, 'the CLI never prints a seed');
  return { code, out: capture.out, err: capture.err };
}

describe('trust CLI: init, account add, user add, server-config, included into a real server config', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli');
  let server: NatsServer | undefined;

  after(async () => {
    await server?.stop();
    tmp.remove();
  });

  it('produces a store, creds and an auth config that a JetStream server includes and honours', async () => {
    const cwd = tmp.root;
    const init = await cli(cwd, 'init', '--store', 'nats', '--operator', 'ACME');
    assert.equal(init.code, 0, init.err);
    assert.match(init.out, /Created operator 'ACME' O[A-Z2-7]{55}/);

    const account = await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'ACME', '--name', 'APP', '--jetstream');
    assert.equal(account.code, 0, account.err);

    const user = await cli(cwd, 'user', 'add', '--store', 'nats', '--operator', 'ACME', '--account', 'APP', '--name', 'svc',
      '--expiry', '2h', '--allow-pub', 'orders.>', '--allow-pub', '$JS.API.>', '--allow-sub', '_INBOX.>', '--creds', 'svc.creds');
    assert.equal(user.code, 0, user.err);
    const credsFile = path.join(cwd, 'svc.creds');
    assert.equal(fs.statSync(credsFile).mode & 0o777, 0o600);

    const again = await cli(cwd, 'user', 'add', '--store', 'nats', '--operator', 'ACME', '--account', 'APP', '--name', 'svc2', '--creds', 'svc.creds');
    assert.equal(again.code, 1);
    assert.match(again.err, /svc\.creds already exists; use --force/);
    assert.equal(fs.existsSync(path.join(cwd, 'nats', 'stores', 'ACME', 'accounts', 'APP', 'users', 'svc2.jwt')), false, 'no user created when the creds file is refused');

    const config = await cli(cwd, 'server-config', '--store', 'nats', '--operator', 'ACME', '--out', 'auth.conf');
    assert.equal(config.code, 0, config.err);
    const authConf = path.join(cwd, 'auth.conf');
    const text = fs.readFileSync(authConf, 'utf8');
    assert.match(text, /^operator: "eyJ/m);
    assert.match(text, /^system_account: A[A-Z2-7]{55}$/m);
    assert.match(text, /^resolver: MEMORY$/m);
    assert.doesNotMatch(text, /^\s*(listen|port|http|jetstream|cluster)\b/im, 'authorization only');
    const refused = await cli(cwd, 'server-config', '--store', 'nats', '--operator', 'ACME', '--out', 'auth.conf');
    assert.equal(refused.code, 1);
    assert.equal((await cli(cwd, 'server-config', '--store', 'nats', '--operator', 'ACME', '--out', 'auth.conf', '--force')).code, 0);

    // nats-server resolves includes relative to the including config's folder; test servers live
    // in their own folder directly under the temporary folder, as this store does.
    const include = path.relative(path.join(os.tmpdir(), 'server-folder'), authConf);
    server = await startServer({ name: 'trust-cli', extraConfig: `include ${JSON.stringify(include)}` });
    const nc = await connectWithCreds(server.url, fs.readFileSync(credsFile, 'utf8'));
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
      const ack = await nc.jetstream().publish('orders.1', StringCodec().encode('first'));
      assert.equal(ack.seq, 1);
      const denied = nc.subscribe('orders.>');
      await assert.rejects(
        (async () => {
          for await (const _ of denied) assert.fail('subscribing is limited to _INBOX.>');
        })(),
        (e: Error & { code?: string }) => e.code === 'PERMISSIONS_VIOLATION',
      );
    } finally {
      await nc.close();
    }
  });

  it('reports bad input with the usage and exit code 2, and unknown accounts with exit code 1', async () => {
    const cwd = tmp.root;
    const badExpiry = await cli(cwd, 'user', 'add', '--store', 'nats', '--operator', 'ACME', '--account', 'APP', '--name', 'x', '--expiry', 'soon', '--creds', 'x.creds');
    assert.equal(badExpiry.code, 2);
    assert.match(badExpiry.err, /'soon' is not an expiry/);
    const badName = await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'ACME', '--name', '../evil');
    assert.equal(badName.code, 2);
    assert.match(badName.err, /contains a slash/);
    const missing = await cli(cwd, 'user', 'add', '--store', 'nats', '--operator', 'ACME', '--account', 'NOPE', '--name', 'x', '--creds', 'x.creds');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /account 'NOPE' of operator 'ACME' does not exist/);
    const sub = await cli(cwd, 'account', 'remove');
    assert.equal(sub.code, 2);
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store the CLI made', async () => {
    await assertReferenceClean(path.join(tmp.root, 'nats'));
  });
});
