/**
 * Restricted Mode: the workspace (a copy of test/fixtures/restricted-workspace) opens untrusted, and
 * its .vscode/settings.json names a connection of its own ("workspace-conn", a dotted key) and a
 * store inside the repository (nested under "natsWorkbench"). The user settings name another connection (to the runner's server) and another store.
 * Untrusted, the extension lists and connects to the user's connection only, reads and writes the
 * user's store only, and still lints; once the workspace is trusted (through the Workspace Trust
 * editor, as a person would) the workspace's values apply, which shows the first half can fail.
 * Runs only under `run.js --restricted` (npm run test:vscode runs it so); elsewhere it skips.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import { createOperator, paths, storeAt } from '../../../src/core/trust';
import { RESTRICTED_SUITE, TEST_RESTRICTED_ENV } from './env';
import { eventually, testNats, uiDriver, workspaceFile, workspaceRoot } from './helpers';
import { explorer, look, run } from './explorerHelpers';
import { STORE_SETTING, shown, trustAccess } from './trustHelpers';

const CONNECTIONS_SETTING = 'natsWorkbench.connections';
const RULES_SETTING = 'natsWorkbench.streams.rules';
const WORKSPACE_CONNECTION = 'workspace-conn';
const USER_CONNECTION = 'user-conn';
const WORKSPACE_OPERATOR = 'REPO_OP';
const USER_OPERATOR = 'USER_OP';

/** The labels of the Connections view's roots, as the view gets them. */
async function connectionNames(): Promise<string[]> {
  return (await (await explorer()).connectionsTree.getChildren()).map((n) => look(n).label);
}

async function operatorNames(access: TrustTestAccess): Promise<string[]> {
  return (await shown(access)).map((n) => n.label);
}

/** Every file below `dir` (relative paths, sorted). */
function filesBelow(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort() : [];
}

