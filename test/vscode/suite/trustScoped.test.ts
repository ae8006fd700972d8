/**
 * Scoped signing keys in a real extension host: Add Signing Key with a role, Add User with that
 * signer (by argument object and through the prompts), the role in the Operators view and in the
 * decoded JWT.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import type { ShowDecodedJwtCommandResult } from '../../../src/commands/trust/showDecodedJwt';
import { parseJwt, SigningKeyResult, UserResult } from '../../../src/core/trust';
import { answer, eventually, uiDriver } from './helpers';
import { leaveWorkbenchClean, logContaining, nodeAt, shown, TempStore, tooltipText, trustAccess, useTempStore } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

describe('trust: scoped signing keys in the editor', function () {
  this.timeout(90_000);
  let access: TrustTestAccess;
  let tmp: TempStore;
  let key: SigningKeyResult;

  before(async () => {
    access = await trustAccess();
    tmp = await useTempStore();
    assert.ok(await run('createOperator', { name: 'SCOPED' }));
    assert.ok(await run('addAccount', { operator: 'SCOPED', name: 'APP' }));
  });

  after(async () => {
    await uiDriver()?.press('Escape');
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('Add Signing Key with a role adds a scoped key, shown with its role and template', async () => {
    const r = await run<SigningKeyResult>('addSigningKey', {
      operator: 'SCOPED',
      account: 'APP',
      role: 'reader',
      template: { permissions: { pub: { allow: ['orders.>'] }, sub: { allow: ['orders.>', '_INBOX.>'], deny: ['orders.secret'] } } },
    });
    assert.ok(r);
    key = r;
    const children = await shown(access, (await nodeAt(access, ['SCOPED', 'APP'])).node);
    const sk = children.find((c) => c.node.target.signingKey === r.publicKey);
    assert.ok(sk, 'the key is in the tree');
    assert.equal(sk.item.description, 'role reader');
    const tip = tooltipText(sk.item);
    assert.match(tip, /Scoped signing key of account 'APP'/);
    assert.match(tip, /Role: 'reader': users signed with this key carry no permissions of their own/);
    assert.match(tip, /Publish: only orders\\\.\\>  /);
    assert.match(tip, /Subscribe: only orders\\\.\\>, \\_INBOX\\\.\\> except orders\\\.secret/);
    assert.match(tip, /Replies: only to subjects its publish permissions allow/);
  });

  it('Add User with the role as signer writes a user without permissions, shown with the role’s template', async () => {
    const r = await run<UserResult>('addUser', { operator: 'SCOPED', account: 'APP', name: 'reader1', signWith: 'reader' });
    assert.ok(r);
    assert.equal(r.issuer, key.publicKey);
    const parsed = parseJwt(r.jwt);
    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.jwt.claims.nats).sort(), ['issuer_account', 'type', 'version']);
    const node = await nodeAt(access, ['SCOPED', 'APP', 'reader1']);
    assert.equal(node.item.description, 'role reader');
    const tip = tooltipText(node.item);
    assert.match(tip, /a scoped signing key of account 'APP'/);
    assert.match(tip, /Role: 'reader' of the signing key: its template gives this user's permissions/);
    assert.match(tip, /Publish: only orders\\\.\\>  /);

    const shownDoc = await run<ShowDecodedJwtCommandResult>('showDecodedJwt', node.node);
    assert.ok(shownDoc);
    const text = (await vscode.workspace.openTextDocument(shownDoc.uri)).getText();
    assert.match(text, /signed by a scoped signing key with role 'reader': its template applies \\\(publish: only orders\\\.\\>/);
  });

  it('Add Signing Key refuses a template subject the server would not understand', async () => {
    const r = await run('addSigningKey', { operator: 'SCOPED', account: 'APP', role: 'broken', template: { permissions: { sub: { deny: ['a..b'] } } } });
    assert.equal(r, undefined);
    await logContaining(access, /Add Signing Key: deny-sub 'a\.\.b': token 2 is empty/);
  });

  it('Add User refuses permissions together with a scoped signer, naming the role', async () => {
    const r = await run('addUser', { operator: 'SCOPED', account: 'APP', name: 'bad', signWith: 'reader', permissions: { pub: { allow: ['x'] } } });
    assert.equal(r, undefined);
    await logContaining(access, /Add User: user 'bad' is signed by the scoped signing key with role 'reader'/);
    assert.equal((await shown(access, (await nodeAt(access, ['SCOPED', 'APP'])).node)).some((c) => c.label === 'bad'), false);
  });

  it('through the prompts: Add User offers the signer, and for a role shows its template instead of asking for permissions', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    const pending = vscode.commands.executeCommand<UserResult>('natsWorkbench.addUser', { operator: 'SCOPED', account: 'APP' });
    await answer(ui, 'Name of the new user', 'picked');
    await answer(ui, 'Which key signs the new user?', 'Role reader');
    await eventually('the template in the prompt', async () => ((await ui.texts('.quick-input-widget')).some((t) => t.includes("Use the template of role 'reader'") && t.includes('publish: only orders.>')) ? true : undefined));
    await ui.gallery('wizard-add-user-scoped-template', 'Add User with a scoped signing key: the role’s template instead of permission prompts');
    await answer(ui, "Use the template of role 'reader'", '');
    await answer(ui, 'a duration', '');
    // The summary describes the role's template and names the scoped signer.
    const summary = await eventually('the summary', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes("Create user 'picked'") ? t : undefined;
    });
    await ui.gallery('wizard-add-user-scoped-summary', 'Add User with a scoped signing key: the summary names the role and its template');
    assert.ok(summary.includes('Publish: only orders.>'), summary);
    assert.ok(summary.includes("Signed by: the scoped signing key of role 'reader': its template applies"), summary);
    await ui.press('Enter');
    const r = await pending;
    assert.ok(r, 'the user was created');
    assert.equal(r.issuer, key.publicKey);

    await vscode.commands.executeCommand('natsWorkbench.operators.focus');
    await eventually('the account row in the view', async () => ((await ui.texts('.monaco-list-row')).some((t) => t.startsWith('APP')) ? true : undefined)).catch(async (e: Error) => {
      await ui.screenshot('trust-scoped-no-account-row');
      throw e;
    });
    await ui.click('.monaco-list-row:has-text("APP")');
    const rows = await eventually('the scoped key and users in the view', async () => {
      const texts = await ui.texts('.monaco-list-row');
      return texts.filter((t) => t.includes('role reader')).length >= 3 ? texts : undefined;
    });
    assert.ok(rows.some((t) => t.includes('picked')), rows.join(' | '));
    await ui.gallery('view-operators-scoped', 'Operators view: an account with a scoped signing key (role reader) and the users it signed');
  });
});
