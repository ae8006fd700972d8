import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { addAccount, createOperator, encodeUserJwt, NKey, nscDefaultLocation, nscEnvironment, paths, readStore, StoreLocation, TrustError } from '../../../src/core/trust';
import { loadSeed } from '../../../src/core/trust/storeWrite';
import { defaultFirst, nscDefaultsFrom } from '../../../src/explorer/operators/storeLocation';
import { signClaims, tempRoot } from './helpers';

/** nsc's nsc.json as nsc writes it (ToolConfig: ContextConfig fields, then its own). */
function writeNscJson(dir: string, config: { store_root: string; operator?: string; account?: string }): void {
  fs.mkdirSync(dir, { recursive: true });
  const body = { store_root: config.store_root, operator: config.operator ?? '', account: config.account ?? '', github_updates: 'nats-io/nsc', last_update: 1700000000 };
  fs.writeFileSync(path.join(dir, 'nsc.json'), JSON.stringify(body, null, ' '));
}

async function run(io: { cwd: string; env: Record<string, string>; home: string }, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const x = { out: '', err: '' };
  const code = await main(argv, { ...io, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } });
  return { code, ...x };
}

describe("trust: nsc's environment (NSC_HOME, nsc.json, NKEYS_PATH, dot-named entries)", () => {
  const tmp = tempRoot('nscenv');
  after(() => tmp.remove());
  const home = path.join(tmp.root, 'home');
  const storesDir = path.join(home, 'work', 'nsc-stores');
  const keysDir = path.join(home, 'nk');
  const location: StoreLocation = { storesDir, keysDir };
  const env = { NSC_HOME: '~/nschome', NKEYS_PATH: '~/nk' };

  before(async () => {
    fs.mkdirSync(home, { recursive: true });
    await createOperator({ store: location, name: 'A' });
    await createOperator({ store: location, name: 'B' });
    await addAccount({ store: location, operator: 'B', name: 'APP' });
    writeNscJson(path.join(home, 'nschome'), { store_root: storesDir, operator: 'B', account: 'APP' });
  });

  it('NSC_HOME (with ~) holds nsc.json: its store_root, operator and account; NKEYS_PATH with ~ is expanded', () => {
    const nsc = nscEnvironment({ env, home });
    assert.deepEqual(nsc.location, location);
    assert.equal(nsc.configFile, path.join(home, 'nschome', 'nsc.json'));
    assert.equal(nsc.operator, 'B');
    assert.equal(nsc.account, 'APP');
    assert.deepEqual(nscDefaultLocation({ env: { NKEYS_PATH: '~' }, home }).keysDir, home);
    assert.throws(() => nscEnvironment({ env: { NKEYS_PATH: '~root/keys' }, home }), (e: unknown) => e instanceof TrustError && /NKEYS_PATH .*~user/.test(e.message));
  });

  it("defaults as nsc deduces them: nsc.json's choice when it exists, else the only one, else none", () => {
    const dir = path.join(home, 'other');
    writeNscJson(dir, { store_root: storesDir, operator: 'GONE', account: 'APP' });
    const none = nscEnvironment({ env: { NSC_HOME: dir }, home });
    assert.equal(none.operator, undefined, 'two operators, the named one missing');
    assert.equal(none.account, undefined);
    writeNscJson(dir, { store_root: storesDir, operator: 'A', account: 'NOPE' });
    const a = nscEnvironment({ env: { NSC_HOME: dir }, home });
    assert.equal(a.operator, 'A');
    assert.equal(a.account, 'SYS', "operator A's only account");
  });

  it('without NSC_HOME: $XDG_CONFIG_HOME/nats/nsc/nsc.json, else the older ~/.nsc/nsc.json', () => {
    const oldHome = path.join(tmp.root, 'oldhome');
    writeNscJson(path.join(oldHome, '.nsc'), { store_root: storesDir, operator: 'A' });
    assert.equal(nscEnvironment({ env: {}, home: oldHome }).operator, 'A');
    assert.equal(nscEnvironment({ env: {}, home: oldHome }).location.storesDir, storesDir);
    const xdg = path.join(oldHome, 'xdg');
    writeNscJson(path.join(xdg, 'nats', 'nsc'), { store_root: path.join(oldHome, 'elsewhere') });
    assert.equal(nscEnvironment({ env: { XDG_CONFIG_HOME: xdg }, home: oldHome }).location.storesDir, path.join(oldHome, 'elsewhere'));
  });

  it('the CLI without --store uses nsc\'s store and its default operator and account; a usage error when there is none', async () => {
    const io = { cwd: tmp.root, env, home };
    const account = await run(io, 'account', 'add', '--name', 'WEB');
    assert.equal(account.code, 0, account.err);
    assert.ok(fs.existsSync(paths.accountJwt(location, 'B', 'WEB')));
    const user = await run(io, 'user', 'add', '--name', 'svc', '--creds', 'svc.creds');
    assert.equal(user.code, 0, user.err);
    assert.ok(fs.existsSync(paths.userJwt(location, 'B', 'APP', 'svc')));
    const config = await run(io, 'server-config', '--out', 'b.conf');
    assert.equal(config.code, 0, config.err);
    assert.match(config.out, /operator "B"/);

    const noDefault = { cwd: tmp.root, env: { NSC_HOME: path.join(home, 'empty'), NKEYS_PATH: keysDir }, home };
    writeNscJson(path.join(home, 'empty'), { store_root: storesDir });
    const missing = await run(noDefault, 'account', 'add', '--name', 'X');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--operator is required: nsc's settings \(.*nsc\.json\) name no default operator that exists in .*nsc-stores/);
    const withStore = await run(io, 'account', 'add', '--store', 'somewhere', '--name', 'X');
    assert.equal(withStore.code, 2);
    assert.match(withStore.err, /--operator is required \(defaults from nsc\.json apply only without --store\)/);
  });

  it("the editor's prompts: nsc's default operator and account first and marked, only when the store is nsc's own", () => {
    assert.deepEqual(nscDefaultsFrom('', { workspaceFolders: [], env, home }), { operator: 'B', account: 'APP' });
    assert.deepEqual(nscDefaultsFrom('/some/store', { workspaceFolders: [], env, home }), {});
    const items = ['A', 'B', 'C'].map((label) => ({ label, description: label === 'B' ? 'OKEY' : undefined }));
    assert.deepEqual(defaultFirst(items, (i) => i.label === 'B').map((i) => [i.label, i.description]), [['B', 'OKEY · nsc default'], ['A', undefined], ['C', undefined]]);
    assert.equal(defaultFirst(items, () => false), items);
  });

  it('dot-named entries are read as nsc reads them: folders holding <name>.jwt or the marker, .X.jwt users; other hidden folders are not entries', async () => {
    const op = await readStore(location);
    const b = op.operators.find((o) => o.name === 'B');
    assert.ok(b);
    const opKey = loadSeed(location, b.publicKey as string) as NKey;
    const acc = NKey.generate('account');
    const limits = { subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true };
    const signer = b.signingKeys.length ? (loadSeed(location, b.signingKeys[0].publicKey) as NKey) : opKey;
    fs.mkdirSync(paths.accountDir(location, 'B', '.hidden'), { recursive: true });
    fs.writeFileSync(paths.accountJwt(location, 'B', '.hidden'), signClaims({ jti: 'h', iat: 1, iss: signer.publicKey, sub: acc.publicKey, name: '.hidden', nats: { limits, type: 'account', version: 2 } }, signer));
    fs.mkdirSync(path.join(paths.accountsDir(location, 'B'), '.staging'), { recursive: true });
    const appKey = loadSeed(location, b.accounts.find((a) => a.name === 'APP')?.publicKey as string) as NKey;
    const bot = NKey.generate('user');
    fs.writeFileSync(paths.userJwt(location, 'B', 'APP', '.bot'), await encodeUserJwt({ name: '.bot', user: bot, account: appKey }));
    fs.mkdirSync(path.join(storesDir, '.cache'));
    const model = await readStore(location);
    const reread = model.operators.find((o) => o.name === 'B');
    assert.deepEqual(model.operators.map((o) => o.name), ['A', 'B']);
    assert.deepEqual(reread?.accounts.map((a) => a.name), ['.hidden', 'APP', 'SYS', 'WEB']);
    assert.deepEqual(reread?.accounts.find((a) => a.name === '.hidden')?.problems.filter((p) => p.severity === 'error'), []);
    const app = reread?.accounts.find((a) => a.name === 'APP');
    assert.deepEqual(app?.users.map((u) => u.name), ['.bot', 'svc']);
    assert.deepEqual(app?.users[0].problems.filter((p) => p.severity === 'error'), []);
  });
});
