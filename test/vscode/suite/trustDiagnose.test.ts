/**
 * Diagnose Credentials in a real extension host against a real operator-mode server (full
 * resolver) started here: a good user logs in and the page says so; a revoked user is refused by
 * the server and the page says why and what to do, the server's verdict beside the store's; the
 * command on a user of the Operators tree asks whether to try a server and shows the page.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnoseCredentialsCommandResult } from '../../../src/commands/trust/diagnoseCredentials';
import type { GenerateUserCredsCommandResult } from '../../../src/commands/trust/generateUserCreds';
import { CreateOperatorResult, paths, PushAccountResult } from '../../../src/core/trust';
import type { OpenPage } from '../../../src/pages/pagePanel';
import { NatsServer, startOperatorServer } from '../../support/natsServer';
import { activateExtension, answer, eventually, quickInputShowing, uiDriver } from './helpers';
import { assertNoSeed, leaveWorkbenchClean, logContaining, nodeAt, seedsOf, TempStore, trustAccess, useTempStore } from './trustHelpers';
import type { TrustTestAccess } from '../../../src/commands/trust';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

/** The rendered page of a diagnosis, once its panel shows it. */
async function renderedPage(r: DiagnoseCredentialsCommandResult): Promise<OpenPage> {
  const pages = (await activateExtension()).services.pages;
  return eventually('the diagnosis page', () => pages.openPages().find((p) => p.uri.toString() === r.uri.toString() && p.panel.webview.html.includes('</main>')));
}

