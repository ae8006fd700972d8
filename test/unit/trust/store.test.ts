import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from 'nats-jwt';
import * as nkeys from 'nkeys.js';
import {
  addAccount,
  addSigningKey,
  addUser,
  createOperator,
  encodeAccountJwt,
  entries,
  generateUserCreds,
  KEYSTORE_GITIGNORE,
  NKey,
  nscDefaultLocation,
  paths,
  readStore,
  StoreModel,
  TrustError,
  writeFileAtomic,
} from '../../../src/core/trust';
import { tamper, tempRoot, walk } from './helpers';

const td = new TextDecoder();

async function sampleStore(store: Parameters<typeof createOperator>[0]['store']): Promise<void> {
  await createOperator({ store, name: 'OP' });
  await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true, signingKey: true });
  await addAccount({ store, operator: 'OP', name: 'OTHER', limits: { connections: 10 } });
  await addUser({ store, operator: 'OP', account: 'APP', name: 'alice', signWith: 'identity' });
  await addUser({ store, operator: 'OP', account: 'APP', name: 'bob', expires: new Date(Date.now() + 86_400_000) });
  await addUser({ store, operator: 'OP', account: 'OTHER', name: 'carol' });
  await addSigningKey({ store, operator: 'OP', account: 'OTHER' });
}

function problemCodes(model: StoreModel): string[] {
  return [...entries(model)].flatMap((e) => e.problems.map((p) => `${e.kind}:${e.name}:${p.code}`)).sort();
}

