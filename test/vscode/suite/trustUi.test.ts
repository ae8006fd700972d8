/**
 * The trust commands as a person uses them, through the workbench UI (browser launcher only):
 * the welcome view's button, the prompts of Add User, and Generate User Credentials invoked on a
 * folder of the Explorer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import type { GenerateUserCredsCommandResult } from '../../../src/commands/trust/generateUserCreds';
import { gitignoreHas, parseJwt, paths, UserResult } from '../../../src/core/trust';
import { answer, eventually, uiDriver, workspaceRoot } from './helpers';
import { iconId, mode, nodeAt, shown, TempStore, trustAccess, useTempStore, leaveWorkbenchClean } from './trustHelpers';


describe('trust: through the workbench UI', function () {
  this.timeout(90_000);
  const ui = uiDriver();
  let access: TrustTestAccess;
  let tmp: TempStore;

  before(async function () {
    if (!ui) return this.skip(); // launchers without a browser cannot drive the UI
    access = await trustAccess();
    tmp = await useTempStore();
  });

  after(async () => {
    if (ui) await ui.press('Escape');
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('the welcome view’s Create Operator button asks for a name and creates the operator', async () => {
    assert.ok(ui);
    await vscode.commands.executeCommand('natsWorkbench.operators.focus');
    await eventually('the welcome view', async () => ((await ui.texts('.welcome-view-content')).some((t) => t.includes('Create Operator')) ? true : undefined));
    await ui.gallery('view-operators-welcome', 'Operators view of an empty store: the welcome view offers Create Operator');
    await ui.click('.welcome-view-content .monaco-button:has-text("Create Operator")');
    await answer(ui, 'Name of the new operator', 'CLICKED');
    await answer(ui, "System account of operator 'CLICKED'", ''); // the defaults: SYS with user sys,
    await answer(ui, "Signing key of operator 'CLICKED'", ''); // and an operator signing key
    const op = await eventually('the operator in the tree', async () => (await shown(access)).find((n) => n.label === 'CLICKED'));
    assert.equal(op.item.contextValue, 'nats.operator');
    assert.ok(fs.existsSync(paths.operatorJwt(tmp.store, 'CLICKED')));
    const rows = await eventually('the operator row in the view', async () => {
      const texts = await ui.texts('.monaco-list-row');
      return texts.some((t) => t.includes('CLICKED')) ? texts : undefined;
    });
    assert.ok(rows.some((t) => t.includes('SYS')), `the system account is listed: ${rows.join(' | ')}`);
    await ui.gallery('view-operators', 'Operators view: the operator created from the welcome view, with its system account');
  });

  it('Add User prompts for what its arguments leave open: name, permissions (an empty list stated once), replies, expiry, then a summary', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<UserResult>('natsWorkbench.addUser', { operator: 'CLICKED', account: 'SYS' });
    await answer(ui, 'Name of the new user', 'typed');
    await answer(ui, 'Restrict subjects', 'Restrict');
    await eventually('the publish allow prompt', async () => ((await ui.texts('.quick-input-widget')).some((t) => t.includes('Subjects the user may publish to, no others. Empty: any subject')) ? true : undefined));
    await ui.gallery('wizard-add-user-publish-allow', 'Add User: the publish allow list, what an empty answer means stated once');
    await answer(ui, 'Subjects the user may publish to', 'orders.>, billing.*');
    // A bad subject: the box shows the core's message and Enter does not take it.
    await answer(ui, 'Subjects the user may not publish to, even when allowed. Empty: no exceptions', 'orders..x');
    await eventually('the validation message', async () => ((await ui.texts('.quick-input-widget')).some((t) => t.includes("deny-pub 'orders..x': token 2 is empty")) ? true : undefined));
    for (let i = 0; i < 'orders..x'.length; i++) await ui.press('Backspace');
    await answer(ui, 'Subjects the user may not publish to', '');
    await answer(ui, 'Subjects the user may subscribe to, no others, each with an optional queue group. Empty: any subject', 'orders.> workers');
    await answer(ui, 'Subjects the user may not subscribe to', 'orders.secret');
    // Publishing is restricted: replying to requests is asked, not granted silently.
    await eventually('the reply question', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes('May reply to requests it receives (1 reply each, within 2 minutes)') && t.includes('No replies') ? true : undefined;
    });
    await ui.gallery('wizard-add-user-replies', 'Add User: publishing is restricted, so replying to requests is asked');
    await answer(ui, 'May reply to requests it receives', 'No replies');
    await answer(ui, 'a duration', '30d');
    const summary = await eventually('the summary', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes("Create user 'typed'") && t.includes('Signed by') ? t : undefined;
    });
    await ui.gallery('wizard-add-user-summary', 'Add User: the summary of what the user may do, before anything is written');
    for (const line of [
      "Add User 'typed' to account 'SYS'",
      'Publish: only orders.>, billing.*',
      'Subscribe: only orders.> (queue group workers) except orders.secret',
      'Replies: only to subjects its publish permissions allow',
      'Signed by: ',
    ]) {
      assert.ok(summary.includes(line), `the summary says "${line}": ${summary}`);
    }
    assert.match(summary, /Expires: \d{4}-\d\d-\d\dT/);
    await ui.press('Enter'); // "Create user" is the first item
    const r = await pending;
    assert.ok(r, 'the user was created');
    const parsed = parseJwt(r.jwt);
    assert.ok(parsed.ok);
    const nats = parsed.jwt.claims.nats as { pub?: unknown; sub?: unknown; resp?: unknown };
    assert.deepEqual(nats.pub, { allow: ['orders.>', 'billing.*'] });
    assert.deepEqual(nats.sub, { allow: ['orders.> workers'], deny: ['orders.secret'] });
    assert.equal(nats.resp, undefined, 'declining replies leaves resp out');
    const days = ((parsed.jwt.claims.exp ?? 0) * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in 30 days (${days})`);
    const node = await nodeAt(access, ['CLICKED', 'SYS', 'typed']);
    assert.equal(iconId(node.item), 'warning', 'expiring within natsWorkbench.expiryWarningDays (30) is flagged');
  });

  it('Add User: accepting replies shows them in the summary; Cancel there writes nothing', async () => {
    assert.ok(ui);
    const pending = vscode.commands.executeCommand<UserResult>('natsWorkbench.addUser', { operator: 'CLICKED', account: 'SYS' });
    await answer(ui, 'Name of the new user', 'replier');
    await answer(ui, 'Restrict subjects', 'Restrict');
    await answer(ui, 'Subjects the user may publish to', '');
    await answer(ui, 'Subjects the user may not publish to', 'admin.>');
    await answer(ui, 'Subjects the user may subscribe to', '');
    await answer(ui, 'Subjects the user may not subscribe to', '');
    await answer(ui, 'May reply to requests it receives', 'May reply');
    await answer(ui, 'a duration', '');
    const summary = await eventually('the summary', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes("Create user 'replier'") ? t : undefined;
    });
    assert.ok(summary.includes('Publish: any subject except admin.>'), summary);
    assert.ok(summary.includes('Replies: may reply to each request it receives (1 reply each, within 2 minutes), even outside its publish permissions'), summary);
    assert.ok(summary.includes('Expires: never'), summary);
    await answer(ui, 'Cancel', 'Cancel');
    assert.equal(await pending, undefined, 'cancelled');
    assert.ok(!fs.existsSync(paths.userJwt(tmp.store, 'CLICKED', 'SYS', 'replier')), 'no user JWT written');
  });

  it('Generate User Credentials on an Explorer folder writes the creds there and offers the .gitignore entry', async () => {
    assert.ok(ui);
    const folder = vscode.Uri.file(tmp.out);
    await vscode.commands.executeCommand('notifications.clearAll'); // the center renders only the newest few
    const pending = vscode.commands.executeCommand<GenerateUserCredsCommandResult>('natsWorkbench.generateUserCreds', folder, [folder]);
    await answer(ui, 'CLICKED / SYS', 'typed'); // two users (sys, typed): it asks which one
    const r = await pending;
    assert.ok(r);
    assert.equal(r.path, path.join(tmp.out, 'typed.creds'));
    assert.equal(mode(r.path), 0o600);
    const gitignore = path.join(workspaceRoot(), '.gitignore');
    const before = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined;
    if (gitignoreHas(workspaceRoot(), '*.creds')) return assert.equal(r.gitignore, 'present');
    assert.equal(r.gitignore, 'offered');
    // This workbench (test mode) puts notifications in the notification center, not in toasts.
    await vscode.commands.executeCommand('notifications.showList');
    await eventually('the .gitignore offer', async () => ((await ui.texts('.notifications-center')).some((t) => t.includes('Add *.creds to the .gitignore')) ? true : undefined));
    await ui.click('.notifications-center .monaco-button:has-text("Not Now")');
    await vscode.commands.executeCommand('notifications.hideList');
    assert.equal(fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined, before, 'declining leaves the .gitignore alone');
  });
});