describe(`${RESTRICTED_SUITE}: an untrusted workspace cannot redirect connections or the operator store`, function () {
  this.timeout(90_000);
  let access: TrustTestAccess;
  let userStore: string;
  let repoStore: string;
  let workspaceSettings: string;
  let settingsText: string;

  before(async function () {
    if (!process.env[TEST_RESTRICTED_ENV]) return this.skip();
    const nats = testNats();
    assert.ok(nats, 'the restricted run starts a NATS server (run.js --restricted --nats server)');
    workspaceSettings = path.join(workspaceRoot(), '.vscode/settings.json');
    settingsText = fs.readFileSync(workspaceSettings, 'utf8');
    // The repository's own store, with an operator of its own (keys generated now).
    repoStore = path.join(workspaceRoot(), '.nats-store');
    await createOperator({ store: storeAt(repoStore), name: WORKSPACE_OPERATOR, systemAccount: false, signingKey: false });
    // The user's settings: a connection to the runner's server and a store in the (test) home.
    userStore = path.join(os.homedir(), 'user-store');
    const config = vscode.workspace.getConfiguration();
    await config.update(CONNECTIONS_SETTING, [{ name: USER_CONNECTION, url: nats.url }], vscode.ConfigurationTarget.Global);
    await config.update(STORE_SETTING, '~/user-store', vscode.ConfigurationTarget.Global);
    access = await trustAccess();
  });

  after(async () => {
    if (!process.env[TEST_RESTRICTED_ENV]) return;
    await run('natsWorkbench.disconnect');
  });

  it('opens the workspace untrusted: its other settings apply, its connections and store are not even visible', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is in Restricted Mode');
    const config = vscode.workspace.getConfiguration();
    assert.deepEqual(config.inspect(RULES_SETTING)?.workspaceValue, { 'single-replica': 'error' }, 'VS Code read the workspace settings');
    assert.equal(config.inspect(CONNECTIONS_SETTING)?.workspaceValue, undefined);
    assert.equal(config.inspect(STORE_SETTING)?.workspaceValue, undefined);
    assert.deepEqual(config.get<{ name: string; url: string }[]>(CONNECTIONS_SETTING), [{ name: USER_CONNECTION, url: testNats()!.url }]);
    assert.equal(config.get(STORE_SETTING), '~/user-store');
  });

  it('the Connections view lists and connects to the user’s connection only', async () => {
    const nats = testNats()!;
    const names = await eventually('the user connection in the view', async () => {
      const now = await connectionNames();
      return now.includes(USER_CONNECTION) ? now : undefined;
    });
    assert.deepEqual(names, [USER_CONNECTION]);
    // The workspace names a connection like the user's, at another server: the user's one counts.
    const profile = await (await explorer()).connections.find(USER_CONNECTION, 'settings');
    assert.deepEqual(profile?.servers, nats.url.split(','));
    const ui = uiDriver();
    if (ui) {
      // As a person sees it: the workbench says Restricted Mode, the view shows the user's connection.
      await vscode.commands.executeCommand('workbench.view.extension.nats-workbench');
      await vscode.commands.executeCommand('natsWorkbench.connections.focus');
      const rows = await eventually('the connection row', async () => {
        const texts = await ui.texts('.monaco-list-row');
        return texts.some((t) => t.includes(USER_CONNECTION)) ? texts : undefined;
      });
      assert.ok(!rows.some((t) => t.includes(WORKSPACE_CONNECTION)), `rows: ${rows.join(' | ')}`);
      assert.ok((await ui.texts('.statusbar-item')).some((t) => t.includes('Restricted Mode')), 'the status bar shows Restricted Mode');
    }
    const connected = await run('natsWorkbench.connect', { name: USER_CONNECTION });
    assert.equal(connected.ok, true, JSON.stringify(connected));
    assert.equal(connected.state, 'connected');
    const refused = await run('natsWorkbench.connect', { name: WORKSPACE_CONNECTION });
    assert.equal(refused.ok, false, 'the workspace’s connection is not one the extension knows');
    await run('natsWorkbench.disconnect');
  });

  it('adding, editing and removing a connection write the user settings, never the workspace’s file', async () => {
    const userNames = (): string[] | undefined => vscode.workspace.getConfiguration().inspect<{ name: string }[]>(CONNECTIONS_SETTING)?.globalValue?.map((c) => c.name);
    const added = await run('natsWorkbench.addConnection', { name: 'added-conn', url: 'nats://127.0.0.1:5' });
    assert.equal(added.ok, true, JSON.stringify(added));
    assert.deepEqual(userNames(), [USER_CONNECTION, 'added-conn']);
    assert.equal(fs.readFileSync(workspaceSettings, 'utf8'), settingsText, '.vscode/settings.json is untouched');
    const edited = await run('natsWorkbench.editConnection', { name: 'added-conn', newName: 'edited-conn' });
    assert.equal(edited.ok, true, JSON.stringify(edited));
    assert.deepEqual(userNames(), [USER_CONNECTION, 'edited-conn']);
    assert.equal(fs.readFileSync(workspaceSettings, 'utf8'), settingsText);
    const removed = await run('natsWorkbench.removeConnection', { name: 'edited-conn', confirm: true });
    assert.equal(removed.ok, true, JSON.stringify(removed));
    assert.deepEqual(userNames(), [USER_CONNECTION]);
    assert.equal(fs.readFileSync(workspaceSettings, 'utf8'), settingsText);
  });

  it('the Operators view reads the user’s store and Create Operator writes there, not in the repository', async () => {
    const before = filesBelow(repoStore);
    const created = await vscode.commands.executeCommand<{ operator: { jwtPath: string } }>('natsWorkbench.createOperator', { name: USER_OPERATOR, systemAccount: false, signingKey: false });
    assert.ok(created, 'the command returns its result');
    assert.equal(created.operator.jwtPath, paths.operatorJwt(storeAt(userStore), USER_OPERATOR));
    assert.deepEqual(await eventually('the new operator in the view', async () => {
      const now = await operatorNames(access);
      return now.includes(USER_OPERATOR) ? now : undefined;
    }), [USER_OPERATOR]);
    assert.deepEqual(filesBelow(repoStore), before, 'nothing was written in the repository’s store');
  });

  it('stream configs are still linted, with code lenses, under the workspace’s rule settings (limited support)', async () => {
    const uri = workspaceFile('streams/payments.stream.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const diagnostic = await eventually('the single-replica diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'NATS' && (typeof d.code === 'object' ? d.code.value : d.code) === 'single-replica'),
    );
    // An info by default; the workspace's natsWorkbench.streams.rules makes it an error.
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    assert.ok(lenses.some((l) => /R1/.test(l.command?.title ?? '')), `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('once the workspace is trusted, its connection and store apply', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    const granted = new Promise<void>((resolve) => vscode.workspace.onDidGrantWorkspaceTrust(resolve));
    await vscode.commands.executeCommand('workbench.trust.manage');
    // The Workspace Trust editor's "Trust" button (its other button adds a folder to the trusted list).
    await ui.click('.workspace-trust-editor .workspace-trust-buttons .monaco-button:has-text("Trust")');
    await granted;
    assert.equal(vscode.workspace.isTrusted, true);
    const names = await eventually('the workspace connection in the view', async () => {
      const now = await connectionNames();
      return now.includes(WORKSPACE_CONNECTION) ? now : undefined;
    });
    assert.deepEqual(names, [WORKSPACE_CONNECTION, USER_CONNECTION], 'the workspace’s list replaces the user’s');
    const profile = await (await explorer()).connections.find(USER_CONNECTION, 'settings');
    assert.deepEqual(profile?.servers, ['nats://127.0.0.1:6']);
    // No refresh asked: the views follow the settings VS Code now applies.
    const operators = await eventually('the repository’s operator', async () => {
      const now = await operatorNames(access);
      return now.includes(WORKSPACE_OPERATOR) ? now : undefined;
    });
    assert.deepEqual(operators, [WORKSPACE_OPERATOR]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
