/**
 * Context files written the way the nats CLI writes them (jsm.go `natscontext`: every field, two
 * spaces of indentation) and read the way it reads them: references, expansion, precedence,
 * selection, and the files it skips.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConnectionProfile,
  describeProfile,
  displayServers,
  expandEnv,
  hasProfileErrors,
  parseNscUrl,
  readNatsContexts,
  referenceScheme,
  resolveContextCredentials,
} from '../../../src/core/cluster';
import { addAccount, addUser, createOperator, NKey, paths, parseCreds, StoreLocation, storeAt } from '../../../src/core/trust';
import { cliContext } from '../../support/natsContext';

const dataUri = (text: string): string => `data:;base64,${Buffer.from(text).toString('base64')}`;

describe('cluster: nats contexts read as the nats CLI reads them', () => {
  let root: string;
  let config: string;
  let ctxDir: string;
  let store: StoreLocation;
  let credsText: string;
  let userSeed: string;
  let userJwt: string;
  let userPub: string;
  const env: Record<string, string> = {};

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-ctxfields-'));
    store = storeAt(path.join(root, 'nsc'));
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    const alice = await addUser({ store, operator: 'OP', account: 'APP', name: 'alice' });
    credsText = fs.readFileSync(alice.credsPath, 'utf8');
    const parsed = parseCreds(credsText);
    userSeed = parsed.key.seed();
    userJwt = parsed.jwt;
    userPub = parsed.publicKey;
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  beforeEach(() => {
    config = fs.mkdtempSync(path.join(root, 'config-'));
    ctxDir = path.join(config, 'nats', 'context');
    fs.mkdirSync(ctxDir, { recursive: true });
    for (const k of Object.keys(env)) delete env[k];
  });

  const write = (name: string, fields: Record<string, unknown>): string => {
    const file = path.join(ctxDir, `${name}.json`);
    fs.writeFileSync(file, cliContext(fields), { mode: 0o600 });
    return file;
  };
  const options = (): { configHome: string; env: Record<string, string>; home: string; nscStore: StoreLocation } => ({ configHome: config, env, home: root, nscStore: store });
  const read = async (name: string): Promise<ConnectionProfile> => {
    const all = await readNatsContexts(options());
    const found = all.profiles.find((p) => p.name === name);
    assert.ok(found, `context ${name} listed`);
    return found;
  };
  const creds = async (name: string): Promise<Awaited<ReturnType<typeof resolveContextCredentials>>> => resolveContextCredentials(await read(name), options());

  it('resolves creds written as nsc://OPERATOR/ACCOUNT/USER from the nsc store, by name, any case, or public key', async () => {
    write('nsc', { url: 'nats://127.0.0.1:4222', creds: 'nsc://OP/APP/alice' });
    const profile = await read('nsc');
    assert.deepEqual(profile.auth, { kind: 'creds', file: '', reference: 'nsc://OP/APP/alice' });
    assert.deepEqual(profile.problems, []);
    assert.equal((await creds('nsc')).creds, credsText);
    write('nsc', { creds: 'nsc://op/app/ALICE' });
    assert.equal((await creds('nsc')).creds, credsText);
    write('nsc', { creds: `nsc://OP/APP/${userPub}` });
    assert.equal((await creds('nsc')).creds, credsText);
  });

  it('builds the creds from the user JWT and seed when nsc has no .creds file for the user', async () => {
    const file = paths.creds(store, 'OP', 'APP', 'alice');
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      write('nsc', { creds: 'nsc://OP/APP/alice' });
      const built = parseCreds((await creds('nsc')).creds ?? '');
      assert.equal(built.jwt, userJwt);
      assert.equal(built.publicKey, userPub);
    } finally {
      fs.writeFileSync(file, saved, { mode: 0o600 });
    }
  });

  it('says which part of an nsc:// reference is unknown, without a secret', async () => {
    write('nsc', { creds: 'nsc://OP/APP/bob' });
    await assert.rejects(creds('nsc'), /user "bob" is not in account APP/);
    write('nsc', { creds: 'nsc://NOPE/APP/alice' });
    await assert.rejects(creds('nsc'), /operator "NOPE" is not in the nsc store/);
    write('nsc', { creds: 'nsc://OP/APP' });
    await assert.rejects(creds('nsc'), /names no user/);
    assert.deepEqual({ ...parseNscUrl('nsc://O/A/U?names&store=/x'), query: undefined }, { operator: 'O', account: 'A', user: 'U', query: undefined });
  });

  it('takes the deprecated "nsc" field as creds nsc://…', async () => {
    write('legacy', { url: 'nats://h:4222', nsc: 'nsc://OP/APP/alice' });
    assert.equal((await read('legacy')).auth.kind, 'creds');
    assert.equal((await creds('legacy')).creds, credsText);
  });

  it('resolves creds and nkey given as env://, file:// and data:', async () => {
    const credsFile = path.join(root, 'alice.creds');
    fs.writeFileSync(credsFile, credsText, { mode: 0o600 });
    env.ALICE_CREDS = credsText;
    write('env', { creds: 'env://ALICE_CREDS' });
    write('file', { creds: `file://${credsFile}` });
    write('data', { creds: dataUri(credsText) });
    for (const name of ['env', 'file', 'data']) assert.equal((await creds(name)).creds, credsText, name);
    assert.deepEqual((await read('file')).auth, { kind: 'creds', file: credsFile });
    const data = await read('data');
    assert.deepEqual(data.auth, { kind: 'creds', file: '', reference: 'inline data (data: URI)' });
    assert.ok(!JSON.stringify(data).includes(userSeed), 'no seed in the profile');
    env.SEED = userSeed;
    write('nkeyenv', { nkey: 'env://SEED' });
    assert.equal((await creds('nkeyenv')).nkeySeed, userSeed);
    write('nkeydata', { nkey: dataUri(`${userSeed}\n`) });
    assert.equal((await creds('nkeydata')).nkeySeed, userSeed);
    delete env.SEED;
    await assert.rejects(creds('nkeyenv'), (e: Error) => /environment variable SEED is not set/.test(e.message) && !e.message.includes(userSeed));
  });

  it('reads a decorated nkey seed file (the seed between BEGIN/END lines)', async () => {
    const file = path.join(root, 'alice.nk');
    fs.writeFileSync(file, `-----BEGIN USER NKEY SEED-----\n${userSeed}\n------END USER NKEY SEED------\n\n*****\n`, { mode: 0o600 });
    write('deco', { nkey: file });
    assert.equal((await creds('deco')).nkeySeed, userSeed);
    fs.writeFileSync(file, `${NKey.generate('account').seed()}\n`, { mode: 0o600 });
    await assert.rejects(creds('deco'), /holds an account seed; a user seed \(SU…\) is needed/);
  });

  it('resolves password, token, user_jwt and user_seed given as references, and takes other values literally', async () => {
    env.PW = 'from-env';
    write('pw', { user: 'u', password: 'env://PW' });
    assert.deepEqual(await creds('pw'), { user: 'u', password: 'from-env' });
    write('pw', { user: 'u', password: dataUri('from-data\n') });
    assert.deepEqual(await creds('pw'), { user: 'u', password: 'from-data' });
    write('pw', { user: 'u', password: 'p4ss:word' });
    assert.deepEqual(await creds('pw'), { user: 'u', password: 'p4ss:word' });
    const tokenFile = path.join(root, 'token.txt');
    fs.writeFileSync(tokenFile, 'tok-from-file\r\n');
    write('tok', { token: `file://${tokenFile}` });
    assert.deepEqual(await creds('tok'), { token: 'tok-from-file' });
    assert.equal((await read('tok')).auth.kind, 'token');
    env.JWT = userJwt;
    write('jwt', { user_jwt: 'env://JWT', user_seed: dataUri(userSeed) });
    assert.deepEqual((await read('jwt')).auth, { kind: 'jwt', withSeed: true });
    assert.deepEqual(await creds('jwt'), { jwt: userJwt, jwtSeed: userSeed });
  });

  it('user_jwt with user_seed is JWT auth (not "no auth"); user_jwt alone is a bearer JWT, with a warning', async () => {
    write('jwt', { user_jwt: userJwt, user_seed: userSeed });
    const jwt = await read('jwt');
    assert.deepEqual(jwt.auth, { kind: 'jwt', withSeed: true });
    assert.deepEqual(jwt.problems, []);
    assert.ok(!JSON.stringify(jwt).includes(userSeed));
    write('bearer', { user_jwt: userJwt });
    const bearer = await read('bearer');
    assert.deepEqual(bearer.auth, { kind: 'jwt', withSeed: false });
    assert.match(bearer.problems[0].message, /bearer JWT/);
  });

  it('expands $VAR and ${VAR} in creds, nkey, cert, key and ca (Go os.ExpandEnv), and ~', async () => {
    env.KEYS = '/keys';
    env.NAME = 'prod';
    write('exp', { creds: '$KEYS/${NAME}.creds', cert: '${KEYS}/c.pem', key: '$KEYS/k.pem', ca: '~/ca.pem', password: '$KEYS' });
    const profile = await read('exp');
    assert.deepEqual(profile.auth, { kind: 'creds', file: '/keys/prod.creds' });
    assert.deepEqual(profile.tls, { cert: '/keys/c.pem', key: '/keys/k.pem', ca: path.join(root, 'ca.pem') });
    write('nk', { nkey: '${KEYS}/u.nk' });
    assert.deepEqual((await read('nk')).auth, { kind: 'nkey', file: '/keys/u.nk' });
    const e = { A: 'a', B: '' };
    assert.equal(expandEnv('$A/${A}/$UNSET/x', e), 'a/a//x');
    assert.equal(expandEnv('cost$', e), 'cost$');
    assert.equal(expandEnv('$/x', e), '$/x');
    assert.equal(expandEnv('${}x', e), 'x');
    assert.equal(expandEnv('${A', e), 'A');
    assert.equal(expandEnv('$A_1b', { A_1b: 'v' }), 'v');
  });

  it('follows the CLI precedence: user, creds, nkey, user_jwt; a token goes with any; two methods get a clear warning', async () => {
    const credsFile = path.join(root, 'p.creds');
    fs.writeFileSync(credsFile, credsText);
    write('two', { user: 'u', password: 'Hunter2-secret', creds: credsFile });
    const two = await read('two');
    assert.deepEqual(two.auth, { kind: 'user', user: 'u' });
    assert.match(two.problems[0].message, /names 2 authentication methods \(user, creds\); the nats CLI uses user, and so does this connection/);
    assert.match(two.problems[0].message, /too many types of credentials/);
    assert.ok(!two.problems[0].message.includes('Hunter2-secret'));
    write('cn', { creds: credsFile, nkey: '/x.nk', user_jwt: userJwt });
    assert.equal((await read('cn')).auth.kind, 'creds');
    write('ut', { user: 'u', password: 'pw', token: 'tk' });
    assert.deepEqual(await creds('ut'), { user: 'u', password: 'pw', token: 'tk' });
    assert.equal(referenceScheme('C:\\keys\\u.creds'), '');
    assert.equal(referenceScheme('NSC://OP'), 'nsc');
  });

  it('carries tls_first, inbox_prefix and JetStream domain, API and event prefixes; says what cannot work', async () => {
    write('opts', { url: 'tls://h:4222', tls_first: true, inbox_prefix: '_INBOX_alice', jetstream_domain: 'hub', jetstream_event_prefix: '$JS.hub.EVENT' });
    const o = await read('opts');
    assert.equal(o.tlsFirst, true);
    assert.equal(o.inboxPrefix, '_INBOX_alice');
    assert.equal(o.jetstreamDomain, 'hub');
    assert.equal(o.jetstreamEventPrefix, '$JS.hub.EVENT');
    assert.deepEqual(o.problems, []);
    write('both', { jetstream_domain: 'hub', jetstream_api_prefix: 'JS.acc.API' });
    assert.match((await read('both')).problems[0].message, /mutually exclusive/);
    write('socks', { socks_proxy: 'socks5://me:Proxy-Secret@proxy:1080' });
    const socks = await read('socks');
    assert.ok(hasProfileErrors(socks));
    assert.match(socks.problems[0].message, /\(socks5:\/\/xxxxx@proxy:1080\); the NATS client of this extension \(nats.js\) cannot connect through a SOCKS proxy/);
    assert.ok(!JSON.stringify(socks).includes('Proxy-Secret'));
    write('op', { creds: 'op://vault/item/creds' });
    assert.match((await read('op')).problems[0].message, /1Password/);
  });

  it('never shows a password or token written into a server URL', async () => {
    write('inurl', { url: 'nats://alice:Url-Secret@h1:4222,nats://Tok-Secret@h2:4222,nats://h3:4222' });
    const p = await read('inurl');
    assert.equal(displayServers(p.servers), 'nats://xxxxx@h1:4222, nats://xxxxx@h2:4222, nats://h3:4222');
    assert.ok(!/Url-Secret|Tok-Secret/.test(describeProfile(p)));
  });

  it('selects NATS_CONTEXT (a name or a context file) before context.txt', async () => {
    write('a', { url: 'nats://a:4222' });
    write('b', { url: 'nats://b:4222' });
    fs.writeFileSync(path.join(config, 'nats', 'context.txt'), 'a\n');
    assert.equal((await readNatsContexts(options())).selected, 'a');
    env.NATS_CONTEXT = 'b';
    const byEnv = await readNatsContexts(options());
    assert.equal(byEnv.selected, 'b');
    assert.equal(byEnv.selectedBy, 'NATS_CONTEXT');
    assert.deepEqual(byEnv.profiles.filter((p) => p.selected).map((p) => p.name), ['b']);
    const elsewhere = path.join(root, 'ci.json');
    fs.writeFileSync(elsewhere, cliContext({ url: 'nats://ci:4222' }));
    env.NATS_CONTEXT = elsewhere;
    const byFile = await readNatsContexts(options());
    assert.equal(byFile.selected, 'ci');
    assert.deepEqual(byFile.profiles.find((p) => p.name === 'ci')?.servers, ['nats://ci:4222']);
    env.NATS_CONTEXT = 'gone';
    assert.match((await readNatsContexts(options())).problems[0].message, /NATS_CONTEXT selects "gone"/);
  });

  it('skips empty files, folders, other extensions and invalid names, as the CLI lists them', async () => {
    write('good', { url: 'nats://g:4222' });
    fs.writeFileSync(path.join(ctxDir, 'empty.json'), '');
    fs.writeFileSync(path.join(ctxDir, 'not..valid.json'), cliContext({}));
    fs.writeFileSync(path.join(ctxDir, 'back\\slash.json'), cliContext({}));
    fs.writeFileSync(path.join(ctxDir, 'notes.txt'), 'x');
    fs.mkdirSync(path.join(ctxDir, 'folder.json'));
    const all = await readNatsContexts(options());
    assert.deepEqual(all.profiles.map((p) => p.name), ['good']);
    assert.deepEqual(all.problems, []);
  });
});