describe('trust: Diagnose Credentials in the editor', function () {
  this.timeout(90_000);
  let access: TrustTestAccess;
  let tmp: TempStore;
  let server: NatsServer;

  before(async () => {
    access = await trustAccess();
    tmp = await useTempStore();
    const op = await run<CreateOperatorResult>('createOperator', { name: 'DIAG' });
    assert.ok(op?.systemAccount);
    assert.ok(await run('addAccount', { operator: 'DIAG', name: 'APP' }));
    assert.ok(await run('addUser', { operator: 'DIAG', account: 'APP', name: 'good' }));
    assert.ok(await run('addUser', { operator: 'DIAG', account: 'APP', name: 'leaked' }));
    server = await startOperatorServer({
      operatorJwt: op.operator.jwt,
      systemAccount: op.systemAccount.publicKey,
      resolver: 'full',
      preload: { [op.systemAccount.publicKey]: op.systemAccount.jwt },
    });
    assert.ok(await run('revokeUser', { operator: 'DIAG', account: 'APP', user: 'leaked', confirmed: true }));
    const pushed = await run<PushAccountResult>('pushAccount', { operator: 'DIAG', account: 'APP', serverUrl: server.url });
    assert.equal(pushed?.accepted, true, JSON.stringify(pushed?.problems));
  });

  after(async () => {
    await uiDriver()?.press('Escape');
    await server?.stop();
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('a good user logs in: the page says the login works, and the server holds the store\'s account', async () => {
    const r = await run<DiagnoseCredentialsCommandResult>('diagnoseCredentials', { operator: 'DIAG', account: 'APP', user: 'good', serverUrl: server.url });
    assert.ok(r);
    assert.equal(r.diagnosis.ok, true, JSON.stringify(r.diagnosis.reasons));
    assert.deepEqual(r.diagnosis.server, { url: server.url, ok: true, said: 'logged in' });
    assert.equal(r.diagnosis.serverAccount?.state, 'same');
    const page = await renderedPage(r);
    assert.equal(page.panel.title, 'good (diagnosis)');
    assert.match(page.panel.webview.html, /<strong>The login works\.<\/strong>/);
    assert.match(page.panel.webview.html, /the login worked: logged in/);
    assert.doesNotMatch(page.panel.webview.html, /Why, and what to do/);
    assertNoSeed(r.markdown + page.panel.webview.html, seedsOf(tmp.store), 'the diagnosis page');
  });

  it('a revoked user, from its .creds file: the server refuses, and the page says why and what to do beside the store\'s verdict', async () => {
    const creds = await run<GenerateUserCredsCommandResult>('generateUserCreds', { operator: 'DIAG', account: 'APP', user: 'leaked', folder: tmp.out, gitignore: false, overwrite: true });
    assert.ok(creds);
    const r = await run<DiagnoseCredentialsCommandResult>('diagnoseCredentials', { file: creds.path, serverUrl: server.url });
    assert.ok(r);
    assert.equal(r.diagnosis.ok, false);
    assert.deepEqual(
      r.diagnosis.reasons.map((x) => x.code),
      ['user-revoked', 'server-refused'],
    );
    assert.equal(r.diagnosis.server?.said, 'Authorization Violation');
    assert.equal(r.diagnosis.account?.name, 'APP', 'the .creds file was matched to its account in the store');
    const page = await renderedPage(r);
    const html = page.panel.webview.html;
    assert.equal(page.panel.title, 'leaked.creds (diagnosis)');
    assert.match(html, /<strong>The login fails:<\/strong> 2 reasons\./);
    assert.match(html, /<th>The store says<\/th>\s*<th>The server says<\/th>/);
    assert.match(html, /the login would fail: the user is revoked/);
    assert.match(html, /the login failed: Authorization Violation/);
    assert.match(html, /<h3>1\. The user is revoked<\/h3>/);
    assert.match(html, /issue new credentials for a new user, or remove the revocation and push the account/);
    assert.match(html, /<h3>2\. The server refused the login<\/h3>/);
    assertNoSeed(r.markdown + html, seedsOf(tmp.store), 'the diagnosis page');
    await logContaining(access, /Diagnose Credentials: leaked\.creds at nats:\/\/127\.0\.0\.1:\d+: the login fails \(user-revoked, server-refused\)/);
    const ui = uiDriver();
    if (ui) {
      page.panel.reveal(page.panel.viewColumn);
      await ui.gallery('page-trust-diagnose-revoked', 'Diagnose Credentials on a revoked user: the store’s verdict beside the server’s refusal, each reason with what to do', { settleMs: 2500 });
    }
  });

  it('on a user of the Operators tree: asks whether to try a server, then shows the page', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip(); // the question needs the workbench's quick input
    const { node } = await nodeAt(access, ['DIAG', 'APP', 'leaked']);
    const pending = vscode.commands.executeCommand<DiagnoseCredentialsCommandResult>('natsWorkbench.diagnoseCredentials', node);
    await quickInputShowing(ui, 'Also try the credentials on a server?');
    // The title can follow the question by a moment: wait for it rather than read it once.
    await quickInputShowing(ui, "Diagnose Credentials of user 'leaked'");
    await ui.gallery('wizard-diagnose-credentials-server', 'Diagnose Credentials on a user: also try a server (the active connection, another URL) or the store only');
    await answer(ui, 'Also try the credentials on a server?', 'Store Only');
    const r = await pending;
    assert.ok(r);
    assert.equal(r.diagnosis.server, undefined, 'no server asked');
    assert.deepEqual(
      r.diagnosis.reasons.map((x) => x.code),
      ['user-revoked'],
    );
    const page = await renderedPage(r);
    assert.equal(page.panel.title, 'leaked (diagnosis)');
    assert.match(page.panel.webview.html, /not asked \(no server given\)/);
  });

  it('a .creds file that is not one: the page names the problem, nothing else is tried', async () => {
    const file = `${tmp.out}/broken.creds`;
    fs.writeFileSync(file, 'not credentials\n', { mode: 0o600 });
    const r = await run<DiagnoseCredentialsCommandResult>('diagnoseCredentials', { file, serverUrl: server.url });
    assert.ok(r);
    assert.deepEqual(
      r.diagnosis.reasons.map((x) => x.code),
      ['malformed-creds'],
    );
    assert.equal(r.diagnosis.server, undefined);
    assert.match(r.diagnosis.reasons[0].message, /broken\.creds: no "-----BEGIN NATS USER JWT-----" line: this is not a \.creds file/);
    assert.match((await renderedPage(r)).panel.webview.html, /<h3>1\. The file is no readable \.creds file<\/h3>/);
    assert.ok(fs.existsSync(paths.userJwt(tmp.store, 'DIAG', 'APP', 'leaked')));
  });

  it('a .creds file that cannot be read, and a user whose seed is not in the keystore: a clear error, no page', async () => {
    const pages = (await activateExtension()).services.pages;
    const before = pages.openPages().length;
    assert.equal(await run('diagnoseCredentials', { file: `${tmp.out}/nowhere.creds`, serverUrl: '' }), undefined);
    await logContaining(access, /Diagnose Credentials: cannot read .*nowhere\.creds: it does not exist/);
    // A named pipe would hold the extension host until a writer comes: refused at once.
    execFileSync('mkfifo', [`${tmp.out}/pipe.creds`]);
    assert.equal(await run('diagnoseCredentials', { file: `${tmp.out}/pipe.creds`, serverUrl: '' }), undefined);
    await logContaining(access, /Diagnose Credentials: cannot read .*pipe\.creds: not a regular file \(a pipe, device or socket\)/);
    const added = await run<{ publicKey: string }>('addUser', { operator: 'DIAG', account: 'APP', name: 'noseed' });
    assert.ok(added);
    fs.rmSync(paths.seed(tmp.store, added.publicKey));
    assert.equal(await run('diagnoseCredentials', { operator: 'DIAG', account: 'APP', user: 'noseed', serverUrl: '' }), undefined);
    await logContaining(access, /Diagnose Credentials: the seed of user 'noseed' of account 'APP' \(U[A-Z2-7]+\) is not in the keystore/);
    assert.equal(pages.openPages().length, before, 'no page for a diagnosis that could not be made');
  });
});
