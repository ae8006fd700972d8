/**
 * Exports and imports in a real extension host: Add Export and Add Import with argument objects,
 * the Exports and Imports groups under the accounts (a private export's import carries its
 * activation token; an import that cannot work is flagged with the reason), Remove Export from the node.
 */
import * as assert from 'node:assert/strict';
import type { TrustTestAccess } from '../../../src/commands/trust';
import * as vscode from 'vscode';
import type { ExportResult, ImportResult } from '../../../src/core/trust';
import { answer, eventually, quickInputShowing, uiDriver } from './helpers';
import { iconId, leaveWorkbenchClean, nodeAt, runNatsCommand as run, shown, TempStore, tooltipText, trustAccess, useTempStore } from './trustHelpers';

describe('trust: exports and imports in the editor', function () {
  let tmp: TempStore;
  let access: TrustTestAccess;
  this.timeout(90_000);

  before(async () => {
    [access, tmp] = [await trustAccess(), await useTempStore()];
    assert.ok(await run('createOperator', { name: 'XO' }));
    assert.ok(await run('addAccount', { operator: 'XO', name: 'SVC' }));
    assert.ok(await run('addAccount', { operator: 'XO', name: 'CLI' }));
  });

  after(async () => {
    await uiDriver()?.press('Escape');
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it('Add Export and Add Import with argument objects: the groups show them, the private one with its activation token', async () => {
    const e = await run<ExportResult>('addExport', { operator: 'XO', account: 'SVC', subject: 'help.*', type: 'service', private: true, responseType: 'Stream' });
    assert.ok(e);
    assert.deepEqual(e.export, { subject: 'help.*', type: 'service', private: true, responseType: 'Stream' });
    const i = await run<ImportResult>('addImport', { operator: 'XO', account: 'CLI', fromAccount: 'SVC', subject: 'help.*', type: 'service', localSubject: 'ask.*' });
    assert.ok(i?.import.token, 'the activation token is embedded');

    const svcNode = await nodeAt(access, ['XO', 'SVC']);
    assert.match(tooltipText(svcNode.item), /Exports: 1/);
    assert.match(tooltipText((await nodeAt(access, ['XO', 'CLI'])).item), /Imports: 1/);
    const svc = await shown(access, svcNode.node);
    assert.deepEqual(svc.filter((c) => c.item.contextValue === 'nats.exports').map((c) => [c.label, c.item.description]), [['Exports', '1']]);
    const exp = await nodeAt(access, ['XO', 'SVC', 'Exports', 'help.*']);
    assert.equal(exp.item.contextValue, 'nats.export');
    assert.equal(exp.item.description, 'service, private, Stream responses');
    assert.match(tooltipText(exp.item), /Private service export of account 'SVC'/);

    const imp = await nodeAt(access, ['XO', 'CLI', 'Imports', 'ask.*']);
    assert.equal(imp.item.contextValue, 'nats.import');
    assert.equal(imp.item.description, "service from SVC, 'help.*' there, activation token");
    assert.equal(iconId(imp.item), 'symbol-method');
    assert.deepEqual(imp.node.target, { operator: 'XO', account: 'CLI', fromAccount: 'SVC', subject: 'help.*', type: 'service' });
  });

  it('Remove Export on the export node (confirmed): the import left behind is flagged as unusable, with the reason', async () => {
    const exp = await nodeAt(access, ['XO', 'SVC', 'Exports', 'help.*']);
    const r = await run<ExportResult>('removeExport', { ...exp.node.target, confirmed: true });
    assert.deepEqual(r?.brokenImports, ['CLI']);
    const groups = await shown(access, (await nodeAt(access, ['XO', 'SVC'])).node);
    assert.equal(groups.some((c) => c.label === 'Exports'), false, 'no Exports group without exports');
    const imp = await nodeAt(access, ['XO', 'CLI', 'Imports', 'ask.*']);
    assert.equal(iconId(imp.item), 'error');
    assert.match(tooltipText(imp.item), /exports no service that contains/);
    assert.equal(iconId((await nodeAt(access, ['XO', 'CLI', 'Imports'])).item), 'error');
  });

  it('through the prompts: Add Import offers the exports of the other accounts, then the local subject with the export\'s as default', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    assert.ok(await run<ExportResult>('addExport', { operator: 'XO', account: 'SVC', subject: 'news.*', type: 'stream', name: 'headlines' }));
    const pending = vscode.commands.executeCommand<ImportResult>('natsWorkbench.addImport', { operator: 'XO', account: 'CLI' });
    const offers = await eventually('the exports offered', async () => {
      const t = (await ui.texts('.quick-input-widget')).join('\n');
      return t.includes('stream of SVC') ? t : undefined;
    });
    assert.match(offers, /news\.\*[^]*stream of SVC[^]*headlines/);
    await ui.gallery('wizard-add-import-exports', 'Add Import: the exports of the other accounts of the operator to choose from');
    await answer(ui, 'The export to import', 'news');
    const prompt = await quickInputShowing(ui, "The subject in account 'CLI'");
    assert.match(prompt, /keep 'news\.\*' for the same/);
    await answer(ui, "The subject in account 'CLI'", 'n.*');
    const r = await pending;
    assert.deepEqual(r?.import, { subject: 'news.*', type: 'stream', account: r?.import.account, localSubject: 'n.*' });
    const imp = await nodeAt(access, ['XO', 'CLI', 'Imports', 'n.*']);
    assert.equal(imp.item.description, "stream from SVC, 'news.*' there");
  });
});
