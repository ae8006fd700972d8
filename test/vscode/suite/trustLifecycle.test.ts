/**
 * The lifecycle commands in a real extension host: Edit User and Edit Account (by argument object
 * and through the form), Revoke User, Delete User, and how the Operators view shows the result
 * (revoked users greyed with the time, accounts changed since last push).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import { DeleteResult, EditResult, parseJwt, RevokeUsersResult, UserResult } from '../../../src/core/trust';
import { answer, eventually, uiDriver } from './helpers';
import { leaveWorkbenchClean, nodeAt, shown, TempStore, tooltipText, trustAccess, useTempStore } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);
const natsOf = (jwt: string): Record<string, unknown> => {
  const p = parseJwt(jwt);
  assert.ok(p.ok);
  return p.jwt.claims.nats;
};

describe('trust: edit, revoke and delete in the editor', function () {
  this.timeout(90_000);
  let access: TrustTestAccess;
  let tmp: TempStore;

  before(async () => {
    access = await trustAccess();
    tmp = await useTempStore();
    assert.ok(await run('createOperator', { name: 'LIFE' }));
    assert.ok(await run('addAccount', { operator: 'LIFE', name: 'APP' }));
    assert.ok(await run<UserResult>('addUser', { operator: 'LIFE', account: 'APP', name: 'svc', permissions: { pub: { allow: ['orders.>'] } } }));
  });

  after(async () => {
    await uiDriver()?.press('Escape');
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('Edit User with an argument object re-signs the user; Edit Account marks the account changed since last push', async () => {
    const r = await run<EditResult>('editUser', { operator: 'LIFE', account: 'APP', user: 'svc', edit: { permissions: { 'allow-pub': { add: ['billing.>'] } }, tags: { add: ['team-a'] } } });
    assert.ok(r);
    assert.deepEqual(natsOf(r.jwt).pub, { allow: ['orders.>', 'billing.>'] });
    const a = await run<EditResult>('editAccount', { operator: 'LIFE', account: 'APP', edit: { jetstream: true, limits: { connections: 10 } } });
    assert.ok(a);
    const account = await nodeAt(access, ['LIFE', 'APP']);
    assert.match(String(account.item.description), /changed since last push/);
    assert.match(tooltipText(account.item), /Last push: never from this store; changed here/);
  });

  it('Revoke User greys the user with the revocation time; Delete User removes it', async () => {
    assert.ok(await run<UserResult>('addUser', { operator: 'LIFE', account: 'APP', name: 'leaked' }));
    const r = await run<RevokeUsersResult>('revokeUser', { operator: 'LIFE', account: 'APP', user: 'leaked', confirmed: true });
    assert.ok(r);
    const node = await nodeAt(access, ['LIFE', 'APP', 'leaked']);
    assert.match(String(node.item.description), /^revoked \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    assert.equal(((node.item.iconPath as vscode.ThemeIcon).color as unknown as { id: string } | undefined)?.id, 'disabledForeground');
    const d = await run<DeleteResult>('deleteUser', { operator: 'LIFE', account: 'APP', user: 'leaked', revoke: false, removeCreds: true });
    assert.ok(d);
    assert.equal(d.removed.every((f) => !fs.existsSync(f)), true);
    assert.equal((await shown(access, (await nodeAt(access, ['LIFE', 'APP'])).node)).some((c) => c.label === 'leaked'), false);
  });

  it('through the form: Edit User shows the current values and saves only what was changed', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    const pending = vscode.commands.executeCommand<EditResult>('natsWorkbench.editUser', { operator: 'LIFE', account: 'APP', user: 'svc' });
    const form = await eventually('the form with current values', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes('Save changes') && t.includes('orders.>, billing.>') ? t : undefined;
    });
    assert.match(form, /Tags[\s\S]*team-a/);
    await ui.screenshot('trust-edit-user-form');
    await answer(ui, 'Save changes', 'Payload limit');
    await eventually('the payload prompt', async () => ((await ui.texts('.quick-input-widget')).some((t) => t.includes('Bytes (1MiB, 64K), or unlimited')) ? true : undefined));
    await ui.screenshot('trust-edit-user-payload-prompt');
    for (const ch of '64K') await ui.press(ch);
    await ui.press('Enter');
    await answer(ui, '1 changed', 'Save changes');
    const r = await pending;
    assert.ok(r, 'the user was edited');
    assert.deepEqual(r.changes, ['payload: 65536']);
    assert.equal(natsOf(r.jwt).payload, 65536);
  });

  it('the Operators view shows a revoked user greyed with its time, and the account changed since last push', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    assert.ok(await run<UserResult>('addUser', { operator: 'LIFE', account: 'APP', name: 'revoked-one' }));
    assert.ok(await run<RevokeUsersResult>('revokeUser', { operator: 'LIFE', account: 'APP', user: 'revoked-one', confirmed: true }));
    await vscode.commands.executeCommand('natsWorkbench.operators.focus');
    await eventually('the account row', async () => ((await ui.texts('.monaco-list-row')).some((t) => t.includes('changed since last push')) ? true : undefined));
    await ui.click('.monaco-list-row:has-text("changed since last push")');
    const rows = await eventually('the revoked user row', async () => {
      const texts = await ui.texts('.monaco-list-row');
      return texts.some((t) => t.includes('revoked-one') && t.includes('revoked 2')) ? texts : undefined;
    });
    await ui.screenshot('trust-lifecycle-operators-view');
    assert.ok(rows.some((t) => t.startsWith('APP') && t.includes('changed since last push')), rows.join(' | '));
  });
});
