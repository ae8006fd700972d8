/**
 * The trust commands and the Operators view in a real extension host: every command run with an
 * argument object, the files it writes (and their modes), the tree through its data provider,
 * the decoded-JWT document, and no seed in the log, the decoded view or the notifications.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import type { GenerateServerConfigCommandResult } from '../../../src/commands/trust/generateServerConfig';
import type { GenerateUserCredsCommandResult } from '../../../src/commands/trust/generateUserCreds';
import type { ShowDecodedJwtCommandResult } from '../../../src/commands/trust/showDecodedJwt';
import { addAccount, AccountResult, CreateOperatorResult, Expiration, nscDefaultLocation, parseCreds, parseJwt, paths, SigningKeyResult, UserResult } from '../../../src/core/trust';
import { eventually, uiDriver, workspaceRoot } from './helpers';
import { assertNoSeed, iconId, logContaining, logText, mode, nodeAt, seedsOf, shown, STORE_SETTING, TempStore, tooltipText, trustAccess, useTempStore, leaveWorkbenchClean } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

describe('trust: commands and the Operators view', function () {
  this.timeout(60_000);
  let access: TrustTestAccess;
  let tmp: TempStore;
  let operator: CreateOperatorResult;
  let app: AccountResult;
  let appSigningKey: SigningKeyResult;
  let alice: UserResult;

  before(async () => {
    access = await trustAccess();
    tmp = await useTempStore();
  });

  after(async () => {
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('uses nsc’s default location when the setting is empty, and ${workspaceFolder} when it is set', async () => {
    await vscode.workspace.getConfiguration().update(STORE_SETTING, undefined, vscode.ConfigurationTarget.Global);
    try {
      assert.ok(process.env.XDG_DATA_HOME, 'the runner isolates XDG_DATA_HOME');
      assert.deepEqual(access.context.store(), nscDefaultLocation());
      assert.equal(access.context.store().storesDir, path.join(process.env.XDG_DATA_HOME ?? '', 'nats', 'nsc', 'stores'));
    } finally {
      await vscode.workspace.getConfiguration().update(STORE_SETTING, tmp.setting, vscode.ConfigurationTarget.Global);
    }
    assert.deepEqual(access.context.store(), tmp.store);
  });

  it('shows an empty tree for an empty store, so the welcome view offers Create Operator', async () => {
    assert.deepEqual(await shown(access), []);
    const ui = uiDriver();
    if (!ui) return;
    await vscode.commands.executeCommand('natsWorkbench.operators.focus');
    const texts = await eventually('the welcome view', async () => {
      const t = await ui.texts('.welcome-view-content');
      return t.some((x) => x.includes('Create Operator')) ? t : undefined;
    });
    assert.ok(texts.join('\n').includes('No operators in the store yet'));
  });

  it('Create Operator writes an nsc store with a system account and an operator signing key', async () => {
    const r = await run<CreateOperatorResult>('createOperator', { name: 'ACME' });
    assert.ok(r, 'the command returns its result');
    operator = r;
    assert.match(r.operator.publicKey, /^O[A-Z2-7]{55}$/);
    assert.ok(r.operator.signingKey && r.systemAccount && r.systemUser);
    assert.equal(r.operator.jwtPath, paths.operatorJwt(tmp.store, 'ACME'));
    assert.deepEqual(JSON.parse(fs.readFileSync(paths.marker(tmp.store, 'ACME'), 'utf8')), { managed: false, name: 'ACME', kind: 'operator', version: '1' });
    for (const pk of [r.operator.publicKey, r.operator.signingKey, r.systemAccount.publicKey, r.systemUser.publicKey]) {
      const seed = paths.seed(tmp.store, pk);
      assert.equal(mode(seed), 0o600, `${seed} mode`);
      assert.equal(mode(path.dirname(seed)), 0o700, `${path.dirname(seed)} mode`);
    }
    assert.equal(mode(r.systemUser.credsPath), 0o600);

    const [op] = await shown(access);
    assert.equal(op.label, 'ACME');
    assert.equal(op.item.contextValue, 'nats.operator');
    assert.equal(iconId(op.item), 'organization');
    assert.match(tooltipText(op.item), new RegExp(r.operator.publicKey));
    const children = await shown(access, op.node);
    assert.deepEqual(children.map((c) => c.item.contextValue), ['nats.signingKey', 'nats.account']);
    const sys = children[1];
    assert.equal(sys.label, 'SYS');
    assert.match(String(sys.item.description), /system/);
    // The system account's monitoring exports (as nsc writes them), then its user.
    assert.deepEqual((await shown(access, sys.node)).map((c) => [c.label, c.item.contextValue]), [['Exports', 'nats.exports'], ['sys', 'nats.user']]);
  });

  it('Add Account creates an account with JetStream limits, shown with its limits', async () => {
    const r = await run<AccountResult>('addAccount', { operator: 'ACME', name: 'APP', jetstream: { diskStorage: 1024 ** 3, memStorage: 256 * 1024 ** 2, streams: 10 } });
    assert.ok(r);
    app = r;
    assert.equal(r.issuer, operator.operator.signingKey, 'signed by the operator signing key');
    const node = await nodeAt(access, ['ACME', 'APP']);
    assert.equal(node.item.contextValue, 'nats.account');
    assert.match(String(node.item.description), /JetStream/);
    const tip = tooltipText(node.item);
    assert.match(tip, /file 1 GiB, memory 256 MiB, streams 10, consumers unlimited/);
    assert.match(tip, new RegExp(r.publicKey));
    assert.equal(tip.split(r.publicKey).length - 1, 1, `the account's key is shown once: ${tip}`);
    assert.match(tip, /Seed: in the keystore/);
  });

  it('Add Signing Key adds keys to an account and to the operator', async () => {
    const r = await run<SigningKeyResult>('addSigningKey', { operator: 'ACME', account: 'APP' });
    assert.ok(r);
    appSigningKey = r;
    assert.equal(mode(r.seedPath), 0o600);
    const app = await shown(access, (await nodeAt(access, ['ACME', 'APP'])).node);
    assert.deepEqual(app.filter((c) => c.item.contextValue === 'nats.signingKey').map((c) => (c.node.target.signingKey)), [r.publicKey]);

    const op = await run<SigningKeyResult>('addSigningKey', { operator: 'ACME' });
    assert.ok(op);
    const opKeys = (await shown(access, (await nodeAt(access, ['ACME'])).node)).filter((c) => c.item.contextValue === 'nats.signingKey');
    assert.equal(opKeys.length, 2);
  });

  it('Add User creates a user with permissions and an expiry, signed by the account signing key', async () => {
    const r = await run<UserResult>('addUser', {
      operator: 'ACME',
      account: 'APP',
      name: 'alice',
      permissions: { pub: { allow: ['orders.>'], deny: ['orders.secret'] }, sub: { allow: ['orders.>', '_INBOX.>'] } },
      expiry: '10d',
    });
    assert.ok(r);
    alice = r;
    assert.equal(r.issuer, appSigningKey.publicKey);
    assert.equal(r.issuerAccount, app.publicKey);
    const node = await nodeAt(access, ['ACME', 'APP', 'alice']);
    assert.equal(node.item.contextValue, 'nats.user');
    assert.match(String(node.item.description), /expires in 10 days$/, 'rounded as the decoded JWT rounds it, plural spelled out');
    assert.equal(iconId(node.item), 'warning', 'expiring within natsWorkbench.expiryWarningDays');
    const tip = tooltipText(node.item);
    assert.match(tip, /Publish: only orders\\\.\\> except orders\\\.secret/);
    assert.match(tip, /a signing key of account 'APP'/);
    // An argument object with every value given: no questions and no summary; replies only when asked for.
    assert.match(tip, /Replies: only to subjects its publish permissions allow/);
    const parsed = parseJwt(r.jwt);
    assert.ok(parsed.ok);
    assert.equal((parsed.jwt.claims.nats as { resp?: unknown }).resp, undefined);
  });

  it('Copy Public Key copies the key of the node it is invoked on', async () => {
    const node = await nodeAt(access, ['ACME', 'APP', 'alice']);
    assert.equal(await run<string>('copyPublicKey', node.node), alice.publicKey);
    assert.equal(await vscode.env.clipboard.readText(), alice.publicKey);
  });

  it('Add User refuses a bad permission subject with a clear message, shown and logged', async () => {
    const r = await run('addUser', { operator: 'ACME', account: 'APP', name: 'bob', permissions: { pub: { allow: ['orders..x'] } } });
    assert.equal(r, undefined);
    await logContaining(access, /Add User: allow-pub 'orders\.\.x': token 2 is empty/);
    assert.equal(fs.existsSync(paths.userJwt(tmp.store, 'ACME', 'APP', 'bob')), false, 'nothing written');
  });

  it('Add User warns when the JWT is too large for the default max_control_line, naming the setting', async () => {
    const allow = Array.from({ length: 150 }, (_, i) => `orders.region-${String(i).padStart(3, '0')}.events.>`);
    const r = await run<UserResult>('addUser', { operator: 'ACME', account: 'APP', name: 'many', permissions: { pub: { allow } } });
    assert.ok(r, 'the user is still created');
    await logContaining(access, new RegExp(`Add User: the JWT of user 'many' is ${r.jwt.length} bytes: .*set max_control_line: \\d+ in the server config`));
  });

  it('Add Account reports an existing name instead of replacing it', async () => {
    const before = fs.readFileSync(app.jwtPath, 'utf8');
    assert.equal(await run('addAccount', { operator: 'ACME', name: 'APP' }), undefined);
    await logContaining(access, /Add Account: account 'APP' of operator 'ACME' already exists/);
    assert.equal(fs.readFileSync(app.jwtPath, 'utf8'), before);
  });

  it('Generate User Credentials writes <user>.creds with mode 0600 and replaces it only with consent', async () => {
    const r = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'ACME', account: 'APP', user: 'alice', folder: tmp.out, gitignore: false });
    assert.ok(r);
    const file = path.join(tmp.out, 'alice.creds');
    assert.equal(r.path, file);
    assert.equal(r.gitignore, 'declined');
    assert.equal(mode(file), 0o600);
    const creds = parseCreds(fs.readFileSync(file, 'utf8'));
    assert.equal(creds.jwt, alice.jwt);
    assert.equal(creds.key.publicKey, alice.publicKey);
    assert.deepEqual(fs.readdirSync(tmp.out), ['alice.creds'], 'no temporary file left behind');

    fs.writeFileSync(file, 'keep me', { mode: 0o600 });
    assert.equal(await run('generateUserCreds', { operator: 'ACME', account: 'APP', user: 'alice', folder: tmp.out, overwrite: false, gitignore: false }), undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep me', 'refused without consent');
    await logContaining(access, /Generate User Credentials: .*alice\.creds already exists/);

    const again = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'ACME', account: 'APP', user: 'alice', outFile: file, overwrite: true, gitignore: false });
    assert.ok(again);
    assert.equal(parseCreds(fs.readFileSync(file, 'utf8')).key.publicKey, alice.publicKey);
    assert.equal(mode(file), 0o600);
  });

  it('Generate User Credentials adds *.creds to the workspace .gitignore when told to', async () => {
    const gitignore = path.join(workspaceRoot(), '.gitignore');
    const original = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined;
    try {
      const r = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'ACME', account: 'SYS', user: 'sys', folder: tmp.out, gitignore: true });
      assert.ok(r);
      assert.equal(r.gitignore, original?.split('\n').includes('*.creds') ? 'present' : 'added');
      assert.ok(fs.readFileSync(gitignore, 'utf8').split('\n').includes('*.creds'));
      const second = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'ACME', account: 'SYS', user: 'sys', folder: tmp.out, overwrite: true, gitignore: true });
      assert.equal(second?.gitignore, 'present');
    } finally {
      if (original === undefined) fs.rmSync(gitignore, { force: true });
      else fs.writeFileSync(gitignore, original);
    }
  });

  it('Generate Server Config writes a memory-resolver config with the valid accounts preloaded, or opens it', async () => {
    const outFile = path.join(tmp.out, 'auth.conf');
    const r = await run<GenerateServerConfigCommandResult>('generateServerConfig', { operator: 'ACME', resolver: 'memory', outFile });
    assert.ok(r);
    const text = fs.readFileSync(outFile, 'utf8');
    assert.equal(text, r.text);
    assert.ok(text.includes(`operator: "${fs.readFileSync(paths.operatorJwt(tmp.store, 'ACME'), 'utf8').trim()}"`), 'the operator JWT as re-signed with its second signing key');
    assert.ok(text.includes(`system_account: ${operator.systemAccount?.publicKey}`));
    assert.ok(text.includes(`${app.publicKey}: "`));
    assert.deepEqual(r.preloaded.map((p) => p.name).sort(), ['APP', 'SYS']);

    const full = await run<GenerateServerConfigCommandResult>('generateServerConfig', { operator: 'ACME', resolver: 'full', destination: 'document' });
    assert.ok(full?.document);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === full.document?.toString());
    assert.ok(doc && /type: full/.test(doc.getText()), 'the full-resolver config is open in an editor');
    assert.deepEqual(full.preloaded.map((p) => p.name), ['SYS']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Show Decoded JWT shows the claims, their meaning and validity in a read-only document, never the seed', async () => {
    const r = await run<ShowDecodedJwtCommandResult>('showDecodedJwt', { operator: 'ACME', account: 'APP', user: 'alice' });
    assert.ok(r);
    assert.equal(r.uri.scheme, 'nats-jwt');
    const doc = await vscode.workspace.openTextDocument(r.uri);
    const text = doc.getText();
    assert.match(text, /# User JWT: alice/);
    assert.match(text, /\*\*Validity:\*\* valid\b/);
    assert.match(text, /`nats\.pub\.allow` \| \\\["orders\\\.\\>"\\\]/);
    assert.match(text, /`nats\.issuer_account`/);
    assert.ok(!/issuer was not checked/.test(text), 'the issuer was checked against the account');
    assertNoSeed(text, seedsOf(tmp.store), 'the decoded user JWT');
    await uiDriver()?.gallery('page-decoded-jwt', 'Show Decoded JWT of a user: its claims, what each means, and its validity (never a seed)', { settleMs: 1500 });

    const creds = await run<ShowDecodedJwtCommandResult>('showDecodedJwt', { file: path.join(tmp.out, 'alice.creds') });
    assert.ok(creds);
    const credsText = (await vscode.workspace.openTextDocument(creds.uri)).getText();
    assert.match(credsText, /From a \.creds file; its seed is not shown/);
    assertNoSeed(credsText, seedsOf(tmp.store), 'the decoded .creds file');
  });

  it('Check Expirations lists what expires within the given days, soonest first', async () => {
    const within30 = await run<Expiration[]>('checkExpirations', { withinDays: 30, pick: false });
    assert.deepEqual(within30?.map((e) => [e.kind, e.name, e.expired]), [['user', 'alice', false]]);
    const within5 = await run<Expiration[]>('checkExpirations', { withinDays: 5, pick: false });
    assert.deepEqual(within5, []);
    await logContaining(access, /user 'alice' of ACME \/ APP expires in 10 days \(/);
  });

  it('a corrupt entry shows as an error on that entry, with the problem in its tooltip; the tree does not crash', async () => {
    const dir = paths.accountDir(tmp.store, 'ACME', 'BROKEN');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(paths.accountJwt(tmp.store, 'ACME', 'BROKEN'), 'this is not a JWT');
    const tampered = fs.readFileSync(alice.jwtPath, 'utf8').trim();
    const [h, body, sig] = tampered.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { name: string };
    claims.name = 'mallory';
    const mallory = paths.userJwt(tmp.store, 'ACME', 'APP', 'mallory');
    fs.writeFileSync(mallory, [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.'));
    try {
      await vscode.commands.executeCommand('natsWorkbench.refreshOperators');
      const broken = await nodeAt(access, ['ACME', 'BROKEN']);
      assert.equal(iconId(broken.item), 'error');
      assert.match(tooltipText(broken.item), /\$\(error\)/);
      assert.equal(broken.item.description, '1 problem', 'the row itself says something is wrong, the tooltip says what');
      const m = await nodeAt(access, ['ACME', 'APP', 'mallory']);
      assert.equal(iconId(m.item), 'error');
      assert.match(tooltipText(m.item), /signature/i);
      assert.match(String(m.item.description), /\d+ problems?$/);
      const good = await nodeAt(access, ['ACME', 'APP', 'alice']);
      assert.notEqual(iconId(good.item), 'error', 'the other entries are unaffected');
      const ui = uiDriver();
      if (ui) {
        await vscode.commands.executeCommand('natsWorkbench.operators.focus');
        await eventually('the broken account in the view', async () => ((await ui.texts('.monaco-list-row')).some((t) => t.startsWith('BROKEN')) ? true : undefined));
        await ui.gallery('error-store-corrupt-entry', 'Operators view of a store with a corrupt account JWT (BROKEN): the entry is marked with its problem, the rest of the tree works');
      }
      assert.equal(await run('generateUserCreds', { operator: 'ACME', account: 'APP', user: 'mallory', folder: tmp.out, gitignore: false }), undefined);
      assert.equal(fs.existsSync(path.join(tmp.out, 'mallory.creds')), false, 'no credentials for a tampered user');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(mallory, { force: true });
      await vscode.commands.executeCommand('natsWorkbench.refreshOperators');
    }
  });

  it('a copied account JWT (cp SYS/SYS.jwt COPY/COPY.jwt) shows as an error naming the real account; nothing is signed for it', async () => {
    const dir = paths.accountDir(tmp.store, 'ACME', 'COPY');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(paths.accountJwt(tmp.store, 'ACME', 'SYS'), paths.accountJwt(tmp.store, 'ACME', 'COPY'));
    try {
      await vscode.commands.executeCommand('natsWorkbench.refreshOperators');
      const copy = await nodeAt(access, ['ACME', 'COPY']);
      assert.equal(iconId(copy.item), 'error');
      assert.match(tooltipText(copy.item), /is that of account 'SYS'/);
      const sys = await nodeAt(access, ['ACME', 'SYS']);
      assert.notEqual(iconId(sys.item), 'error', 'the real system account is unaffected');
      assert.equal(await run('addUser', { operator: 'ACME', account: 'COPY', name: 'mallory', permissions: {} }), undefined);
      assert.equal(fs.existsSync(paths.userJwt(tmp.store, 'ACME', 'COPY', 'mallory')), false, 'no user signed for the copy');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await vscode.commands.executeCommand('natsWorkbench.refreshOperators');
    }
  });

  it('an unusable store setting shows as a problem node instead of failing', async () => {
    await vscode.workspace.getConfiguration().update(STORE_SETTING, '${nope}/store', vscode.ConfigurationTarget.Global);
    try {
      const roots = await eventually('the problem node', async () => {
        const r = await shown(access);
        return r.length === 1 && r[0].item.contextValue === 'nats.problem' ? r : undefined;
      });
      assert.match(roots[0].label, /unknown variable/);
    } finally {
      await vscode.workspace.getConfiguration().update(STORE_SETTING, tmp.setting, vscode.ConfigurationTarget.Global);
    }
  });

  it('follows the store on disk: an account written by another program appears without a refresh', async () => {
    await shown(access); // the tree has read the store and watches it
    await addAccount({ store: tmp.store, operator: 'ACME', name: 'EXTERNAL' });
    const jwt = paths.accountJwt(tmp.store, 'ACME', 'EXTERNAL');
    let touched = Date.now();
    await eventually(
      'EXTERNAL in the tree',
      async () => {
        const accounts = await shown(access, (await nodeAt(access, ['ACME'])).node);
        if (accounts.some((a) => a.label === 'EXTERNAL')) return true;
        // A watcher takes a moment to start after it is created (slower on a busy machine):
        // another program writing the file again is a change it must see too.
        if (Date.now() - touched > 3000) {
          fs.writeFileSync(jwt, fs.readFileSync(jwt));
          touched = Date.now();
        }
        return undefined;
      },
      30_000,
    );
  });

  it('no seed reached the log channel (every notification of these commands is logged too)', async () => {
    await logContaining(access, /Wrote the credentials of user 'alice'/);
    const seeds = seedsOf(tmp.store);
    assert.ok(seeds.length >= 8, `the keystore holds the seeds (${seeds.length})`);
    assertNoSeed(logText(access), seeds, 'the log');
  });
});
