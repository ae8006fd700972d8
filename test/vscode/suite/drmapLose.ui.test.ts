/**
 * "What if I lose this" on the DR map, against the runner's 3-node cluster: a server box's "Lose"
 * button (a click) and the region's (the keyboard: Tab past the streams, Enter) run the failure
 * drill for that server or cluster through NATS: Run Failure Drill, which asks the kind of failure
 * and shows the drill page. The drill over the workspace's stream files: on the connection's
 * cluster, and from the workspace map's region button without a connection (clusters as large as
 * the files ask). Screenshots in the gallery.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DRILL_SCHEME } from '../../../src/commands/cluster/drillPage';
import type { DrMapPanel } from '../../../src/pages/drMapPanel';
import { activateExtension, answer, eventually, quickInputShowing, sleep, testNats, uiDriver } from './helpers';
import { TestCluster, connectionChildrenWith, openTestCluster, run } from './explorerHelpers';

const CONNECTION = 'drmap-lose';
const R3 = 'LOSE_ORDERS';
const R1 = 'LOSE_CACHE';

interface Drill {
  ok: boolean;
  lost: string[];
  mode: string;
  source: string;
  meta: { available: boolean };
  assets: { name: string; available: boolean; data: string }[];
}

function shownLatest(panel: DrMapPanel): Promise<true> {
  return eventually('the webview to show the latest map', () => (panel.last && panel.shown >= panel.last.count ? true : undefined));
}

/** The drill pages open now. */
async function drillPages(): Promise<number> {
  return (await activateExtension()).services.pages.openPages().filter((p) => p.uri.scheme === DRILL_SCHEME).length;
}

