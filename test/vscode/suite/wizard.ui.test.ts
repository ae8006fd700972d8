/**
 * The multi-step input every wizard uses, driven through the workbench UI (browser launcher only):
 * titles that name what is being made with a step count, Back that keeps the previous answer,
 * validation shown inline, Escape that cancels the whole command.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { AccountResult, parseJwt, paths, SigningKeyResult, UserResult } from '../../../src/core/trust';
import { answer, eventually, quickInputShowing, UiDriver, uiDriver } from './helpers';
import { leaveWorkbenchClean, TempStore, trustAccess, useTempStore } from './trustHelpers';

/** The title line of the quick input, step count included. */
async function titleShowing(ui: UiDriver, expected: string): Promise<void> {
  await eventually(`the quick input titled "${expected}"`, async () => {
    const titles = await ui.texts('.quick-input-widget .quick-input-title');
    return titles.some((t) => t.trim() === expected) ? true : undefined;
  }).catch(async (e: Error) => {
    throw new Error(`${e.message}; shown: ${(await ui.texts('.quick-input-widget .quick-input-title')).join(' | ')}`);
  });
}

async function pressBack(ui: UiDriver): Promise<void> {
  await ui.click('.quick-input-widget .codicon-quick-input-back');
}

describe('wizards: one multi-step input', function () {
  this.timeout(120_000);
  const ui = uiDriver();
  let tmp: TempStore;

  before(async function () {
    if (!ui) return this.skip(); // launchers without a browser cannot drive the UI
    await trustAccess();
    tmp = await useTempStore();
    await vscode.commands.executeCommand('natsWorkbench.createOperator', { name: 'OP' });
    await vscode.commands.executeCommand('natsWorkbench.addAccount', { operator: 'OP', name: 'APP' });
  });

  after(async () => {
    if (ui) await ui.press('Escape');
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('Add User: titled with the account and the step count, Back keeps the answer, the result lands on disk', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<UserResult>('natsWorkbench.addUser');
    // One operator: not asked. Two accounts (SYS, APP): asked first.
    await titleShowing(ui, 'Add User (1/5)');
    await answer(ui, 'Account of operator', 'APP');
    await titleShowing(ui, "Add User to account 'APP' (2/5)");
    await quickInputShowing(ui, 'Name of the new user');
    for (const ch of 'alice') await ui.press(ch);
    await ui.screenshot('wizard-add-user-name-step');
    await ui.press('Enter');
    await titleShowing(ui, "Add User 'alice' to account 'APP' (3/5)");
    await quickInputShowing(ui, 'Permissions of the new user');
    await ui.screenshot('wizard-add-user-permissions-step');
    await pressBack(ui);
    // Back on the name step, with "alice" still in the box: End, add a letter, Enter.
    await titleShowing(ui, "Add User to account 'APP' (2/5)");
    await ui.press('End');
    await answer(ui, 'Name of the new user', '2');
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (3/5)");
    // Restricting adds the four subject lists to the count.
    await answer(ui, 'Restrict subjects', 'Restrict');
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (4/9)");
    await answer(ui, 'Subjects the user may publish to', 'orders.>');
    // A restricted publish list adds the reply question.
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (5/10)");
    await quickInputShowing(ui, 'Subjects the user may not publish to');
    await pressBack(ui);
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (4/9)");
    await answer(ui, 'Subjects the user may publish to', ''); // Enter keeps "orders.>"
    // Inline validation: a bad subject shows the core's message and Enter does not take it.
    await answer(ui, 'Subjects the user may not publish to', 'a..b');
    await quickInputShowing(ui, "deny-pub 'a..b': token 2 is empty");
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (5/10)");
    await ui.screenshot('wizard-add-user-validation');
    for (let i = 0; i < 'a..b'.length; i++) await ui.press('Backspace');
    await ui.press('Enter');
    await answer(ui, 'Subjects the user may subscribe to', '');
    await answer(ui, 'Subjects the user may not subscribe to', '');
    await answer(ui, 'May reply to requests it receives', 'No replies');
    await answer(ui, 'Expiry of the user', '');
    await titleShowing(ui, "Add User 'alice2' to account 'APP' (10/10)");
    const summary = await quickInputShowing(ui, "Create user 'alice2'");
    assert.ok(summary.includes('Publish: only orders.>'), summary);
    await ui.screenshot('wizard-add-user-summary');
    await ui.press('Enter');
    const r = await pending;
    assert.ok(r, 'the user was created');
    const jwtFile = paths.userJwt(tmp.store, 'OP', 'APP', 'alice2');
    assert.ok(fs.existsSync(jwtFile), 'the user JWT is on disk under the name typed after Back');
    assert.ok(!fs.existsSync(paths.userJwt(tmp.store, 'OP', 'APP', 'alice')), 'no user under the first name');
    const parsed = parseJwt(fs.readFileSync(jwtFile, 'utf8').trim());
    assert.ok(parsed.ok);
    assert.deepEqual((parsed.jwt.claims.nats as { pub?: unknown }).pub, { allow: ['orders.>'] }, 'the publish list kept through Back');
  });

  it('Add Account: a taken name is refused inline, Escape cancels the whole wizard and writes nothing', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<AccountResult | undefined>('natsWorkbench.addAccount', { operator: 'OP' });
    await titleShowing(ui, "Add Account to operator 'OP' (1/2)");
    await answer(ui, 'Name of the new account', 'APP');
    await quickInputShowing(ui, "account 'APP' already exists");
    await titleShowing(ui, "Add Account to operator 'OP' (1/2)");
    for (let i = 0; i < 3; i++) await ui.press('Backspace');
    await answer(ui, 'Name of the new account', 'BILLING');
    await titleShowing(ui, "Add Account 'BILLING' to operator 'OP' (2/2)");
    await quickInputShowing(ui, 'JetStream for this account');
    await ui.screenshot('wizard-add-account-jetstream-step');
    await ui.press('Escape');
    assert.equal(await pending, undefined, 'cancelled');
    assert.ok(!fs.existsSync(paths.accountJwt(tmp.store, 'OP', 'BILLING')), 'no account JWT written');
  });

  it('Add Signing Key: Back twice returns to the kind of key with the choice kept, and forward again keeps the role typed', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<SigningKeyResult | undefined>('natsWorkbench.addSigningKey');
    await titleShowing(ui, "Add Signing Key to operator 'OP' (1/2)");
    await answer(ui, 'Whose signing key?', 'Account APP');
    await titleShowing(ui, "Add Signing Key to account 'APP' (2/2)");
    await answer(ui, "Kind of signing key for account 'APP'", 'Scoped');
    await titleShowing(ui, "Add Signing Key to account 'APP' (3/4)");
    await answer(ui, 'The role of the scoped signing key', 'reader');
    await titleShowing(ui, "Add Signing Key to account 'APP' (4/4)");
    await quickInputShowing(ui, "Permissions of users signed with role 'reader'");
    await pressBack(ui);
    await titleShowing(ui, "Add Signing Key to account 'APP' (3/4)");
    await pressBack(ui);
    await titleShowing(ui, "Add Signing Key to account 'APP' (2/2)");
    await ui.screenshot('wizard-add-signing-key-back-to-kind');
    await ui.press('Enter'); // the scoped kind is still the active item
    await titleShowing(ui, "Add Signing Key to account 'APP' (3/4)");
    await answer(ui, 'The role of the scoped signing key', ''); // "reader" is still in the box
    await answer(ui, "Permissions of users signed with role 'reader'", 'any subject');
    const r = await pending;
    assert.ok(r, 'the key was added');
    const parsed = parseJwt(fs.readFileSync(paths.accountJwt(tmp.store, 'OP', 'APP'), 'utf8').trim());
    assert.ok(parsed.ok);
    const keys = (parsed.jwt.claims.nats as { signing_keys?: ({ key: string; role?: string; description?: string } | string)[] }).signing_keys ?? [];
    const scoped = keys.find((k) => typeof k === 'object' && k.key === r.publicKey);
    assert.ok(scoped && typeof scoped === 'object', `the account JWT lists the scoped key: ${JSON.stringify(keys)}`);
    assert.equal(scoped.role, 'reader');
    assert.equal(scoped.description, undefined, 'no description: nats-server 2.9 refuses one in a scope');
  });

  it('Create Operator: three steps titled with the operator being made', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand('natsWorkbench.createOperator');
    await titleShowing(ui, 'Create Operator (1/3)');
    await answer(ui, 'Name of the new operator', 'SECOND');
    await titleShowing(ui, "Create Operator 'SECOND' (2/3)");
    await quickInputShowing(ui, 'System account SYS with user sys');
    await ui.screenshot('wizard-create-operator-system-account-step');
    await ui.press('Enter');
    await answer(ui, 'Without a signing key', 'Without');
    await pending;
    assert.ok(fs.existsSync(paths.operatorJwt(tmp.store, 'SECOND')));
    const claims = parseJwt(fs.readFileSync(paths.operatorJwt(tmp.store, 'SECOND'), 'utf8').trim());
    assert.ok(claims.ok);
    assert.equal((claims.jwt.claims.nats as { signing_keys?: unknown[] }).signing_keys, undefined, 'no operator signing key, as chosen');
    assert.ok(fs.existsSync(paths.accountJwt(tmp.store, 'SECOND', 'SYS')), 'the system account, as by default');
  });

  it('Add Connection: each step titled with the connection, Back through the authentication method', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<{ ok: boolean; name?: string }>('natsWorkbench.addConnection');
    await titleShowing(ui, 'Add Connection (1/4)');
    await answer(ui, 'Name of the connection', 'wizardconn');
    await titleShowing(ui, 'Add Connection "wizardconn" (2/4)');
    await answer(ui, 'Server URLs', '');
    await answer(ui, 'How does wizardconn authenticate?', 'Token');
    await titleShowing(ui, 'Add Connection "wizardconn" (4/5)');
    await quickInputShowing(ui, 'Token');
    await pressBack(ui);
    await titleShowing(ui, 'Add Connection "wizardconn" (3/4)');
    await answer(ui, 'How does wizardconn authenticate?', 'No credentials');
    await titleShowing(ui, 'Add Connection "wizardconn" (4/4)');
    await ui.screenshot('wizard-add-connection-monitoring-step');
    await answer(ui, 'Monitoring URL', '');
    const r = await pending;
    assert.equal(r.ok, true);
    try {
      const entries = vscode.workspace.getConfiguration('natsWorkbench').get<{ name: string; token?: boolean; url?: string }[]>('connections') ?? [];
      const entry = entries.find((e) => e.name === 'wizardconn');
      assert.ok(entry, 'the connection is in the settings');
      assert.equal(entry.url, 'nats://127.0.0.1:4222');
      assert.equal(entry.token, undefined, 'the method chosen after Back replaced the first one');
    } finally {
      await vscode.commands.executeCommand('natsWorkbench.removeConnection', { name: 'wizardconn', confirm: true });
    }
  });

  it('Edit Connection and Push Account: titled with what they change', async () => {
    assert.ok(ui);
    const run = (command: string, arg?: unknown): Thenable<{ ok: boolean }> => vscode.commands.executeCommand(command, arg);
    assert.equal((await run('natsWorkbench.addConnection', { name: 'editme', url: 'nats://127.0.0.1:4222' })).ok, true);
    try {
      const pending = run('natsWorkbench.editConnection', { name: 'editme' });
      await titleShowing(ui, 'Edit Connection "editme" (1/2)');
      await answer(ui, 'Change what of editme?', 'Description');
      await titleShowing(ui, 'Edit Connection "editme" (2/2)');
      await answer(ui, 'Description; empty: none', 'note');
      assert.equal((await pending).ok, true);
      const entries = vscode.workspace.getConfiguration('natsWorkbench').get<{ name: string; description?: string }[]>('connections') ?? [];
      assert.equal(entries.find((e) => e.name === 'editme')?.description, 'note');
    } finally {
      await run('natsWorkbench.removeConnection', { name: 'editme', confirm: true });
    }
    const push = vscode.commands.executeCommand('natsWorkbench.pushAccount', { operator: 'OP', account: 'APP' });
    await titleShowing(ui, "Push Account 'APP' to Server (1/1)");
    await quickInputShowing(ui, 'URL of a server with a full resolver');
    await ui.screenshot('wizard-push-account-url-step');
    await ui.press('Escape');
    assert.equal(await push, undefined, 'Escape cancels the push');
  });
});
