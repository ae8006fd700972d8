/**
 * `nats` contexts that log in to an operator-mode server the way the nats CLI does: creds written as
 * nsc://OPERATOR/ACCOUNT/USER resolved from the nsc store (no nsc binary), user_jwt + user_seed,
 * inbox_prefix for a user allowed only its own inboxes, and the JetStream domain on every call.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClusterError, Connection, ConnectionProfile, listAllStreams, NatsContextsOptions, readNatsContexts } from '../../../src/core/cluster';
import { addAccount, addUser, parseCreds } from '../../../src/core/trust';
import { NatsServer } from '../../support/natsServer';
import { cliContext } from '../../support/natsContext';
import { operatorWithApp, startMemoryServer, tempRoot } from '../trust/helpers';

describe('cluster: nats contexts against an operator-mode server', function () {
  this.timeout(60_000);
  const tmp = tempRoot('contexts');
  const config = path.join(tmp.root, 'config');
  const ctxDir = path.join(config, 'nats', 'context');
  let server: NatsServer;
  let aliceCreds: string;
  const open: Connection[] = [];
  const options = (): NatsContextsOptions => ({ configHome: config, env: {}, home: os.homedir(), nscStore: tmp.store });

  before(async () => {
    const { op, acc } = await operatorWithApp(tmp.store);
    const js = await addAccount({ store: tmp.store, operator: 'OP', name: 'JS', jetstream: true });
    const alice = await addUser({ store: tmp.store, operator: 'OP', account: 'JS', name: 'alice' });
    aliceCreds = fs.readFileSync(alice.credsPath, 'utf8');
    await addUser({
      store: tmp.store,
      operator: 'OP',
      account: 'JS',
      name: 'bob',
      // The server checks the domain's API subjects after mapping them to $JS.API.
      permissions: { pub: { allow: ['$JS.API.>', '$JS.hub.API.>'] }, sub: { allow: ['_INBOX_bob.>'] } },
    });
    fs.mkdirSync(ctxDir, { recursive: true });
    const extraConfig = `jetstream { store_dir: ${JSON.stringify(path.join(tmp.root, 'js'))}, domain: hub }`;
    server = await startMemoryServer(op, [acc, js], { jetstream: false, extraConfig });
  });

  after(async () => {
    for (const c of open) await c.close();
    await server?.stop();
    tmp.remove();
  });

  const write = (name: string, fields: Record<string, unknown>): void => fs.writeFileSync(path.join(ctxDir, `${name}.json`), cliContext({ url: server.url, ...fields }), { mode: 0o600 });
  const profile = async (name: string): Promise<ConnectionProfile> => {
    const found = (await readNatsContexts(options())).profiles.find((p) => p.name === name);
    assert.ok(found);
    return found;
  };
  const connect = async (name: string): Promise<Connection> => {
    const conn = await Connection.open(await profile(name), { contexts: options(), timeoutMs: 5000 });
    open.push(conn);
    return conn;
  };

  it('logs in with creds nsc://OP/JS/alice resolved from the nsc store, and lists streams in the context\'s JetStream domain', async () => {
    write('alice', { creds: 'nsc://OP/JS/alice', jetstream_domain: 'hub' });
    const conn = await connect('alice');
    assert.equal(conn.jetStreamApiPrefix, '$JS.hub.API');
    await conn.request('$JS.hub.API.STREAM.CREATE.ORDERS', JSON.stringify({ name: 'ORDERS', subjects: ['orders.>'], storage: 'memory' }));
    const listing = await listAllStreams(conn);
    assert.deepEqual(listing.streams.map((s) => s.name), ['ORDERS']);
  });

  it('refuses a wrong domain with a message naming the subject, not a silent empty list', async () => {
    write('wrongdomain', { creds: 'nsc://OP/JS/alice', jetstream_domain: 'elsewhere' });
    const conn = await connect('wrongdomain');
    await assert.rejects(listAllStreams(conn, { timeoutMs: 1500 }), (e: ClusterError) => /\$JS\.elsewhere\.API/.test(e.message) || e.kind === 'timeout');
  });

  it('logs in with user_jwt + user_seed (no creds file), where it used to fall back to no auth', async () => {
    const { jwt, key } = parseCreds(aliceCreds);
    write('jwt', { user_jwt: jwt, user_seed: key.seed() });
    const conn = await connect('jwt');
    assert.equal(conn.state, 'connected');
    const info = await conn.request('$JS.hub.API.INFO', '');
    assert.match(new TextDecoder().decode(info), /"type":"io.nats.jetstream.api.v1.account_info_response"/);
  });

  it('a user allowed only its own inbox prefix works with inbox_prefix, and fails without it', async () => {
    write('bob', { creds: 'nsc://OP/JS/bob', jetstream_domain: 'hub', inbox_prefix: '_INBOX_bob' });
    const bob = await connect('bob');
    const listing = await listAllStreams(bob);
    assert.deepEqual(listing.streams.map((s) => s.name), ['ORDERS']);
    write('bobplain', { creds: 'nsc://OP/JS/bob', jetstream_domain: 'hub' });
    const plain = await connect('bobplain');
    await assert.rejects(listAllStreams(plain, { timeoutMs: 1500 }));
  });

  it('an nsc:// user that does not exist fails before connecting, naming what is missing', async () => {
    write('ghost', { creds: 'nsc://OP/JS/ghost' });
    await assert.rejects(connect('ghost'), (e: ClusterError) => e.kind === 'config' && /user "ghost" is not in account JS/.test(e.message));
  });
});
