/**
 * Scoped signing keys (nsc `edit signing-key --role`): reading them with role and template, the
 * problem of a user that breaks its scope, which key signs a user, creating scoped keys, the CLI.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import {
  addAccount,
  addSigningKey,
  addUser,
  addUsers,
  anchorOf,
  createOperator,
  decodeJwt,
  encodeAccountJwt,
  encodeUserJwt,
  formatDecodedJwt,
  NKey,
  parseJwt,
  paths,
  readStore,
  StoreLocation,
  userPermissionFieldsSet,
  verifyJwt,
} from '../../../src/core/trust';
import { keyOf, rejectsWith, signClaims, tempRoot, walk } from './helpers';

/** What nsc 2.x writes for `nsc edit signing-key --sk generate --role orders --allow-pub 'orders.>'`. */
function nscScope(key: string, role = 'orders'): Record<string, unknown> {
  return { kind: 'user_scope', key, role, template: { pub: { allow: ['orders.>'] }, sub: {}, subs: -1, data: -1, payload: -1 }, description: 'order services' };
}

function payload(jwt: string): Record<string, unknown> {
  const p = parseJwt(jwt);
  assert.ok(p.ok);
  return p.jwt.claims.nats;
}

describe('scoped signing keys', () => {
  describe('Go’s rule for scoped users (UserClaims.HasEmptyPermissions)', () => {
    it('counts every permission or limit field that is not at its Go zero value', () => {
      assert.deepEqual(userPermissionFieldsSet({ issuer_account: 'A', tags: ['x'], type: 'user', version: 2 }), []);
      // What Go's SetScoped(true) marshals: empty pub/sub objects, nothing else.
      assert.deepEqual(userPermissionFieldsSet({ pub: {}, sub: {}, subs: 0, data: 0, payload: 0, bearer_token: false, times_location: '', src: null }), []);
      assert.deepEqual(userPermissionFieldsSet({ subs: -1, data: -1, payload: -1 }), ['subs', 'data', 'payload']);
      // An empty list is not Go's nil slice: it counts.
      assert.deepEqual(userPermissionFieldsSet({ pub: { allow: [] }, src: [], times: [], allowed_connection_types: [] }), ['pub.allow', 'src', 'times', 'allowed_connection_types']);
      assert.deepEqual(userPermissionFieldsSet({ sub: { deny: ['x'] }, resp: {}, bearer_token: true, times_location: 'UTC' }), ['sub.deny', 'resp', 'times_location', 'bearer_token']);
    });
  });

  describe('reading and verifying', () => {
    const operator = NKey.generate('operator');
    const account = NKey.generate('account');
    const scoped = NKey.generate('account');
    const plain = NKey.generate('account');
    let accountJwt: string;

    before(async () => {
      accountJwt = await encodeAccountJwt({ name: 'APP', account, signer: operator, base: { signing_keys: [plain.publicKey, nscScope(scoped.publicKey)] as never } });
    });

    it('anchorOf keeps every key and the scope of the scoped ones', () => {
      const p = parseJwt(accountJwt);
      assert.ok(p.ok);
      const anchor = anchorOf(p.jwt.claims);
      assert.deepEqual(anchor.signingKeys, [plain.publicKey, scoped.publicKey]);
      assert.deepEqual([...(anchor.scopes?.keys() ?? [])], [scoped.publicKey]);
      assert.equal(anchor.scopes?.get(scoped.publicKey)?.role, 'orders');
      assert.equal(anchor.scopes?.get(scoped.publicKey)?.description, 'order services');
    });

    it('a user signed by a scoped key with limits or permissions is a scope-violation naming the role and the fields', async () => {
      const p = parseJwt(accountJwt);
      assert.ok(p.ok);
      const issuer = anchorOf(p.jwt.claims);
      const user = NKey.generate('user');
      const clean = await encodeUserJwt({ name: 'u', user, account: account.publicKey, signingKey: scoped, scoped: true });
      assert.deepEqual(verifyJwt(clean, { expect: 'user', issuer }).problems, []);
      const withLimits = await encodeUserJwt({ name: 'u', user, account: account.publicKey, signingKey: scoped });
      const v = verifyJwt(withLimits, { expect: 'user', issuer });
      assert.deepEqual(v.problems.map((x) => x.code), ['scope-violation']);
      assert.match(v.problems[0].message, new RegExp(`${scoped.publicKey} \\(role 'orders'\\).*\\(subs, data, payload\\)`));
      // The same claims signed by the plain key are fine.
      const byPlain = await encodeUserJwt({ name: 'u', user, account: account.publicKey, signingKey: plain, permissions: { pub: { allow: ['x'] } } });
      assert.deepEqual(verifyJwt(byPlain, { expect: 'user', issuer }).problems, []);
    });

    it('a signing_keys entry nats-server cannot read (unknown kind, or a scope on an operator) is a problem', async () => {
      const bad = await encodeAccountJwt({ name: 'APP', account, signer: operator, base: { signing_keys: [{ kind: 'other_scope', key: scoped.publicKey }] as never } });
      assert.deepEqual(verifyJwt(bad).problems.map((x) => x.code), ['unknown-scope']);
      assert.deepEqual(verifyJwt(accountJwt).problems, []);
      const op = signClaims({ iss: operator.publicKey, sub: operator.publicKey, nats: { type: 'operator', version: 2, signing_keys: [nscScope(NKey.generate('operator').publicKey)] } }, operator);
      assert.match(verifyJwt(op).problems.map((x) => `${x.code}: ${x.message}`).join('\n'), /unknown-scope: .*operator signing keys cannot be scoped/);
    });

    it('a decoded account JWT shows each scoped key with its role and template; a decoded user, the role that applies', async () => {
      const d = decodeJwt(accountJwt);
      const keyFields = d.fields.filter((f) => f.field.startsWith('nats.signing_keys'));
      assert.deepEqual(keyFields.map((f) => f.field), ['nats.signing_keys.0', 'nats.signing_keys.1', 'nats.signing_keys.1.template']);
      assert.equal(keyFields[1].value, scoped.publicKey);
      assert.match(keyFields[1].meaning, /Scoped signing key, role 'orders' \(order services\).*publish: only orders\.>; subscribe: any subject/);
      assert.match(formatDecodedJwt(d), /role 'orders'/);

      const user = await encodeUserJwt({ name: 'u', user: NKey.generate('user'), account: account.publicKey, signingKey: scoped, scoped: true });
      const du = decodeJwt(user, { issuer: accountJwt });
      assert.equal(du.valid, true);
      assert.equal(du.scope?.role, 'orders');
      assert.match(formatDecodedJwt(du), /\*\*Permissions:\*\* signed by a scoped signing key with role 'orders': its template applies \\\(publish: only orders\\\.\\>/);
      const violating = decodeJwt(await encodeUserJwt({ name: 'v', user: NKey.generate('user'), account: account.publicKey, signingKey: scoped }), { issuer: accountJwt });
      assert.equal(violating.valid, false);
      assert.match(formatDecodedJwt(violating), /Error: signed by the scoped signing key .*carries its own permissions or limits/);
    });
  });

  describe('a store with scoped keys', () => {
    const tmp = tempRoot('scoped');
    const { store } = tmp;
    let scopedKey: string;
    let plainKey: string;
    after(() => tmp.remove());

    before(async () => {
      await createOperator({ store, name: 'OP' });
      await addAccount({ store, operator: 'OP', name: 'APP' });
      // The scoped key first: a default that took "the first signing key with a seed" would pick it.
      scopedKey = (await addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'orders', template: { permissions: { pub: { allow: ['orders.>'] } } } } })).publicKey;
    });

    it('writes the scope as nsc does, with a complete template (unlimited -1 limits)', () => {
      const nats = payload(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
      assert.deepEqual(nats.signing_keys, [{ kind: 'user_scope', key: scopedKey, role: 'orders', template: { subs: -1, data: -1, payload: -1, pub: { allow: ['orders.>'] } } }]);
    });

    it('the default signer is the account key while only a scoped key exists; the role picks the scoped key', async () => {
      const own = await addUser({ store, operator: 'OP', account: 'APP', name: 'own', permissions: { pub: { allow: ['x'] } } });
      const app = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
      assert.ok(app.ok);
      assert.equal(own.issuer, app.jwt.claims.sub, 'signed by the account key');
      assert.deepEqual(payload(own.jwt).pub, { allow: ['x'] });
      const byRole = await addUser({ store, operator: 'OP', account: 'APP', name: 'r', signWith: 'orders', tags: ['team:a'] });
      assert.equal(byRole.issuer, scopedKey);
      assert.deepEqual(payload(byRole.jwt), { tags: ['team:a'], issuer_account: byRole.issuerAccount, type: 'user', version: 2 });
      const byKey = await addUser({ store, operator: 'OP', account: 'APP', name: 'k', signWith: scopedKey });
      assert.equal(byKey.issuer, scopedKey);
      await rejectsWith(addUser({ store, operator: 'OP', account: 'APP', name: 'x', signWith: 'signing-key' }), 'missing-seed', /no unscoped signing key .*chosen by role \('orders'\)/);
    });

    it('an unscoped signing key is preferred by default even when listed after a scoped one, and adding it keeps the scope', async () => {
      plainKey = (await addSigningKey({ store, operator: 'OP', account: 'APP' })).publicKey;
      const nats = payload(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
      assert.deepEqual((nats.signing_keys as unknown[]).map((k) => (typeof k === 'string' ? k : (k as { role: string }).role)), ['orders', plainKey]);
      const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'dflt', permissions: { sub: { deny: ['y'] } } });
      assert.equal(u.issuer, plainKey);
    });

    it('permissions or limits with a scoped signer are refused naming the role, and nothing is written', async () => {
      const before = walk(tmp.root);
      await rejectsWith(
        addUser({ store, operator: 'OP', account: 'APP', name: 'bad', signWith: 'orders', permissions: { pub: { allow: ['a'] } }, bearer: true }),
        'invalid-argument',
        /user 'bad' is signed by the scoped signing key with role 'orders' .*cannot also have publish allow, bearer/,
      );
      await rejectsWith(
        addUsers({ store, operator: 'OP', account: 'APP', signWith: scopedKey, users: [{ name: 'b1' }, { name: 'b2', limits: { payload: 10 } }] }),
        'invalid-argument',
        /user 'b2' .*role 'orders'.*limits/,
      );
      assert.deepEqual(walk(tmp.root), before);
      await rejectsWith(addUser({ store, operator: 'OP', account: 'APP', name: 'x', signWith: 'nope' }), 'invalid-argument', /nope is neither .* \(roles: orders\)/);
    });

    it('refuses a scope without an account, a repeated role, a keyword or key as role', async () => {
      const before = walk(tmp.root);
      await rejectsWith(addSigningKey({ store, operator: 'OP', scope: { role: 'r' } }), 'invalid-argument', /only account signing keys can be scoped/);
      await rejectsWith(addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'orders' } }), 'exists', /already has a scoped signing key with role 'orders'/);
      await rejectsWith(addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'identity' } }), 'invalid-argument', /cannot be a role/);
      await rejectsWith(addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: plainKey } }), 'invalid-argument', /cannot be a role/);
      await rejectsWith(addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: ' ' } }), 'invalid-argument', /needs a role/);
      assert.deepEqual(walk(tmp.root), before);
    });

    it('refuses a description on a scoped key (nats-io/jwt v2.3.0 refuses the account JWT), writing nothing', async () => {
      const before = walk(tmp.root);
      await rejectsWith(
        addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'docs', description: 'documentation' } }),
        'invalid-argument',
        /a scoped signing key cannot have a description: nats-io\/jwt v2\.3\.0 .*role's name/,
      );
      assert.deepEqual(walk(tmp.root), before);
    });

    it('reads keys with their scope and users with the role that gives their permissions, without problems', async () => {
      const model = await readStore(store);
      const app = model.operators[0].accounts.find((a) => a.name === 'APP');
      assert.ok(app);
      assert.deepEqual(app.problems, []);
      assert.deepEqual(app.signingKeys.map((k) => [k.publicKey, k.scope?.role]), [[scopedKey, 'orders'], [plainKey, undefined]]);
      assert.deepEqual(app.users.map((u) => [u.name, u.scope?.role, u.problems.length]), [['dflt', undefined, 0], ['k', 'orders', 0], ['own', undefined, 0], ['r', 'orders', 0]]);
    });

    it('reports a user in the store that breaks its scope', async () => {
      const signingKey = keyOf(store, scopedKey);
      const accountKey = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', 'APP'), 'utf8'));
      assert.ok(accountKey.ok);
      const jwt = await encodeUserJwt({ name: 'old', user: NKey.generate('user'), account: accountKey.jwt.claims.sub, signingKey });
      fs.writeFileSync(paths.userJwt(store, 'OP', 'APP', 'old'), jwt);
      const model = await readStore(store);
      const old = model.operators[0].accounts.find((a) => a.name === 'APP')?.users.find((u) => u.name === 'old');
      assert.deepEqual(old?.problems.filter((p) => p.severity === 'error').map((p) => p.code), ['scope-violation']);
      fs.rmSync(paths.userJwt(store, 'OP', 'APP', 'old'));
    });
  });

  describe('CLI: signing-key add, user add --signing-key', () => {
    const tmp = tempRoot('scoped-cli');
    after(() => tmp.remove());

    async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
      const io = { out: '', err: '', cwd: tmp.root, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
      const code = await main(argv, io);
      assert.doesNotMatch(io.out + io.err, /S[OAU][A-Z2-7]{56}/);
      return { code, out: io.out, err: io.err };
    }
    const base = ['--store', 'st', '--operator', 'OP'];
    const store = (): StoreLocation => ({ storesDir: path.join(tmp.root, 'st', 'stores'), keysDir: path.join(tmp.root, 'st', 'keys') });

    before(async () => {
      assert.equal((await cli('init', ...base)).code, 0);
      assert.equal((await cli('account', 'add', ...base, '--name', 'APP')).code, 0);
    });

    it('adds an operator key, an account key and a scoped account key, printing each public key', async () => {
      const op = await cli('signing-key', 'add', ...base);
      assert.equal(op.code, 0, op.err);
      assert.match(op.out, /^O[A-Z2-7]{55}\n$/);
      const acc = await cli('signing-key', 'add', ...base, '--account', 'APP');
      assert.match(acc.out, /^A[A-Z2-7]{55}\n$/);
      const scoped = await cli('signing-key', 'add', ...base, '--account', 'APP', '--role', 'svc', '--allow-pub', 'svc.>', '--allow-pub', 'audit.x', '--allow-sub', 'svc.> q', '--deny-pub', 'svc.admin', '--deny-sub', 'svc.secret', '--allow-pub-response', '3', '--bearer');
      assert.equal(scoped.code, 0, scoped.err);
      assert.match(scoped.err, /role 'svc'/);
      const pub = scoped.out.trim();
      const nats = payload(fs.readFileSync(paths.accountJwt(store(), 'OP', 'APP'), 'utf8'));
      const entry = (nats.signing_keys as unknown[]).find((k) => typeof k === 'object' && (k as { key: string }).key === pub);
      assert.deepEqual(entry, {
        kind: 'user_scope',
        key: pub,
        role: 'svc',
        template: { subs: -1, data: -1, payload: -1, pub: { allow: ['svc.>', 'audit.x'], deny: ['svc.admin'] }, sub: { allow: ['svc.> q'], deny: ['svc.secret'] }, resp: { max: 3, ttl: 0 }, bearer_token: true },
      });
      const opNats = payload(fs.readFileSync(paths.operatorJwt(store(), 'OP'), 'utf8'));
      assert.ok((opNats.signing_keys as string[]).includes(op.out.trim()));
    });

    it('user add --signing-key ROLE signs with the scoped key; permissions with it are refused naming the role', async () => {
      const ok = await cli('user', 'add', ...base, '--account', 'APP', '--name', 'u1', '--creds', 'u1.creds', '--signing-key', 'svc');
      assert.equal(ok.code, 0, ok.err);
      const jwt = fs.readFileSync(paths.userJwt(store(), 'OP', 'APP', 'u1'), 'utf8');
      assert.deepEqual(Object.keys(payload(jwt)).sort(), ['issuer_account', 'type', 'version']);
      const bad = await cli('user', 'add', ...base, '--account', 'APP', '--name', 'u2', '--creds', 'u2.creds', '--signing-key', 'svc', '--allow-pub', 'x');
      assert.equal(bad.code, 2);
      assert.match(bad.err, /role 'svc'.*publish allow/);
      assert.equal(fs.existsSync(path.join(tmp.root, 'u2.creds')), false);
      assert.equal(fs.existsSync(paths.userJwt(store(), 'OP', 'APP', 'u2')), false);
      const unknown = await cli('user', 'add', ...base, '--account', 'APP', '--name', 'u3', '--creds', 'u3.creds', '--signing-key', 'nope');
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /nope is neither .*roles: svc/);
    });

    it('usage errors: scope options without --role, --role without --account, a bad reply count, an empty --signing-key', async () => {
      const cases: [string[], RegExp][] = [
        [['signing-key', 'add', ...base, '--account', 'APP', '--allow-pub', 'x'], /--allow-pub describe a scope and need --role/],
        [['signing-key', 'add', ...base, '--account', 'APP', '--bearer'], /--bearer describe a scope and need --role/],
        [['signing-key', 'add', ...base, '--account', 'APP', '--role', 'docs', '--description', 'd'], /--description: a scoped signing key cannot have a description: nats-io\/jwt v2\.3\.0/],
        [['signing-key', 'add', ...base, '--role', 'r'], /--role needs --account/],
        [['signing-key', 'add', ...base, '--account', 'APP', '--role', 'r', '--allow-pub-response', '0'], /--allow-pub-response takes a whole number/],
        [['signing-key', 'add', ...base, '--account', 'APP', '--role', 'svc'], /already has a scoped signing key with role 'svc'/],
        [['signing-key', 'list', ...base], /unknown subcommand 'list'/],
        [['user', 'add', ...base, '--account', 'APP', '--name', 'u4', '--creds', 'u4.creds', '--signing-key', ''], /--signing-key needs a role or a public key/],
      ];
      for (const [argv, message] of cases) {
        const r = await cli(...argv);
        assert.notEqual(r.code, 0, argv.join(' '));
        assert.match(r.err, message, argv.join(' '));
      }
    });
  });
});
