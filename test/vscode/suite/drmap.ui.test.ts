/**
 * The DR map in its webview: the workspace's stream files by region with their mirrors;
 * a click and the keyboard (Tab, Enter) open a stream's file; the live map of the runner's cluster
 * follows the live view (a stream created shows up without a command) and a click reveals the
 * stream's node in the Connections view. Screenshots in the gallery.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DrMapPanel } from '../../../src/pages/drMapPanel';
import { activateExtension, eventually, sleep, uiDriver } from './helpers';
import * as fs from 'node:fs';
import { TestCluster, connectionChildrenWith, openTestCluster, run, scratchFolder } from './explorerHelpers';

const CONNECTION = 'drmap-cluster';
const ORIGIN = 'DRMAP_ORDERS';
const COPY = 'DRMAP_ORDERS_COPY';
const LATE = 'DRMAP_LATE';

/** The map id of the stream named `name` in the panel's SVG. */
function streamId(panel: DrMapPanel, name: string): string {
  const m = new RegExp(`data-stream="(s\\d+)"[^>]*aria-label="${name}:`).exec(panel.last?.svg ?? '');
  assert.ok(m, `${name} on the map`);
  return m[1];
}

/** Waits until the webview has shown the panel's latest rendering. */
function shownLatest(panel: DrMapPanel): Promise<true> {
  return eventually('the webview to show the latest map', () => (panel.last && panel.shown >= panel.last.count ? true : undefined));
}

function activeFile(): string | undefined {
  return vscode.window.activeTextEditor?.document.uri.path.split('/').pop();
}

