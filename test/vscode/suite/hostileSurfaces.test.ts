/**
 * Text a cloned repository's author chooses (a stream config, an operator store) reaching the
 * editor's surfaces in a real extension host: hovers, the Workspace Streams and Operators trees,
 * their tooltips, code lenses, diagnostics and the fault tolerance page. Rendered, each shows the
 * text and nothing else: no link a click would follow, no image a hover would load, no icon, no
 * line break, no bidirectional override.
 */
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import { pullMarkdown, pushMarkdown } from '../../../src/commands/trust/clusterReports';
import { activateExtension, eventually } from './helpers';
import { connectionChildrenWith, explorer, openTestCluster, run as runCommand, scratchFolder, show, TestCluster } from './explorerHelpers';
import { leaveWorkbenchClean, nodeAt, runNatsCommand as run, TempStore, tooltipText, trustAccess, useTempStore } from './trustHelpers';

const LINK = '[Run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%5Cn%22%7D)';
const IMAGE = '![x](https://tracker.example/p.png)';
/** A name that tries everything at once: a command link, a remote image, an icon, a new line with a heading, an override, a zero-width space. */
const HOSTILE = `${LINK} ${IMAGE} $(zap) \`\` \u202eNOSJ\u200b\n# Owned`;

const renderer = new MarkdownIt({ html: true, linkify: false });
renderer.validateLink = () => true;

