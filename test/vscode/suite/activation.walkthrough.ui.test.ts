/**
 * The Getting Started walkthrough as a person sees it (browser launcher only): contributed with its
 * steps, and each step checked off by the real action, not by opening it.
 *
 * This file runs first among the suites that write credentials (hence its name): the workbench
 * creates its walkthrough service when a walkthrough is first opened, and a completion context key
 * that is already set by then never checks its step off in that session.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, eventually, EXTENSION_ID, testNats, UiDriver, uiDriver, workspaceRoot } from './helpers';
import { leaveWorkbenchClean, TempStore, useTempStore } from './trustHelpers';

const WALKTHROUGH = `${EXTENSION_ID}#gettingStarted`;
const STEPS = ['Lint a stream config', 'Write user credentials', 'Connect to a cluster', 'Check streams against the cluster', 'Run an audit'];

/** Whether the walkthrough page shows the step `id` as done. */
async function stepDone(ui: UiDriver, id: string): Promise<boolean> {
  return (await ui.texts(`button.getting-started-step[data-step-id$="${id}"][aria-checked="true"]`)).length > 0;
}

describe('walkthrough: Get Started with NATS Workbench', function () {
  this.timeout(120_000);
  const ui = uiDriver();
  let tmp: TempStore | undefined;

  before(async function () {
    if (!ui) return this.skip(); // launchers without a browser cannot see the page
    await activateExtension();
  });

  after(async () => {
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('opens with its five steps; linting and writing credentials check off their steps', async () => {
    assert.ok(ui);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    const page = await eventually('the walkthrough page with its steps', async () => {
      const text = (await ui.texts('.gettingStartedContainer')).join('\n');
      return text.includes('Get Started with NATS Workbench') && STEPS.every((s) => text.includes(s)) ? text : undefined;
    });
    assert.ok(page.includes('Open Example Stream Config'), 'the first step offers the example');
    await ui.screenshot('walkthrough-getting-started');
    assert.equal(await stepDone(ui, 'lintStreamConfig'), false, 'nothing is done before the action');
    assert.equal(await stepDone(ui, 'writeCredentials'), false, 'nothing is done before the action');

    // The step's own button, as a person clicks it (the workbench sees the command run).
    await ui.click('.gettingStartedContainer .monaco-button:has-text("Lint Stream Configs")');
    await eventually('the Problems panel', async () => ((await ui.texts('.markers-panel-container')).length > 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await eventually('the lint step checked', async () => ((await stepDone(ui, 'lintStreamConfig')) ? true : undefined));
    assert.equal(await stepDone(ui, 'writeCredentials'), false, 'linting does not check off the credentials');

    tmp = await useTempStore();
    await vscode.commands.executeCommand('natsWorkbench.createOperator', { name: 'WALK' });
    await vscode.commands.executeCommand('natsWorkbench.addAccount', { operator: 'WALK', name: 'APP' });
    await vscode.commands.executeCommand('natsWorkbench.addUser', { operator: 'WALK', account: 'APP', name: 'first' });
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    assert.equal(await stepDone(ui, 'writeCredentials'), false, 'making the user alone does not write credentials');
    const r = await vscode.commands.executeCommand<{ path: string }>('natsWorkbench.generateUserCreds', { operator: 'WALK', account: 'APP', user: 'first', folder: tmp.out, gitignore: false });
    assert.ok(r && fs.existsSync(r.path));
    assert.equal(path.dirname(r.path), tmp.out);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await eventually('the credentials step checked', async () => ((await stepDone(ui, 'writeCredentials')) ? true : undefined));
    assert.equal(await stepDone(ui, 'checkAgainstCluster'), false, 'no live check without a connection');
    assert.equal(await stepDone(ui, 'runAudit'), false, 'no audit without a connection');
    await ui.screenshot('walkthrough-two-steps-done');
  });

  it('connecting checks off the connection step, linting while connected the live-check step, auditing the audit step', async function () {
    const nats = testNats();
    if (!ui || !nats) return this.skip(); // needs the launcher's server (--nats server or cluster)
    const run = (command: string, arg?: unknown): Thenable<{ ok: boolean }> => vscode.commands.executeCommand(command, arg);
    assert.equal((await run('natsWorkbench.addConnection', { name: 'walkthrough', url: nats.url, monitoringUrl: nats.monitor, connect: true })).ok, true);
    try {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
      await eventually('the connection step checked', async () => ((await stepDone(ui, 'connect')) ? true : undefined));
      // The live rules need the servers behind the connection: lint until they are known.
      await eventually('the live-check step checked', async () => {
        await vscode.commands.executeCommand('natsWorkbench.streams.lintWorkspace');
        await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
        return (await stepDone(ui, 'checkAgainstCluster')) ? true : undefined;
      }, 30_000);
      assert.equal(await stepDone(ui, 'runAudit'), false, 'connecting and linting do not audit');
      // The step's own button, as a person clicks it: Audit Connection writes its report into the workspace.
      const report = path.join(workspaceRoot(), 'nats-audit-walkthrough.md');
      assert.equal(fs.existsSync(report), false, 'no report before the audit');
      try {
        await ui.click('button.getting-started-step[data-step-id$="runAudit"]');
        await ui.click('.gettingStartedContainer .monaco-button:has-text("Audit Connection")');
        await eventually('the audit report written', async () => (fs.existsSync(report) ? true : undefined), 60_000);
        // The command opens its report after writing it: wait for that editor, or it can cover the
        // walkthrough page reopened below (a hidden editor's page is not in the DOM).
        await eventually('the audit report opened', async () => (vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === report) ? true : undefined), 30_000);
        await eventually('the audit step checked', async () => {
          await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
          return (await stepDone(ui, 'runAudit')) ? true : undefined;
        });
        await ui.screenshot('walkthrough-all-steps-done');
      } finally {
        fs.rmSync(report, { force: true });
      }
    } finally {
      await run('natsWorkbench.disconnect');
      await run('natsWorkbench.removeConnection', { name: 'walkthrough', confirm: true });
    }
  });

  it('Open Example Stream Config opens a stream config the editor analyses', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('natsWorkbench.openExampleStreamConfig');
    assert.ok(uri);
    const codes = await eventually('the example’s findings', () => {
      const found = vscode.languages.getDiagnostics(uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
      return found.length ? found : undefined;
    });
    assert.ok(codes.includes('replicas-even'), `findings: ${codes.join(', ')}`);
    if (ui) await ui.screenshot('walkthrough-example-stream-config');
  });
});