describe('trust store (nsc layout)', () => {
  const tmp = tempRoot('store');
  after(() => tmp.remove());

  describe('written here, read back', () => {
    let model: StoreModel;
    before(async () => {
      await sampleStore(tmp.store);
      model = await readStore(tmp.store);
    });

    it('reads back exactly what the operations wrote, without problems', async () => {
      assert.deepEqual(problemCodes(model), []);
      assert.deepEqual(model.operators.map((o) => o.name), ['OP']);
      const op = model.operators[0];
      assert.deepEqual(op.accounts.map((a) => a.name), ['APP', 'OTHER', 'SYS']);
      assert.deepEqual(op.accounts.map((a) => a.users.map((u) => u.name)), [['alice', 'bob'], ['carol'], ['sys']]);
      for (const e of entries(model)) {
        assert.equal(fs.readFileSync(e.jwtPath, 'utf8'), e.jwt, e.jwtPath);
        assert.equal(e.key?.hasSeed, true, e.name);
        assert.equal(e.publicKey, e.claims?.sub);
      }
      assert.equal(op.signingKeys.length, 1);
      assert.equal(op.signingKeys[0].hasSeed, true);
      const [app, other, sys] = op.accounts;
      assert.equal(sys.isSystem, true);
      assert.equal(op.systemAccount, sys.publicKey);
      assert.equal(app.jetstream, true);
      assert.equal(other.jetstream, false);
      assert.equal(other.signingKeys.length, 1, 'the signing key added later');
      assert.equal(app.users[0].signedBy, 'identity');
      assert.equal(app.users[1].signedBy, 'signing-key');
      assert.equal(app.users[1].issuerAccount, app.publicKey);
      assert.ok(app.users[1].expires);
      assert.equal(app.users[0].credsPath, paths.creds(tmp.store, 'OP', 'APP', 'alice'));
      assert.deepEqual(op.marker, { managed: false, name: 'OP', kind: 'operator', version: '1' });
    });

    it('reads the same model twice, and the same model from a copy of the folders', async () => {
      assert.deepEqual(await readStore(tmp.store), model);
      const copy = tempRoot('copy');
      try {
        fs.cpSync(tmp.root, copy.root, { recursive: true });
        const again = await readStore(copy.store);
        const strip = (m: StoreModel): string => JSON.stringify(m, (_k, v: unknown) => (typeof v === 'string' ? v.split(m.location.storesDir).join('<s>').split(m.location.keysDir).join('<k>') : v));
        assert.equal(strip(again), strip(model));
      } finally {
        copy.remove();
      }
    });

    it('writes files 0600 in folders 0700, the keystore .gitignore as nsc does, and no temporary files', () => {
      for (const rel of walk(tmp.root)) {
        const mode = fs.statSync(path.join(tmp.root, rel)).mode & 0o777;
        assert.equal(mode, rel.endsWith('/') ? 0o700 : 0o600, `${rel} has mode ${mode.toString(8)}`);
        assert.doesNotMatch(rel, /\.tmp$/);
      }
      assert.equal(fs.readFileSync(path.join(tmp.store.keysDir, '.gitignore'), 'utf8'), KEYSTORE_GITIGNORE);
      assert.match(KEYSTORE_GITIGNORE, /^\*\*\/\*\.nk$/m);
      assert.match(KEYSTORE_GITIGNORE, /^\*\*\/\*\.creds$/m);
      const op = JSON.parse(fs.readFileSync(path.join(tmp.store.storesDir, 'OP', '.nsc'), 'utf8')) as unknown;
      assert.deepEqual(op, { managed: false, name: 'OP', kind: 'operator', version: '1' });
    });

    it('places seeds at keys/<k>/<ab>/<PUBLIC KEY>.nk holding only the seed', () => {
      for (const e of entries(model)) {
        const pub = e.publicKey as string;
        const file = path.join(tmp.store.keysDir, 'keys', pub[0], pub.slice(1, 3), `${pub}.nk`);
        const seed = fs.readFileSync(file, 'utf8');
        assert.match(seed, /^S[OAU][A-Z2-7]{56}$/);
        assert.equal(nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey(), pub);
      }
    });

    it('never replaces an operator, account, user or creds file without consent', async () => {
      const { store } = tmp;
      const before = walk(tmp.root).map((f) => [f, f.endsWith('/') ? '' : fs.readFileSync(path.join(tmp.root, f), 'utf8')]);
      await assert.rejects(createOperator({ store, name: 'OP' }), (e: TrustError) => e.code === 'exists' && /operator 'OP' already exists/.test(e.message));
      await assert.rejects(addAccount({ store, operator: 'OP', name: 'APP' }), (e: TrustError) => e.code === 'exists');
      await assert.rejects(addUser({ store, operator: 'OP', account: 'APP', name: 'alice' }), (e: TrustError) => e.code === 'exists');
      const out = path.join(tmp.root, 'out', 'alice.creds');
      await generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: out });
      const first = fs.readFileSync(out, 'utf8');
      fs.writeFileSync(out, 'mine');
      await assert.rejects(generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: out }), (e: TrustError) => e.code === 'exists');
      assert.equal(fs.readFileSync(out, 'utf8'), 'mine');
      await generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: out, overwrite: true });
      assert.equal(fs.readFileSync(out, 'utf8'), first);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      fs.rmSync(path.join(tmp.root, 'out'), { recursive: true });
      const after = walk(tmp.root).map((f) => [f, f.endsWith('/') ? '' : fs.readFileSync(path.join(tmp.root, f), 'utf8')]);
      assert.deepEqual(after, before, 'refused operations left every file as it was');
    });

    it('refuses names that are not plain file names', async () => {
      for (const name of ['', ' x', 'a/b', 'a\\b', '..', '.hidden', 'a\nb']) {
        await assert.rejects(addAccount({ store: tmp.store, operator: 'OP', name }), (e: TrustError) => e.code === 'invalid-name', JSON.stringify(name));
      }
    });
  });

  describe('atomic writes', () => {
    it('leaves no temporary file behind, whether the write succeeds or fails', () => {
      const dir = path.join(tmp.root, 'atomic');
      const file = path.join(dir, 'a.txt');
      writeFileAtomic(file, 'one');
      assert.throws(() => writeFileAtomic(file, 'two'), (e: TrustError) => e.code === 'exists');
      writeFileAtomic(file, 'three', { overwrite: true });
      assert.equal(fs.readFileSync(file, 'utf8'), 'three');
      fs.mkdirSync(path.join(dir, 'isdir'));
      assert.throws(() => writeFileAtomic(path.join(dir, 'isdir'), 'x', { overwrite: true }), (e: TrustError) => e.code === 'io' && /isdir/.test(e.message));
      assert.throws(() => writeFileAtomic(path.join(file, 'below-a-file'), 'x'), (e: TrustError) => e.code === 'io');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.txt', 'isdir']);
    });
  });

  describe('a store laid out by hand exactly as nsc writes it', () => {
    const hand = tempRoot('nsc');
    after(() => hand.remove());

    it('is read with its operators, accounts, users, signing keys and creds', async () => {
      const { store } = hand;
      const write = (file: string, text: string | Uint8Array): void => {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, text, { mode: 0o600 });
      };
      const seedOf = (kp: nkeys.KeyPair): string => td.decode(kp.getSeed());
      const keyFile = (kp: nkeys.KeyPair): string => {
        const pk = kp.getPublicKey();
        return path.join(store.keysDir, 'keys', pk[0], pk.slice(1, 3), `${pk}.nk`);
      };
      const op = nkeys.createOperator();
      const opSk = nkeys.createOperator();
      const acc = nkeys.createAccount();
      const user = nkeys.createUser();
      const opJwt = await encodeOperator('ACME', op, { signing_keys: [opSk.getPublicKey()] });
      const accJwt = await encodeAccount('TEAM', acc, { limits: { conn: -1, subs: -1, data: -1, payload: -1, imports: -1, exports: -1, leaf: -1, wildcards: true } }, { signer: opSk });
      const userJwt = await encodeUser('dev', user, acc);
      const opDir = path.join(store.storesDir, 'ACME');
      write(path.join(opDir, '.nsc'), '{"managed":false,"name":"ACME","kind":"operator","version":"1"}');
      write(path.join(opDir, 'ACME.jwt'), opJwt);
      write(path.join(opDir, 'accounts', 'TEAM', 'TEAM.jwt'), accJwt);
      write(path.join(opDir, 'accounts', 'TEAM', 'users', 'dev.jwt'), userJwt);
      for (const kp of [op, opSk, acc, user]) write(keyFile(kp), seedOf(kp));
      write(path.join(store.keysDir, 'creds', 'ACME', 'TEAM', 'dev.creds'), fmtCreds(userJwt, user));
      write(path.join(store.keysDir, '.gitignore'), '# ignore all nk files \n**/*.nk\n\n# ignore all creds files\n**/*.creds\n');

      const model = await readStore(store);
      assert.deepEqual(problemCodes(model), []);
      const [acme] = model.operators;
      assert.equal(acme.name, 'ACME');
      assert.equal(acme.publicKey, op.getPublicKey());
      assert.deepEqual(acme.signingKeys.map((k) => [k.publicKey, k.hasSeed]), [[opSk.getPublicKey(), true]]);
      const [team] = acme.accounts;
      assert.equal(team.name, 'TEAM');
      assert.equal(team.signedBy, 'signing-key');
      assert.equal(team.key?.hasSeed, true);
      const [dev] = team.users;
      assert.equal(dev.name, 'dev');
      assert.equal(dev.publicKey, user.getPublicKey());
      assert.equal(dev.signedBy, 'identity');
      assert.equal(dev.credsPath, path.join(store.keysDir, 'creds', 'ACME', 'TEAM', 'dev.creds'));

      // and our operations continue where nsc left off
      const added = await addUser({ store, operator: 'ACME', account: 'TEAM', name: 'ops' });
      assert.equal(added.issuer, acc.getPublicKey());
    });
  });

  describe('corrupt, tampered and half-present entries', () => {
    const bad = tempRoot('bad');
    after(() => bad.remove());

    it('become entries with problems, never exceptions', async () => {
      const { store } = bad;
      await sampleStore(store);
      const model0 = await readStore(store);
      const [app, other] = model0.operators[0].accounts;
      const [alice, bob] = app.users;
      // APP: a tampered account JWT (limits raised after signing)
      fs.writeFileSync(app.jwtPath, tamper(app.jwt as string, (c) => (((c.nats as Record<string, Record<string, unknown>>).limits).conn = 1_000_000)));
      // alice: corrupt JWT text; bob: seed removed; carol (OTHER): seed replaced by another key's seed
      fs.writeFileSync(alice.jwtPath, 'eyJ0eXAi.garbage');
      fs.rmSync(bob.key?.seedPath as string);
      const carol = other.users[0];
      fs.writeFileSync(carol.key?.seedPath as string, fs.readFileSync(alice.key?.seedPath as string));
      // OTHER's signing key seed: not a seed at all
      fs.writeFileSync(other.signingKeys[0].seedPath, 'not a seed');
      // a new account folder without its JWT, a user JWT of the wrong type, a second operator without marker
      fs.mkdirSync(path.join(store.storesDir, 'OP', 'accounts', 'EMPTY'), { mode: 0o700 });
      fs.writeFileSync(path.join(path.dirname(alice.jwtPath), 'fake.jwt'), app.jwt as string);
      fs.mkdirSync(path.join(store.storesDir, 'HALF'), { mode: 0o700 });
      fs.writeFileSync(path.join(store.storesDir, 'OP', '.nsc'), '{not json');

      const model = await readStore(store);
      assert.deepEqual(problemCodes(model), [
        'account:APP:bad-signature',
        'account:EMPTY:missing-jwt',
        'account:OTHER:corrupt-seed',
        'operator:HALF:missing-jwt',
        'operator:HALF:missing-marker',
        'operator:OP:corrupt-marker',
        'user:alice:corrupt-jwt',
        'user:alice:unknown-issuer',
        'user:bob:missing-seed',
        'user:bob:unknown-issuer',
        'user:fake:unknown-issuer',
        'user:carol:seed-mismatch',
        'user:fake:wrong-claim-type',
        'user:fake:name-mismatch',
      ].sort());
      const appEntry = model.operators[1].accounts.find((a) => a.name === 'APP');
      assert.ok(appEntry?.claims, 'a tampered entry still shows its claims');
      assert.equal(appEntry?.users.length, 3, 'the users of a broken account are still listed');
      for (const e of entries(model)) for (const p of e.problems) assert.ok(p.message.length > 10 && p.path, `${p.code} has a message and a path`);
    });

    it('does not let a tampered operator vouch for accounts signed by a key it smuggled in', async () => {
      const evil = tempRoot('evil');
      try {
        const { store } = evil;
        await createOperator({ store, name: 'OP' });
        const rogueSigner = NKey.generate('operator');
        const opPath = paths.operatorJwt(store, 'OP');
        fs.writeFileSync(opPath, tamper(fs.readFileSync(opPath, 'utf8'), (c) => ((c.nats as Record<string, unknown>).signing_keys = [rogueSigner.publicKey])));
        const account = NKey.generate('account');
        const jwt = await encodeAccountJwt({ name: 'ROGUE', account, signer: rogueSigner });
        fs.mkdirSync(path.dirname(paths.accountJwt(store, 'OP', 'ROGUE')), { recursive: true });
        fs.writeFileSync(paths.accountJwt(store, 'OP', 'ROGUE'), jwt);
        const model = await readStore(store);
        const rogue = model.operators[0].accounts.find((a) => a.name === 'ROGUE');
        assert.deepEqual(model.operators[0].problems.map((p) => p.code), ['bad-signature']);
        assert.equal(rogue?.signedBy, undefined, 'not reported as signed by a signing key');
        assert.ok(rogue?.problems.some((p) => p.code === 'unknown-issuer' && /fails its signature check/.test(p.message)));
      } finally {
        evil.remove();
      }
    });

    it('operations refuse to build on a broken entry, naming it', async () => {
      await assert.rejects(addUser({ store: bad.store, operator: 'OP', account: 'APP', name: 'x' }), /account 'APP' of operator 'OP' is not valid .*signature does not match/);
      await assert.rejects(generateUserCreds({ store: bad.store, operator: 'OP', account: 'OTHER', user: 'nobody', outFile: path.join(bad.root, 'x.creds') }), /user 'nobody' of account 'OTHER' does not exist/);
      await assert.rejects(addAccount({ store: bad.store, operator: 'NOPE', name: 'x' }), (e: TrustError) => e.code === 'not-found');
      assert.equal(fs.existsSync(path.join(bad.root, 'x.creds')), false);
    });
  });

  describe('an empty or missing store', () => {
    it('is an empty model', async () => {
      const model = await readStore({ storesDir: path.join(tmp.root, 'nothing', 'stores'), keysDir: path.join(tmp.root, 'nothing', 'keys') });
      assert.deepEqual(model.operators, []);
      assert.deepEqual(model.problems, []);
    });
  });

  describe('nsc default locations', () => {
    const home = '/home/u';
    const none = (): boolean => false;
    it('follow XDG_DATA_HOME and NKEYS_PATH', () => {
      assert.deepEqual(nscDefaultLocation({ env: {}, home, exists: none }), {
        storesDir: '/home/u/.local/share/nats/nsc/stores',
        keysDir: '/home/u/.local/share/nats/nsc/keys',
      });
      assert.deepEqual(nscDefaultLocation({ env: { XDG_DATA_HOME: '/data', NKEYS_PATH: '/secret/keys' }, home, exists: none }), {
        storesDir: '/data/nats/nsc/stores',
        keysDir: '/secret/keys',
      });
    });
    it("fall back to nsc's older ~/.nsc/nats and ~/.nkeys when only those exist", () => {
      const old = new Set(['/home/u/.nsc/nats', '/home/u/.nkeys']);
      assert.deepEqual(nscDefaultLocation({ env: {}, home, exists: (p) => old.has(p) }), { storesDir: '/home/u/.nsc/nats', keysDir: '/home/u/.nkeys' });
    });
    it("honour nsc.json's store_root", () => {
      const cfg = tempRoot('cfg');
      try {
        const file = path.join(cfg.root, 'nats', 'nsc', 'nsc.json');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ store_root: '/elsewhere/stores', operator: 'X' }));
        assert.equal(nscDefaultLocation({ env: { XDG_CONFIG_HOME: cfg.root }, home, exists: fs.existsSync }).storesDir, '/elsewhere/stores');
      } finally {
        cfg.remove();
      }
    });
  });
});