/** The Markdown rendered as VS Code would, checked for anything live. */
function assertInert(markdown: vscode.MarkdownString | string, what: string): void {
  if (typeof markdown !== 'string') {
    assert.notEqual(markdown.isTrusted, true, `${what}: not trusted`);
    assert.notEqual(markdown.supportHtml, true, `${what}: no HTML`);
  }
  const value = typeof markdown === 'string' ? markdown : markdown.value;
  const html = renderer.render(value);
  assert.doesNotMatch(html, /<a[\s>]|<img|<h[1-6]>\s*Owned/, `${what}: nothing live in ${html}`);
  assert.doesNotMatch(value, /[\u202e\u200b]/, `${what}: no override nor zero-width character`);
  // Where theme icons are drawn, `$(zap)` from the file is written `\$(zap)`, also in a code span's stead.
  if (typeof markdown !== 'string' && markdown.supportThemeIcons) assert.doesNotMatch(value.replace(/\\\$\(/g, ''), /\$\(zap\)/, `${what}: no icon`);
}

/** A label or description as the tree draws it: one line, no override, nothing invisible, no longer than a screen. */
function assertPlainLabel(text: string | vscode.TreeItemLabel | undefined, what: string): void {
  const s = typeof text === 'string' ? text : (text?.label ?? '');
  assert.doesNotMatch(s, /[\n\r\u202e\u200b]/, `${what}: ${JSON.stringify(s)}`);
  assert.ok(s.length <= 1000, `${what}: ${s.length} characters`);
}

describe('hostile text in editor surfaces', function () {
  this.timeout(120_000);
  const scratch = scratchFolder('hostile-surfaces');
  let uri: vscode.Uri;

  before(async () => {
    await activateExtension();
    uri = scratch.uri('crafted.stream.json');
    const config = {
      name: HOSTILE,
      subjects: [HOSTILE.replace(/\s/g, '_')],
      num_replicas: 2,
      placement: { cluster: HOSTILE, tags: [HOSTILE] },
      sources: [{ name: HOSTILE, filter_subject: HOSTILE, external: { api: HOSTILE } }],
      description: 'x'.repeat(100_000),
    };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(config, null, 2)));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    scratch.remove();
  });

  it('a crafted stream config\'s hovers are untrusted and show its names as text', async () => {
    const editor = await show(uri);
    const doc = editor.document;
    for (const key of ['"placement"', '"sources"', '"subjects"', '"num_replicas"']) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(doc.getText().indexOf(key) + 2));
      const ours = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string' && /\*\*(placement|sources|subjects|num_replicas)\*\*/.test(c.value));
      assert.ok(ours.length > 0, `a hover on ${key}`);
      for (const c of ours) assertInert(c, `hover on ${key}`);
    }
  });

  it('its code lenses, diagnostics, Workspace Streams row and tooltip stay one plain line', async () => {
    await show(uri);
    const lenses = await eventually('the code lenses', async () => {
      const got = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return got.length ? got : undefined;
    });
    for (const lens of lenses) {
      assertPlainLabel(lens.command?.title, 'lens title');
      assert.doesNotMatch(lens.command?.title ?? '', /(^|[^\\])\$\(zap\)/, 'no icon from the file in a lens title');
    }
    const diagnostics = await eventually('the diagnostics', () => {
      const got = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'NATS');
      return got.length ? got : undefined;
    });
    for (const d of diagnostics) assertPlainLabel(d.message, `diagnostic ${JSON.stringify(d.code)}`);
    const titles: string[] = [];
    for (const d of diagnostics) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      titles.push(...actions.map((x) => x.title));
    }
    assert.ok(titles.some((t) => t.startsWith('Rename to ')), `a quick fix quotes the name: ${titles.join(' | ')}`);
    for (const t of titles) assertPlainLabel(t, 'quick fix title');

    const ex = await explorer();
    const file = await eventually('the crafted file in Workspace Streams', async () => {
      const roots = await ex.workspaceStreamsTree.getChildren();
      return roots.find((r) => 'uri' in r && (r as { uri: vscode.Uri }).uri.toString() === uri.toString());
    });
    const [stream] = await ex.workspaceStreamsTree.getChildren(file);
    const item = ex.workspaceStreamsTree.getTreeItem(stream);
    assertPlainLabel(item.label, 'stream row label');
    assertPlainLabel(item.description as string | undefined, 'stream row description');
    assertInert(item.tooltip as vscode.MarkdownString, 'stream row tooltip');
  });

  it('its fault tolerance page keeps only the extension\'s own links', async () => {
    const page = await vscode.commands.executeCommand<vscode.Uri>('natsWorkbench.streams.explainFaultTolerance', { uri: uri.toString(), stream: 0 });
    assert.ok(page);
    const text = (await vscode.workspace.openTextDocument(page)).getText();
    const html = renderer.render(text);
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length > 0, 'the rule and file links are there');
    for (const href of hrefs) assert.ok(href.startsWith('nats-workbench-rule:') || href === uri.toString(), `only our links: ${href}`);
    assert.doesNotMatch(html, /<img|<h[1-6]>\s*Owned/);
  });

  it('the Push to Cluster and Compare to Cluster pages show crafted account and server names as text', () => {
    const push = pushMarkdown(`Push of ${HOSTILE} to nats://h:4222`, {
      servers: [HOSTILE, 'n2'],
      accounts: [{ name: HOSTILE, publicKey: HOSTILE, changedSincePush: false, replies: [], stored: [HOSTILE], missing: ['n2'], accepted: false, works: false, check: HOSTILE, problems: [{ code: 'corrupt-jwt', severity: 'error', message: HOSTILE }] }],
      ok: false,
    } as Parameters<typeof pushMarkdown>[1]);
    assertInert(push, 'push page');
    const pull = pullMarkdown(HOSTILE, {
      servers: [HOSTILE],
      accounts: [{ publicKey: HOSTILE, name: HOSTILE, status: 'same', servers: [HOSTILE], missingOn: [], serverIssuedAt: [], inconsistent: false, serverJwts: [] }],
      inSync: true,
    });
    assertInert(pull, 'compare page');
  });

  it('a notification quoting a crafted name holds no link for VS Code to make', async () => {
    // VS Code's pattern for a notification's links (their `command:` targets run on a click).
    const link = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
    const shown: string[] = [];
    const window = vscode.window as { showErrorMessage: (message: string, ...rest: unknown[]) => Thenable<unknown> };
    const original = window.showErrorMessage;
    window.showErrorMessage = (message: string) => {
      shown.push(message);
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(await vscode.commands.executeCommand('natsWorkbench.streams.disableRule', { rule: LINK }), false);
    } finally {
      window.showErrorMessage = original;
    }
    assert.equal(shown.length, 1, 'the extension shares this vscode API object: its notification was seen');
    assert.match(shown[0], /is not a stream rule id/);
    assert.doesNotMatch(shown[0], link, shown[0]);
  });

  it('the DR map draws the crafted stream as text and its messages open only what the map shows', async () => {
    const api = await activateExtension();
    const panel = api.services.drMap;
    assert.ok(panel, 'the DR map panel is on the services');
    try {
      assert.equal(((await vscode.commands.executeCommand('natsWorkbench.showDrMap', { source: 'workspace' })) as { ok: boolean }).ok, true);
      const svg = panel.last!.svg;
      assert.match(svg, /aria-label="\[Run\]\(command:/, 'the crafted stream is on the map');
      assert.doesNotMatch(svg.replace(/ data-[\w-]+="[^"]*"/g, ''), /[\u202e\u200b]/, 'shown without override nor zero-width character');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await panel.show('workspace');
      // What the webview's script may post, and what a compromised one could: only ids of the map open anything.
      const received = (m: unknown): Promise<void> => (panel as unknown as { received(m: unknown): Promise<void> }).received(m);
      const before = { drill: panel.lastDrill, count: panel.last!.count };
      for (const m of [null, 'open', 42, { type: 'open' }, { type: 'open', id: uri.fsPath }, { type: 'open', id: uri.toString() }, { type: 'open', id: { toString: () => 's0' } }, { type: 'open', id: 's0"] , [x' }, { type: 'lose', server: 'nowhere' }, { type: 'lose', cluster: 'unknown cluster' }, { type: 'lose', server: { length: 1 } }, { type: 'source', source: 'command:x' }, { type: 'shown', count: '9999' }]) {
        await received(m);
      }
      assert.equal(vscode.window.activeTextEditor, undefined, 'no file opened');
      assert.equal(panel.lastDrill, before.drill, 'no drill ran');
      assert.equal(panel.webviewPanel?.title, 'DR Map (workspace)', 'the source did not change');
      // The one thing that opens: a stream the map drew.
      const id = /data-stream="(s\d+)"/.exec(panel.last!.svg)![1];
      await received({ type: 'open', id });
      await eventually('the stream file opened by its map id', () => vscode.window.activeTextEditor);
    } finally {
      panel.webviewPanel?.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  describe('a server whose stream carries a crafted name and description', function () {
    // nats-server 2.9.10 takes brackets, parentheses, a colon and an override in a stream name.
    const STREAM = 'HOSTILE[Run](command:x)\u202eSRE\u200bDRO';
    const CONNECTION = 'hostile-surfaces';
    let cluster: TestCluster | undefined;

    before(async function () {
      cluster = await openTestCluster();
      if (!cluster) return this.skip();
      const reply = JSON.parse(new TextDecoder().decode((await cluster.nc.request(`$JS.API.STREAM.CREATE.${STREAM}`, JSON.stringify({ name: STREAM, description: HOSTILE, subjects: ['hostile.surfaces.>'], storage: 'memory' }), { timeout: 20_000 })).data)) as { error?: unknown };
      assert.equal(reply.error, undefined, `the server accepts the stream: ${JSON.stringify(reply.error)}`);
      assert.equal((await runCommand('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, connect: true })).ok, true);
    });

    after(async () => {
      if (!cluster) return;
      await cluster.nc.request(`$JS.API.STREAM.DELETE.${STREAM}`, '', { timeout: 10_000 }).catch(() => undefined);
      await runCommand('natsWorkbench.disconnect');
      await runCommand('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
      await cluster.nc.close();
    });

    it('the Connections view shows it on one line in its own order, its tooltip as text', async () => {
      const ex = cluster!.ex;
      const nodes = await connectionChildrenWith(ex, CONNECTION, [STREAM], 30_000);
      const node = nodes.find((n) => n.treeItem().label === STREAM)!;
      const item = ex.connectionsTree.getTreeItem(node);
      assertPlainLabel(item.label, 'stream row label');
      assert.match(String(item.label), /HOSTILE\[Run\]\(command:x\)\\u202eSRE\\u200bDRO/);
      const resolved = ex.connectionsTree.resolveTreeItem(item, node);
      assertInert(resolved.tooltip as vscode.MarkdownString, 'stream tooltip');
    });
  });

  describe('a store whose export carries a crafted name', () => {
    let tmp: TempStore;
    let access: TrustTestAccess;

    before(async () => {
      [access, tmp] = [await trustAccess(), await useTempStore()];
      assert.ok(await run('createOperator', { name: 'HO' }));
      assert.ok(await run('addAccount', { operator: 'HO', name: 'APP' }));
      assert.ok(await run('addExport', { operator: 'HO', account: 'APP', subject: 'evil.>', type: 'stream', name: HOSTILE }));
    });

    after(async () => {
      await tmp?.remove();
      await leaveWorkbenchClean();
    });

    it('the Operators tree shows the name as text in its row and its tooltip', async () => {
      const exp = await nodeAt(access, ['HO', 'APP', 'Exports', 'evil.>']);
      assertPlainLabel(exp.item.description as string | undefined, 'export row description');
      assertInert(exp.item.tooltip as vscode.MarkdownString, 'export tooltip');
      assert.match(tooltipText(exp.item), /Name: \\\[Run\\\]\\\(command:/, 'the name is there, escaped');
    });
  });
});
