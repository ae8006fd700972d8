/**
 * The audit in the editor, against the runner's NATS server: the Audit node under the connection
 * (findings by severity, then by asset, each showing its stream and offering Pull Stream Config),
 * NATS: Audit Connection writing its Markdown report (and never replacing one without consent),
 * and the audit rules' pages.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionsNode } from '../../../src/explorer/connections/node';
import { EXTENSION_ID, eventually, testNats, uiDriver } from './helpers';
import { TestCluster, connectionChildrenWith, look, openTestCluster, run, scratchFolder } from './explorerHelpers';

const CONNECTION = 'audit-connection';
const FULL = 'AUDIT_FULL';
/** Made after the first audit: only a refreshed audit finds it. */
const LATER = 'AUDIT_LATER';

describe('audit: the Audit node and NATS: Audit Connection', function () {
  this.timeout(90_000);
  const scratch = testNats() ? scratchFolder('audit') : undefined;
  let cluster: TestCluster | undefined;

  before(async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    await cluster.jsm.streams.add({ name: FULL, subjects: ['audit.full.>'], discard: 'new' as never, max_msgs: 2, max_age: 3600e9 });
    const js = cluster.nc.jetstream({ timeout: 20_000 });
    await js.publish('audit.full.1');
    await js.publish('audit.full.2');
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, connect: true })).ok, true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    await cluster?.jsm.streams.delete(FULL).catch(() => undefined);
    await cluster?.jsm.streams.delete(LATER).catch(() => undefined);
    await cluster?.nc.close();
    scratch?.remove();
  });

  it('the Audit node shows the findings by severity and asset; an asset shows its stream and can be pulled', async () => {
    const { ex } = cluster!;
    const children = await connectionChildrenWith(ex, CONNECTION, ['Audit', FULL]);
    const auditNode = children.find((c) => look(c).label === 'Audit')!;
    assert.equal(look(auditNode).context, 'nats.audit');
    // Expanding it runs the audit; the node redraws with the totals.
    await ex.connectionsTree.getChildren(auditNode);
    await eventually('the audit done', async () => (ex.connectionsTree.audit?.state === 'done' ? true : undefined), 60_000);
    assert.match(look(auditNode).description, /\d+ errors?, \d+ warnings?, \d+ infos? in \d+ streams?/);
    const groups = (await ex.connectionsTree.getChildren(auditNode)) as ConnectionsNode[];
    const warnings = groups.find((g) => look(g).label === 'Warnings');
    assert.ok(warnings, `a Warnings group among ${groups.map((g) => look(g).label).join(', ')}`);
    const assets = (await ex.connectionsTree.getChildren(warnings)) as ConnectionsNode[];
    const asset = assets.find((a) => look(a).label === `Stream ${FULL}`);
    assert.ok(asset, `Stream ${FULL} among ${assets.map((a) => look(a).label).join(', ')}`);
    assert.equal(look(asset).context, 'nats.auditStream');
    assert.match(look(asset).description, /discard-new-near-limit/);
    const item = asset.treeItem();
    assert.deepEqual([item.command?.command, item.command?.arguments], ['natsWorkbench.revealAuditAsset', [{ stream: FULL }]]);
    const findingNodes = (await ex.connectionsTree.getChildren(asset)) as ConnectionsNode[];
    const findings = findingNodes.map(look);
    const ui = uiDriver();
    if (ui) {
      await vscode.commands.executeCommand('workbench.view.extension.nats-workbench');
      assert.equal(await ex.connectionsTree.reveal(findingNodes[0]), true);
      await ui.gallery('view-audit', 'The Audit node of a connection: findings by severity, then by asset (here a stream full to max_msgs with discard new), each opening its stream in the tree', { settleMs: 800 });
    }
    assert.ok(findings.some((f) => f.label === 'discard-new-near-limit' && /holds 2 of max_msgs 2 messages \(100%\) with discard new/.test(f.description)), JSON.stringify(findings));

    // Opening the asset selects its stream in the Connections view.
    await vscode.commands.executeCommand('workbench.view.extension.nats-workbench');
    const shown = await run('natsWorkbench.revealAuditAsset', { stream: FULL });
    assert.deepEqual(shown, { ok: true, shown: true });
    // Pull Stream Config takes the asset node itself (its stream) as the menu passes it.
    const target = scratch!.uri(`${FULL}.stream.json`);
    const pulled = await run('natsWorkbench.pullStreamConfig', Object.assign(Object.create(asset) as object, { file: target.toString(), overwrite: true }));
    assert.equal(pulled.ok, true, JSON.stringify(pulled));
    assert.match(fs.readFileSync(target.fsPath, 'utf8'), new RegExp(`"name": "${FULL}"`));
  });

  it('Refresh on the Audit node (inline, only there) audits again and shows what changed, writing no report', async () => {
    const { ex } = cluster!;
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } }).contributes.menus;
    const inline = menus['view/item/context'].filter((m) => m.command === 'natsWorkbench.refreshAudit');
    assert.ok(inline.some((m) => m.group?.startsWith('inline')), 'an inline action');
    assert.ok(inline.every((m) => /viewItem == nats\.audit$/.test(m.when ?? '')), `shown on the Audit node only: ${JSON.stringify(inline)}`);

    const children = await connectionChildrenWith(ex, CONNECTION, ['Audit']);
    const auditNode = children.find((c) => look(c).label === 'Audit')!;
    await ex.connectionsTree.getChildren(auditNode);
    await eventually('the first audit done', async () => (ex.connectionsTree.audit?.state === 'done' ? true : undefined), 60_000);
    const warningAssets = async (): Promise<string[]> => {
      const groups = (await ex.connectionsTree.getChildren(auditNode)) as ConnectionsNode[];
      const warnings = groups.find((g) => look(g).label === 'Warnings');
      return warnings ? ((await ex.connectionsTree.getChildren(warnings)) as ConnectionsNode[]).map((a) => look(a).label) : [];
    };
    assert.equal((await warningAssets()).includes(`Stream ${LATER}`), false, 'not there before it exists');
    const before = ex.connectionsTree.audit?.at;

    await cluster!.jsm.streams.add({ name: LATER, subjects: ['audit.later.>'], discard: 'new' as never, max_msgs: 1, max_age: 3600e9 });
    await cluster!.nc.jetstream().publish('audit.later.1');
    assert.equal((await warningAssets()).includes(`Stream ${LATER}`), false, 'the tree keeps the last audit until refreshed');
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const files = root ? fs.readdirSync(root) : [];
    // The menu passes the Audit node itself.
    const refreshed = await run('natsWorkbench.refreshAudit', auditNode);
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
    assert.ok(ex.connectionsTree.audit?.at && before && ex.connectionsTree.audit.at > before, 'audited again');
    assert.ok((await warningAssets()).includes(`Stream ${LATER}`), 'the refreshed audit finds the new stream');
    assert.match(look(auditNode).description, /\d+ errors?, \d+ warnings?/);
    if (root) assert.deepEqual(fs.readdirSync(root), files, 'no report written');
  });

  it('NATS: Audit Connection writes the Markdown report, and replaces it only with consent', async () => {
    const target = scratch!.uri('audit-report.md');
    const first = await run('natsWorkbench.auditConnection', { file: target.toString(), open: false });
    assert.equal(first.ok, true, JSON.stringify(first));
    assert.equal(first.file, target.fsPath);
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(text, new RegExp(`^# Audit of ${CONNECTION.replace(/-/g, '\\\\?-')}\\n`));
    assert.match(text, new RegExp(`### Stream ${FULL.replace(/_/g, '\\\\_')}\\n\\n- \`discard-new-near-limit\``));
    fs.writeFileSync(target.fsPath, 'kept');
    const refused = await run('natsWorkbench.auditConnection', { file: target.toString(), open: false, overwrite: false });
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.kind, 'exists');
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'kept', 'nothing replaced without consent');
    const replaced = await run('natsWorkbench.auditConnection', { file: target.toString(), open: false, overwrite: true });
    assert.equal(replaced.ok, true);
    assert.match(fs.readFileSync(target.fsPath, 'utf8'), /^# Audit of /);
  });

  it('each audit rule has its page', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('nats-workbench-rule:/discard-new-near-limit.md'));
    assert.match(doc.getText(), /## Near max_bytes or max_msgs with discard new \(`discard-new-near-limit`\)[\s\S]*found by auditing a connection/);
  });
});