describe('DR map: What If I Lose This? from a server or region box', function () {
  this.timeout(120_000);
  let panel: DrMapPanel;
  let cluster: TestCluster | undefined;
  let r1Server = '';

  before(async function () {
    if (testNats()?.kind !== 'cluster' || !uiDriver()) return this.skip();
    const api = await activateExtension();
    assert.ok(api.services.drMap);
    panel = api.services.drMap;
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    const { jsm, ex } = cluster;
    await eventually('the R3 stream created', async () => (await jsm.streams.add({ name: R3, subjects: ['lose.orders.>'], num_replicas: 3 })) && true, 30_000);
    const r1 = await jsm.streams.add({ name: R1, subjects: ['lose.cache.>'], num_replicas: 1, storage: 'memory' as never });
    r1Server = r1.cluster?.leader ?? '';
    assert.ok(r1Server, 'the R1 stream has a leader');
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, monitoringUrl: cluster.monitor, connect: true })).ok, true);
    await connectionChildrenWith(ex, CONNECTION, [R3, R1]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await run('natsWorkbench.showDrMap', { source: 'live' })).ok, true);
    await panel.whenReady();
    await shownLatest(panel);
  });

  after(async () => {
    panel?.webviewPanel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!cluster) return;
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    for (const s of [R3, R1]) await cluster.jsm.streams.delete(s).catch(() => undefined);
    await cluster.nc.close();
  });

  it('a click on a server’s Lose button drills the loss of that server (gallery view-dr-map-lose)', async () => {
    const ui = uiDriver()!;
    const svg = panel.last!.svg;
    for (const n of [1, 2, 3]) assert.match(svg, new RegExp(`data-lose-server="test-cluster-n${n}"`), `a Lose button on test-cluster-n${n}`);
    assert.match(svg, /data-lose-cluster="test-cluster"/, 'and on the region');
    assert.match(panel.webviewPanel!.webview.html, /script-src 'nonce-[^']+';/, 'the strict CSP stays');
    await ui.gallery('view-dr-map-lose', 'DR Map of a live cluster: each server box and the region carry a "Lose" button that runs the failure drill for losing it', { settleMs: 1500 });
    const pagesBefore = await drillPages();
    panel.lastDrill = undefined;
    await ui.webviewClick(`[data-lose-server="${r1Server}"]`);
    await answer(ui, 'What kind of failure?', 'Loss');
    const drill = await eventually('the drill of the server', () => panel.lastDrill as Drill | undefined, 30_000);
    assert.equal(drill.ok, true, JSON.stringify(drill));
    assert.deepEqual(drill.lost, [r1Server]);
    assert.equal(drill.mode, 'loss');
    const r1 = drill.assets.find((a) => a.name === R1);
    const r3 = drill.assets.find((a) => a.name === R3);
    assert.deepEqual([r1?.available, r1?.data], [false, 'lost'], 'the R1 memory stream on the lost server');
    assert.deepEqual([r3?.available, r3?.data], [true, 'intact'], 'the R3 stream keeps a leader');
    assert.equal(await drillPages(), pagesBefore + 1, 'the drill page is shown');
    const page = await eventually('the drill page rendered', async () => (await activateExtension()).services.pages.openPages().find((p) => p.uri.scheme === DRILL_SCHEME && p.panel.webview.html.includes('</main>')));
    assert.match(page.panel.webview.html, new RegExp(`Failure drill: losing ${r1Server}<`));
    assert.match(page.panel.webview.html, new RegExp(`Drilled on:</strong> ${CONNECTION} · <strong>mode</strong> loss`));
    await sleep(1500);
    await ui.gallery('page-dr-map-lose-server', `The failure drill run from the DR map's Lose button on ${r1Server} (loss mode)`);
  });

  it('Tab past the streams reaches the region’s Lose button; Enter drills the loss of the cluster', async () => {
    const ui = uiDriver()!;
    await run('natsWorkbench.showDrMap', { source: 'live' });
    await shownLatest(panel);
    panel.lastDrill = undefined;
    await ui.webviewClick('h1');
    // The two source buttons, every stream, then the region's Lose button.
    for (let i = 0; i < 2 + panel.last!.streams + 1; i++) await ui.press('Tab');
    await ui.press('Enter');
    await answer(ui, 'What kind of failure?', 'Outage');
    const drill = await eventually('the drill of the cluster', () => panel.lastDrill as Drill | undefined, 30_000);
    assert.equal(drill.ok, true, JSON.stringify(drill));
    assert.deepEqual(drill.lost, ['test-cluster-n1', 'test-cluster-n2', 'test-cluster-n3']);
    assert.equal(drill.mode, 'outage');
    assert.equal(drill.meta.available, false, 'the meta group loses its quorum');
    assert.deepEqual(drill.assets.filter((a) => a.name.startsWith('LOSE_')).map((a) => [a.name, a.available, a.data]).sort(), [
      [R1, false, 'lost'],
      [R3, false, 'intact'],
    ]);
  });

  it('Run Failure Drill over the workspace stream files puts them on the connection’s cluster, leaving out what it cannot hold', async () => {
    const result = (await run('natsWorkbench.runFailureDrill', { source: 'files', connection: CONNECTION, clusters: ['test-cluster'], mode: 'loss' })) as unknown as Drill;
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.source, 'files');
    assert.deepEqual(result.lost, ['test-cluster-n1', 'test-cluster-n2', 'test-cluster-n3']);
    const row = (name: string) => result.assets.filter((a) => a.name === name).map((a) => [a.available, a.data]);
    for (const name of ['ORDERS', 'CACHE', 'AUDIT']) assert.deepEqual(row(name), [[false, 'lost']], `${name}: without placement, in the connected server's cluster`);
    assert.deepEqual(row('ORDERS_DR'), [], 'placed in west, which the connection does not have');
    assert.deepEqual(row('EVENTS'), [], 'R4 on a 3-server cluster');
    const page = await eventually('the files drill page', async () => (await activateExtension()).services.pages.openPages().find((p) => p.uri.scheme === DRILL_SCHEME && p.panel.webview.html.includes('workspace stream files on') && p.panel.webview.html.includes('</main>')));
    const html = page.panel.webview.html;
    assert.match(html, /placed in a cluster the connection does not have \(ORDERS\\?_DR \(west\)\)/);
    assert.match(html, /more replicas than the cluster has servers, which the server refuses \(EVENTS \(R4 in test-cluster of 3\)\)/);
    // A short heading; the servers of the lost cluster on their own line.
    assert.match(html, /Failure drill: losing cluster test-cluster</);
    assert.match(html, /Servers lost:<\/strong> test-cluster-n1, test-cluster-n2, test-cluster-n3\./);
  });

  it('without a connection, the workspace map’s region Lose button drills the files on clusters as large as they ask (gallery page-failure-drill-files)', async () => {
    const ui = uiDriver()!;
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.showDrMap', { source: 'workspace' });
    await shownLatest(panel);
    const svg = panel.last!.svg;
    assert.match(svg, /data-lose-cluster="west"/);
    assert.doesNotMatch(svg, /data-lose-server=/, 'no server buttons: the files do not say which servers');
    assert.doesNotMatch(svg, /data-lose-cluster="unknown cluster"/);
    panel.lastDrill = undefined;
    await ui.webviewClick('[data-lose-cluster="west"]');
    await answer(ui, 'What kind of failure?', 'Outage');
    const drill = await eventually('the drill of region west', () => panel.lastDrill as Drill | undefined, 30_000);
    assert.equal(drill.ok, true, JSON.stringify(drill));
    assert.equal(drill.source, 'files');
    assert.deepEqual(drill.lost, ['west-n1', 'west-n2', 'west-n3']);
    const dr = drill.assets.find((a) => a.name === 'ORDERS_DR');
    assert.deepEqual([dr?.available, dr?.data], [false, 'intact'], 'the mirror in west: no leader, its file data back with the servers');
    assert.equal(drill.assets.find((a) => a.name === 'ORDERS')?.available, true);
    assert.equal(drill.meta.available, true, '4 of 7 servers left');
    // The page's panel (by its heading: an earlier drill's page names west too), shown and painted
    // before the screenshot (a webview paints after its panel shows).
    const page = await eventually('the drill page of region west', async () => (await activateExtension()).services.pages.openPages().find((p) => p.uri.scheme === DRILL_SCHEME && p.panel.webview.html.includes('Failure drill: losing cluster west<') && p.panel.webview.html.includes('</main>')), 30_000);
    assert.match(page.panel.webview.html, /Readable from</, 'the column, as the mirror in west is readable from its origin');
    assert.match(page.panel.webview.html, /ORDERS \(origin\)/);
    page.panel.reveal(page.panel.viewColumn);
    await sleep(2500);
    await ui.gallery('page-failure-drill-files', 'The failure drill over the workspace stream files without a connection, losing region west (outage): clusters as large as the files ask, the mirror ORDERS_DR without a leader');
  });

  it('Run Failure Drill from the palette asks live streams or workspace stream files, then offers the files’ clusters', async () => {
    const ui = uiDriver()!;
    const drilling = vscode.commands.executeCommand<{ ok: boolean; cancelled?: boolean }>('natsWorkbench.runFailureDrill');
    await answer(ui, 'Drill over which streams?', 'Workspace');
    await quickInputShowing(ui, 'Which servers or clusters to lose?');
    let shown = '';
    await eventually('the files’ cluster west offered, as large as its largest stream', async () => {
      shown = (await ui.texts('.quick-input-widget')).join('\n');
      return /west-n1, west-n2, west-n3/.test(shown) || undefined;
    }).catch((e: Error) => assert.fail(`${e.message}; the quick pick shows: ${shown}`));
    await ui.press('Escape');
    const result = await drilling;
    assert.deepEqual([result?.ok, result?.cancelled], [false, true]);
  });

  it('a Lose message naming no box of the map runs nothing', async () => {
    panel.lastDrill = undefined;
    assert.equal(await panel.lose({ server: 'nowhere-n9' }), false);
    assert.equal(await panel.lose({ cluster: 'unknown cluster' }), false);
    assert.equal(panel.lastDrill, undefined);
  });
});