describe('DR map: the webview panel', function () {
  this.timeout(120_000);
  let panel: DrMapPanel;
  let cluster: TestCluster | undefined;

  before(async () => {
    const api = await activateExtension();
    assert.ok(api.services.drMap, 'the DR map panel is on the services');
    panel = api.services.drMap;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    panel.webviewPanel?.dispose();
    if (cluster) {
      await run('natsWorkbench.disconnect');
      await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
      for (const name of [COPY, ORIGIN, LATE]) await cluster.jsm.streams.delete(name).catch(() => undefined);
      await cluster.nc.close();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the workspace files by region, with the mirror (not said to cross regions from an unknown cluster), with a strict CSP (gallery view-dr-map-workspace)', async () => {
    const result = await run('natsWorkbench.showDrMap', { source: 'workspace' });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.source, 'workspace');
    const web = panel.webviewPanel;
    assert.ok(web, 'the panel is open');
    assert.equal(web.title, 'DR Map (workspace)');
    const html = web.webview.html;
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[^']+'; img-src 'none'; script-src 'nonce-[^']+';/);
    assert.doesNotMatch(html, /https?:\/\//, 'nothing remote');
    assert.deepEqual(web.webview.options.localResourceRoots, []);
    const svg = panel.last!.svg;
    for (const name of ['ORDERS', 'ORDERS_DR', 'EVENTS', 'CACHE']) assert.match(svg, new RegExp(`aria-label="${name}:`), name);
    assert.match(svg, />west</, 'the region named by placement');
    // ORDERS names no cluster: it is made wherever its client is connected, perhaps in west, so the
    // mirror is drawn as a mirror but not said to cross regions.
    assert.match(svg, /class="edge mirror"/, 'ORDERS_DR mirrors ORDERS');
    assert.doesNotMatch(svg, /class="edge mirror cross"/, 'not said to cross regions from an unknown cluster');
    assert.match(panel.last!.head, /1 region and an unknown cluster · \d+ streams · \d+ cop(y|ies) \(0 across regions\)/);
    await shownLatest(panel);
    const ui = uiDriver();
    if (ui) {
      await ui.gallery('view-dr-map-workspace', 'DR Map of the workspace stream files: regions from placement, "unknown cluster" where it says none, the mirror ORDERS_DR of ORDERS (not said to cross regions: ORDERS names no cluster)', { settleMs: 2500 });
    }
  });

  it('a click on a stream opens its file at the stream', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    const id = streamId(panel, 'ORDERS_DR');
    await ui.webviewClick(`[data-stream="${id}"]`);
    await eventually('orders-dr.stream.json opened', () => (activeFile() === 'orders-dr.stream.json' ? true : undefined));
  });

  it('Tab reaches the streams and Enter opens one', async function () {
    const ui = uiDriver();
    if (!ui) return this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('natsWorkbench.showDrMap', { source: 'workspace' });
    await shownLatest(panel);
    const first = /data-stream="(s\d+)"[^>]*aria-label="([^:"]+):/.exec(panel.last!.svg);
    assert.ok(first);
    await ui.webviewClick('h1');
    // The two source buttons, then the first stream.
    for (let i = 0; i < 3; i++) await ui.press('Tab');
    await ui.press('Enter');
    const opened = await eventually('a stream file opened by Enter', () => activeFile());
    const doc = vscode.window.activeTextEditor!.document.getText();
    assert.ok(doc.includes(`"${first[2]}"`), `Enter opened the file of ${first[2]} (the first stream), not ${opened}`);
  });

  it('the live map follows the live view and a click reveals the stream’s node (gallery view-dr-map-live)', async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    const { jsm, ex } = cluster;
    await eventually('the origin stream created', async () => (await jsm.streams.add({ name: ORIGIN, subjects: ['drmap.orders.>'], num_replicas: 3 })) && true, 30_000);
    await jsm.streams.add({ name: COPY, mirror: { name: ORIGIN }, num_replicas: 1 });
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, connect: true })).ok, true);
    const nodes = await connectionChildrenWith(ex, CONNECTION, [ORIGIN, COPY]);
    const context = (name: string): string | undefined => nodes.find((n) => n.treeItem().label === name)?.treeItem().contextValue;
    assert.equal(context(COPY), 'nats.stream.mirror', 'Promote Mirror’s menu on the mirror');
    assert.equal(context(ORIGIN), 'nats.stream', 'and not on the stream it mirrors');
    const started = Date.now();
    const result = await run('natsWorkbench.showDrMap');
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.source, 'live', 'live by default while a connection is listed');
    await panel.whenReady();
    await shownLatest(panel);
    console.log(`DR map (live, ${panel.last!.streams} streams): map built in ${panel.last!.renderMs} ms, shown by the webview ${Date.now() - started} ms after the command`);
    const svg = panel.last!.svg;
    assert.match(svg, new RegExp(`aria-label="${COPY}: R1 file stream in test-cluster; healthy`));
    assert.match(svg, /class="edge mirror"/, 'the mirror within the region');
    assert.match(svg, />test-cluster-n1</, 'the servers of the cluster');

    await jsm.streams.add({ name: LATE, subjects: ['drmap.late.>'], num_replicas: 1 });
    await eventually('the new stream on the map without a command', () => (panel.last?.svg.includes(`aria-label="${LATE}:`) ? true : undefined), 30_000);
    await shownLatest(panel);

    const ui = uiDriver();
    if (ui) {
      await ui.gallery('view-dr-map-live', 'DR Map of a live 3-node cluster: streams in their leader’s server box, health as the border, the mirror as an arrow', { settleMs: 2500 });
      await ui.webviewClick(`[data-stream="${streamId(panel, COPY)}"]`);
      await eventually('the copy selected in the Connections view', () => (ex.connectionsView.selection.some((n) => 'name' in n && (n as { name: string }).name === COPY) ? true : undefined));
      await sleep(200);
    }
  });

  it('shows 1,000 workspace streams (the time to the webview showing them is logged)', async () => {
    const scratch = scratchFolder('drmap-big');
    try {
      const clusters = ['east', 'central', 'west'];
      const streams = Array.from({ length: 1000 }, (_, i) =>
        i % 4 === 3
          ? { name: `BIG_${i}`, mirror: { name: `BIG_${i - 1}` }, num_replicas: 3, placement: { cluster: clusters[(i + 1) % 3] } }
          : { name: `BIG_${i}`, subjects: [`big.${i}`], num_replicas: 3, placement: { cluster: clusters[i % 3] } },
      );
      const uri = scratch.uri('big.stream.json');
      fs.writeFileSync(uri.fsPath, JSON.stringify(streams, null, 2));
      const api = await activateExtension();
      const analysis = api.services.streamAnalysis!;
      await analysis.scanWorkspace();
      await eventually('the 1,000 streams analysed', () => (analysis.documents().some((d) => d.uri.endsWith('big.stream.json') && d.streams.length === 1000) ? true : undefined), 60_000);
      const started = Date.now();
      const result = await run('natsWorkbench.showDrMap', { source: 'workspace' });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.ok(panel.last!.streams >= 1000);
      assert.ok(panel.last!.edges >= 250);
      await shownLatest(panel);
      console.log(`DR map (workspace, ${panel.last!.streams} streams, ${panel.last!.edges} copies): built in ${panel.last!.renderMs} ms, shown by the webview ${Date.now() - started} ms after the command`);
    } finally {
      scratch.remove();
    }
  });
});
