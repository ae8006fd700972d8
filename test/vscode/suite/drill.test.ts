/**
 * The failure drill in the editor, against the runner's 3-node cluster: NATS: Run Failure Drill with
 * an argument object shows one page (prediction per stream, the meta group), and "What If I Lose
 * This?" on a replica node of the Connections view drills the loss of that server, on a stream
 * node the loss of its cluster (the kind of failure picked in the quick pick). Screenshot of the page in the gallery.
 */
import * as assert from 'node:assert/strict';
import type { JetStreamManager } from 'nats';
import * as vscode from 'vscode';
import { DRILL_SCHEME } from '../../../src/commands/cluster/drillPage';
import type { ExplorerApi } from '../../../src/explorer';
import { activateExtension, eventually, sleep, testNats, uiDriver } from './helpers';
import { TestCluster, connectionChildrenWith, look, openTestCluster, run } from './explorerHelpers';

const CONNECTION = 'drill';
const R3 = 'DRILL_ORDERS';
const R1 = 'DRILL_CACHE';

interface DrillAsset {
  kind: string;
  name: string;
  available: boolean;
  data: string;
  copies: string[];
}

describe('failure drill: Run Failure Drill and What If I Lose This? on the live cluster', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;
  let ex: ExplorerApi;
  let jsm: JetStreamManager;
  let r1Server = '';

  before(async function () {
    if (!testNats() || testNats()?.kind !== 'cluster') return this.skip();
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    ({ ex, jsm } = cluster);
    await jsm.streams.add({ name: R3, subjects: ['drill.orders.>'], num_replicas: 3 });
    const r1 = await jsm.streams.add({ name: R1, subjects: ['drill.cache.>'], num_replicas: 1, storage: 'memory' as never });
    r1Server = r1.cluster?.leader ?? '';
    assert.ok(r1Server, 'the R1 stream has a leader');
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, monitoringUrl: cluster.monitor })).ok, true);
    assert.equal((await run('natsWorkbench.connect', { name: CONNECTION })).ok, true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!cluster) return;
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    for (const s of [R3, R1]) await jsm.streams.delete(s).catch(() => undefined);
    await cluster.nc.close();
  });

  it('Run Failure Drill (losing the R1 stream’s server, loss mode) shows one page: R1 unavailable and lost, R3 keeps a leader', async () => {
    const result = await run('natsWorkbench.runFailureDrill', { connection: CONNECTION, servers: [r1Server], mode: 'loss' });
    assert.equal(result.ok, true, JSON.stringify(result));
    const assets = result.assets as DrillAsset[];
    const r1 = assets.find((a) => a.name === R1);
    const r3 = assets.find((a) => a.name === R3);
    assert.deepEqual([r1?.available, r1?.data], [false, 'lost']);
    assert.deepEqual([r3?.available, r3?.data], [true, 'intact']);
    assert.deepEqual(result.meta, { available: true });
    const api = await activateExtension();
    const page = await eventually('the drill page', () => api.services.pages.openPages().find((p) => p.uri.scheme === DRILL_SCHEME && p.panel.webview.html.includes('</main>')));
    const html = page.panel.webview.html;
    // The heading says what is lost; the connection and the mode come next, named as such.
    assert.match(html, new RegExp(`Failure drill: losing ${r1Server}<`));
    assert.match(html, /<strong>Drilled on:<\/strong> drill · <strong>mode<\/strong> loss: the servers and their disks are gone\./);
    assert.match(html, /<table>/);
    assert.doesNotMatch(html, /Readable from/, 'no column where no copy is readable elsewhere');
    assert.match(html, new RegExp(`${R1.replace('_', '\\\\?_')}`));
    assert.match(html, /Meta group keeps its quorum/);
    assert.match(html, /no replica remains: data lost/);
    const ui = uiDriver();
    if (ui) {
      page.panel.reveal(page.panel.viewColumn);
      await sleep(2500); // the webview paints after the panel shows
      await ui.gallery('page-failure-drill', 'Failure drill: losing the server of an R1 memory stream (loss mode) — the R1 stream is unavailable and its data lost, the R3 stream keeps a leader, the meta group keeps its quorum');
    }
  });

  it('What If I Lose This? on a replica node drills the loss of that server, asking outage or loss', async () => {
    const streams = await connectionChildrenWith(ex, CONNECTION, [R3]);
    const node = streams.find((n) => look(n).label === R3);
    assert.ok(node);
    const replicas = await node.children();
    const replica = replicas.find((r) => look(r).label === r1Server);
    assert.ok(replica, `a replica node on ${r1Server}: ${replicas.map((r) => look(r).label).join(', ')}`);
    assert.equal(look(replica).context, 'nats.replica');
    let settled = false;
    const drilling = vscode.commands.executeCommand<{ ok: boolean; lost: string[]; mode: string; assets: DrillAsset[] }>('natsWorkbench.drillLoseThis', replica);
    void Promise.resolve(drilling).finally(() => (settled = true));
    for (let i = 0; i < 150 && !settled; i++) {
      await sleep(100);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // the first kind: outage
    }
    const result = await drilling;
    assert.equal(result?.ok, true, JSON.stringify(result));
    assert.deepEqual(result.lost, [r1Server]);
    assert.equal(result.mode, 'outage');
    const r1 = result.assets.find((a) => a.name === R1);
    assert.deepEqual([r1?.available, r1?.data], [false, 'lost'], 'memory with its only replica down is lost even in an outage');
  });

  it('What If I Lose This? on a stream node drills the loss of its cluster: nothing stays available, the meta group loses its quorum', async () => {
    const streams = await connectionChildrenWith(ex, CONNECTION, [R3]);
    const node = streams.find((n) => look(n).label === R3);
    assert.ok(node);
    assert.equal(look(node).context, 'nats.stream');
    let settled = false;
    const drilling = vscode.commands.executeCommand<{ ok: boolean; lost: string[]; meta: { available: boolean }; assets: DrillAsset[] }>('natsWorkbench.drillLoseThis', node);
    void Promise.resolve(drilling).finally(() => (settled = true));
    for (let i = 0; i < 150 && !settled; i++) {
      await sleep(100);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await drilling;
    assert.equal(result?.ok, true, JSON.stringify(result));
    assert.equal(result.lost.length, 3, 'every server of the cluster');
    assert.equal(result.meta.available, false);
    assert.deepEqual(result.assets.filter((a) => a.name.startsWith('DRILL_')).map((a) => [a.name, a.available, a.data]).sort(), [
      [R1, false, 'lost'],
      [R3, false, 'intact'],
    ]);
  });

  it('names an unknown server and what there is, without a page', async () => {
    const before = (await activateExtension()).services.pages.openPages().length;
    const result = await run('natsWorkbench.runFailureDrill', { connection: CONNECTION, servers: ['nowhere-n9'], mode: 'outage' });
    assert.equal(result.ok, false);
    assert.match(JSON.stringify(result.error), /no server 'nowhere-n9'/);
    assert.equal((await activateExtension()).services.pages.openPages().length, before);
  });
});
