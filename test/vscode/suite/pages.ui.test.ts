/**
 * The readable pages (a stream's fault tolerance, a rule, a decoded JWT) open rendered in their own
 * webview panel on the first click, whatever the Markdown extension is doing; links between pages
 * work; a second page never takes over the first. Screenshots of each page with the UI driver.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CreateOperatorResult } from '../../../src/core/trust';
import type { ShowDecodedJwtCommandResult } from '../../../src/commands/trust/showDecodedJwt';
import { OPEN_PAGE_COMMAND, OpenPage, PAGE_VIEW_TYPE, PagePanels } from '../../../src/pages/pagePanel';
import { activateExtension, eventually, sleep, uiDriver, workspaceFile } from './helpers';
import { TempStore, useTempStore } from './trustHelpers';

const run = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

function pageTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PAGE_VIEW_TYPE));
}

/** The page panel titled `title`, once it is open and rendered. */
function pageTitled(pages: PagePanels, title: string): Promise<OpenPage> {
  return eventually(`the page panel '${title}'`, () => pages.openPages().find((p) => p.panel.title === title && p.panel.webview.html.includes('</main>')));
}

/** Asserts the page is rendered HTML, not Markdown source. */
async function assertRendered(page: OpenPage, heading: RegExp): Promise<void> {
  const html = page.panel.webview.html;
  assert.match(html, heading);
  assert.match(html, /<table>/, 'tables are rendered');
  assert.doesNotMatch(html, /\|\s*---\s*\|/, 'no raw Markdown table');
  assert.doesNotMatch(html, /^#{1,3} /m, 'no raw Markdown heading');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  await eventually(`a tab titled '${page.panel.title}'`, () => pageTabs().find((t) => t.label === page.panel.title));
}

async function screenshot(page: OpenPage, name: string): Promise<void> {
  const ui = uiDriver();
  if (!ui) return;
  page.panel.reveal(page.panel.viewColumn);
  await sleep(3000); // the webview paints after the panel shows
  const file = await ui.screenshot(name);
  assert.ok(fs.statSync(file).size > 10_000, 'the screenshot has content');
}

/** The page link of `html` whose target contains `contains`, decoded to the URI it opens. */
function pageLink(html: string, contains: string): string {
  const prefix = `command:${OPEN_PAGE_COMMAND}?`;
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (!href.startsWith(prefix)) continue;
    const [target] = JSON.parse(decodeURIComponent(href.slice(prefix.length))) as string[];
    if (target.includes(contains)) return target;
  }
  assert.fail(`no page link to ${contains}`);
}

describe('pages render in their own webview panel', function () {
  this.timeout(60_000);
  let pages: PagePanels;
  let tmp: TempStore | undefined;

  before(async () => {
    pages = (await activateExtension()).services.pages;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await tmp?.remove();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the first click on the summary lens shows the rendered fault-tolerance page beside the file', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'events.stream.json'));
    await vscode.window.showTextDocument(doc, { preview: false });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const summary = lenses.find((l) => l.command?.title.startsWith('R4'));
    assert.ok(summary?.command, lenses.map((l) => l.command?.title).join(' | '));
    await vscode.commands.executeCommand(summary.command.command, ...(summary.command.arguments ?? []));
    const page = await pageTitled(pages, 'EVENTS fault tolerance');
    await assertRendered(page, /<h1>EVENTS: fault tolerance<\/h1>/);
    assert.equal(page.panel.viewColumn, vscode.ViewColumn.Two, 'beside the stream file');
    assert.match(page.panel.webview.html, /<h2>Problems<\/h2>/);
    assert.deepEqual(page.panel.webview.options.enableCommandUris, [OPEN_PAGE_COMMAND], 'the page can run its link command only');
    assert.equal(page.panel.webview.options.enableScripts, false);
    await screenshot(page, 'page-fault-tolerance');
  });

  it('the open page follows edits of its stream file', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'events.stream.json'));
    const page = await pageTitled(pages, 'EVENTS fault tolerance');
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"num_replicas": 4');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"num_replicas": 4'.length)), '"num_replicas": 5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await eventually('the page to show R5', () => (page.panel.webview.html.includes('<strong>R5 · ') ? true : undefined));
    } finally {
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await eventually('the page to show R4 again', () => (page.panel.webview.html.includes('<strong>R4 · ') ? true : undefined));
  });

  it('a problem of the fault-tolerance page links to its rule page, which opens in its own panel', async () => {
    const ft = await pageTitled(pages, 'EVENTS fault tolerance');
    const target = pageLink(ft.panel.webview.html, 'nats-workbench-rule:/replicas-even.md');
    await vscode.commands.executeCommand(OPEN_PAGE_COMMAND, target);
    const rule = await pageTitled(pages, 'Rule replicas-even');
    const html = rule.panel.webview.html;
    assert.match(html, /<h2>Even replica count \(<code>replicas-even<\/code>\)<\/h2>/);
    assert.match(html, /<code>natsWorkbench\.streams\.rules<\/code>/);
    assert.ok(pages.openPages().some((p) => p.panel.title === 'EVENTS fault tolerance'), 'the fault-tolerance page stays open');
    const file = pageLink(ft.panel.webview.html, 'events.stream.json');
    assert.equal(vscode.Uri.parse(file).fsPath, workspaceFile('streams', 'events.stream.json').fsPath, 'the footer links to the stream file');
    await screenshot(rule, 'page-rule');
  });

  it('a click on a link in the page opens the linked page (command links work in the webview)', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    const ft = await pageTitled(pages, 'EVENTS fault tolerance');
    ft.panel.reveal(ft.panel.viewColumn);
    await eventually('the fault-tolerance page in front', () => (ft.panel.active ? true : undefined));
    await sleep(1000);
    await ui.webviewClick('a[title="nats-workbench-rule:/duplicate-window-over-max-age.md"]');
    const rule = await pageTitled(pages, 'Rule duplicate-window-over-max-age');
    await eventually('the rule page in front', () => (rule.panel.active ? true : undefined));
  });

  it('a diagnostic’s code link opens the rule page as a panel, not as Markdown text', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('streams', 'cache.stream.json'));
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    const diagnostic = await eventually('memory-unbounded on CACHE', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'memory-unbounded'),
    );
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    await vscode.commands.executeCommand('vscode.open', code.target);
    const rule = await pageTitled(pages, 'Rule memory-unbounded');
    assert.match(rule.panel.webview.html, /<h2>[^<]*\(<code>memory-unbounded<\/code>\)<\/h2>/);
    await eventually('the text tab to give way to the panel', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'nats-workbench-rule') ? undefined : true,
    );
  });

  it('each decoded JWT opens rendered in a panel of its own, next to the other pages', async () => {
    tmp = await useTempStore();
    const op = await run<CreateOperatorResult>('createOperator', { name: 'PAGES' });
    assert.ok(op);
    const operator = await run<ShowDecodedJwtCommandResult>('showDecodedJwt', { operator: 'PAGES' });
    const system = await run<ShowDecodedJwtCommandResult>('showDecodedJwt', { operator: 'PAGES', account: 'SYS' });
    assert.ok(operator && system);
    const opPage = await pageTitled(pages, 'PAGES (decoded JWT)');
    const sysPage = await pageTitled(pages, 'SYS (decoded JWT)');
    await assertRendered(opPage, /<h1>Operator JWT: PAGES<\/h1>/);
    await assertRendered(sysPage, /<h1>Account JWT: SYS<\/h1>/);
    assert.match(sysPage.panel.webview.html, /<td><code>nats\.signing_keys<\/code><\/td>|<td><code>iss<\/code><\/td>/);
    for (const title of ['EVENTS fault tolerance', 'Rule replicas-even', 'PAGES (decoded JWT)']) {
      assert.ok(pages.openPages().some((p) => p.panel.title === title), `${title} is still open`);
    }
    await run<ShowDecodedJwtCommandResult>('showDecodedJwt', { operator: 'PAGES' });
    assert.equal(pages.openPages().filter((p) => p.panel.title === 'PAGES (decoded JWT)').length, 1, 'showing the same JWT again reuses its panel');
    await screenshot(sysPage, 'page-decoded-jwt');
  });
});
