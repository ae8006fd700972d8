/**
 * The Connections and Workspace Streams views, walked through the extension's tree data providers
 * against the real 3-node cluster the runner started: connections added by command, streams with
 * replicas, leader and health, replicas below them, the status bar, a screenshot of the view, and a
 * server that goes away and comes back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JetStreamManager, connect } from 'nats';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer';
import { Cluster, NatsServer, freePort, startCluster, startServer } from '../../support/natsServer';
import { eventually, testNats, uiDriver, workspaceFile } from './helpers';
import { TestCluster, connectionChildrenWith, connectionNode, explorer, look, openTestCluster, run } from './explorerHelpers';

const CONNECTION = 'explorer-cluster';
const STREAMS = { replicated: 'EXPLORER_R3', single: 'EXPLORER_R1' };

describe('explorer: the Connections view against a real cluster', function () {
  this.timeout(90_000);
  let cluster: TestCluster | undefined;
  let ex: ExplorerApi;
  let jsm: JetStreamManager;

  before(async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    ({ ex, jsm } = cluster);
    await jsm.streams.add({ name: STREAMS.replicated, subjects: ['explorer.r3.>'], num_replicas: 3 });
    await jsm.streams.add({ name: STREAMS.single, subjects: ['explorer.r1.>'], num_replicas: 1 });
    const js = cluster.nc.jetstream();
    for (let i = 0; i < 5; i++) await js.publish('explorer.r3.x', `m${i}`);
  });

  after(async () => {
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
    for (const name of Object.values(STREAMS)) await jsm?.streams.delete(name).catch(() => undefined);
    await cluster?.nc.close();
  });

  it('adds a connection by command; it shows in the tree, not yet connected', async () => {
    const added = await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster!.url, monitoringUrl: cluster!.monitor });
    assert.equal(added.ok, true, JSON.stringify(added));
    const node = await eventually('the new connection node', async () => (await ex.connectionsTree.getChildren()).find((n) => look(n).label === CONNECTION));
    assert.equal(look(node).context, 'nats.connection');
    assert.deepEqual(await ex.connectionsTree.getChildren(node), [], 'no children before connecting');
    const again = await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster!.url });
    assert.equal(again.ok, false);
    assert.equal(again.error?.kind, 'exists');
  });

  it('connects; the node, its menus and the status bar say so', async () => {
    const result = await run('natsWorkbench.connect', { name: CONNECTION });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.state, 'connected');
    const node = look(await connectionNode(ex, CONNECTION));
    assert.equal(node.context, 'nats.connection.active');
    assert.match(node.description, /^connected to test-cluster-n\d/);
    assert.match(ex.statusBar.item.text, new RegExp(`NATS: ${CONNECTION}$`));
    assert.equal(ex.statusBar.item.command, 'natsWorkbench.connect');
  });

  it('lists the streams with replicas, storage, leader, health, messages and bytes', async () => {
    await run('natsWorkbench.refreshConnections');
    // The first line says what the live checks use, once the topology has been read.
    const children = await eventually('the live checks line', async () => {
      const nodes = await connectionChildrenWith(ex, CONNECTION, Object.values(STREAMS));
      return look(nodes[0]).label.startsWith('Live checks:') ? nodes : undefined;
    });
    // A short row; the whole sentence in its tooltip.
    assert.equal(look(children[0]).label, 'Live checks: 3 servers');
    assert.equal(look(children[0]).description, 'cluster test-cluster');
    assert.match(String(children[0].treeItem().tooltip), /^Live checks against cluster test-cluster \(3 JetStream servers\); placement not checked: the monitoring endpoint describes only/);
    // The nodes come from the extension's bundle: their classes are not this module's.
    const r3 = children.find((c) => look(c).label === STREAMS.replicated)!;
    const item = look(r3);
    assert.match(item.description, /^R3 file · leader test-cluster-n\d · 5 msgs · \d+ bytes$/);
    assert.equal(item.context, 'nats.stream');
    assert.equal(r3.treeItem().collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const tooltip = ex.connectionsTree.resolveTreeItem(r3.treeItem(), r3).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /\| Subjects \| explorer\\\.r3\\\.\\>/);
    const r1 = look(children.find((c) => look(c).label === STREAMS.single)!);
    assert.match(r1.description, /^R1 file · leader test-cluster-n\d · 0 msgs · 0 bytes$/);
  });

  it('shows a stream’s replicas below it: the leader and current followers, healthy', async () => {
    const replicas = await eventually('three current replicas', async () => {
      await run('natsWorkbench.refreshConnections');
      const children = await connectionChildrenWith(ex, CONNECTION, [STREAMS.replicated]);
      const r3 = children.find((c) => look(c).label === STREAMS.replicated)!;
      const peers = (await ex.connectionsTree.getChildren(r3)).map(look);
      return look(r3).icon === 'database' && peers.length === 3 && peers.every((p) => /leader|current/.test(p.description)) ? peers : undefined;
    });
    assert.equal(replicas.filter((p) => p.description.startsWith('leader')).length, 1);
    assert.deepEqual(replicas.map((p) => p.icon).sort(), ['pass', 'pass', 'star-full']);
    assert.ok(replicas.every((p) => p.context === 'nats.replica'));
  });

  it('shows the view with the connection’s streams (gallery view-connections)', async function () {
    const ui = uiDriver();
    if (!ui) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.view.extension.nats-workbench');
    await vscode.commands.executeCommand('natsWorkbench.connections.focus');
    const rows = await eventually('the stream rows', async () => {
      const texts = await ui!.texts('.monaco-list-row');
      return texts.some((t) => t.includes(STREAMS.replicated)) && texts.some((t) => t.includes(CONNECTION)) ? texts : undefined;
    });
    assert.ok(rows.some((t) => /R3 file · leader/.test(t)), `rows: ${rows.join(' | ')}`);
    assert.ok(rows.some((t) => t.startsWith('Live checks: 3 servers')), `the short live checks row: ${rows.join(' | ')}`);
    // For the gallery: a wider sidebar, and the replicated stream opened to show its replicas.
    await ui!.click(`.monaco-list-row:has-text("${STREAMS.replicated}")`);
    for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await eventually('the replica rows', async () => ((await ui!.texts('.monaco-list-row')).some((t) => /^test-cluster-n\d/.test(t)) ? true : undefined));
    const file = await ui!.gallery('view-connections', 'Connections view connected to a 3-node cluster: live checks, streams with replicas, leader, messages and bytes, a stream’s replicas; the status bar');
    for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
    assert.ok(fs.statSync(file).size > 10_000);
  });

  it('disconnects: streams and live checks go, the node is idle again', async () => {
    assert.equal((await run('natsWorkbench.disconnect')).ok, true);
    const node = await connectionNode(ex, CONNECTION);
    assert.equal(look(node).context, 'nats.connection');
    assert.deepEqual(await ex.connectionsTree.getChildren(node), []);
    assert.equal(ex.liveChecks.topology, undefined);
    assert.equal(ex.statusBar.item.text, '$(plug) NATS');
  });
});

describe('explorer: failures', function () {
  this.timeout(90_000);
  let server: NatsServer | undefined;
  let ex: ExplorerApi;

  before(async () => {
    ex = await explorer();
  });

  after(async () => {
    await run('natsWorkbench.disconnect');
    for (const name of ['flaky', 'nowhere']) await run('natsWorkbench.removeConnection', { name, confirm: true });
    await server?.stop();
  });

  it('an unreachable URL gives a clear message and leaves no active connection', async () => {
    const port = await freePort();
    assert.equal((await run('natsWorkbench.addConnection', { name: 'nowhere', url: `nats://127.0.0.1:${port}` })).ok, true);
    const result = await run('natsWorkbench.connect', { name: 'nowhere' });
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'unreachable');
    assert.match(result.error?.message ?? '', new RegExp(`Cannot reach nats://127.0.0.1:${port} \\(connection "nowhere"\\): connection refused`));
    assert.equal(ex.connections.active, undefined);
    await uiDriver()?.gallery('error-unreachable', 'Connecting to a URL where no server listens: the message names the URL, the connection and the cause', { notifications: true });
  });

  it('a server that goes away shows as disconnected within 5 s and reconnects when it returns, its streams kept', async () => {
    server = await startServer({ name: 'flaky' });
    const setup = await connect({ servers: server.url });
    await (await setup.jetstreamManager()).streams.add({ name: 'FLAKY', subjects: ['flaky.>'] });
    await setup.close();
    assert.equal((await run('natsWorkbench.addConnection', { name: 'flaky', url: server.url, monitoringUrl: server.monitorUrl, connect: true })).ok, true);
    assert.equal(ex.connections.active?.state, 'connected');
    await connectionChildrenWith(ex, 'flaky', ['FLAKY']);
    const listing = ex.connectionsTree.listing;
    const live = await eventually('the live checks on the standalone server', () => (ex.liveChecks.topology?.kind === 'standalone' ? true : undefined));
    assert.ok(live);

    await server.kill();
    const killedAt = Date.now();
    await eventually('the connection to show as disconnected', () => (ex.connections.active?.state === 'disconnected' || ex.connections.active?.state === 'reconnecting' ? true : undefined), 5000);
    assert.ok(Date.now() - killedAt < 5000);
    assert.match(ex.statusBar.item.text, /NATS: flaky \(reconnecting\)/);
    const node = look(await connectionNode(ex, 'flaky'));
    assert.equal(node.description, 'disconnected, reconnecting…');
    const children = (await ex.connectionsTree.getChildren(await connectionNode(ex, 'flaky'))).map(look);
    assert.deepEqual(children.map((c) => c.label), ['Disconnected: reconnecting…']);
    assert.equal(ex.liveChecks.topology?.kind, 'unknown', 'no live checks against a server that is gone');

    await server.start();
    await eventually('the connection to come back', () => (ex.connections.active?.state === 'connected' ? true : undefined), 20_000);
    assert.match(ex.statusBar.item.text, /NATS: flaky$/);
    await eventually('the live checks to resume', () => (ex.liveChecks.topology?.kind === 'standalone' ? true : undefined));
    // Back: the streams shown before stay (no new listing), and the live refresh runs again.
    await connectionChildrenWith(ex, 'flaky', ['FLAKY']);
    assert.equal(ex.connectionsTree.listing, listing, 'the same stream list, kept across the reconnect');
    await eventually('the live refresh running again', () => (ex.connectionsTree.liveStreams?.polls ? true : undefined), 15_000);
  });
});

describe('explorer: user and password connections', function () {
  this.timeout(90_000);
  let server: NatsServer | undefined;

  after(async () => {
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: 'with-password', confirm: true });
    await server?.stop();
  });

  const entry = (): Record<string, unknown> | undefined =>
    vscode.workspace.getConfiguration('natsWorkbench').get<Record<string, unknown>[]>('connections', []).find((e) => e.name === 'with-password');

  it('keeps the password in the secret storage, refuses a wrong one clearly, and edits it', async () => {
    const ex = await explorer();
    server = await startServer({ name: 'auth', extraConfig: 'authorization { user: "app", password: "right-pass" }' });
    assert.equal((await run('natsWorkbench.addConnection', { name: 'with-password', url: server.url, user: 'app', password: 'wrong-pass' })).ok, true);
    assert.deepEqual(entry(), { name: 'with-password', url: server.url, user: 'app' }, 'no password in the settings');

    const refused = await run('natsWorkbench.connect', { name: 'with-password' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.kind, 'auth');
    assert.match(refused.error?.message ?? '', /refused the login \(authorization violation\) with user "app" with a password\..*The stored password was forgotten/);
    const state = (): string | undefined => ex.connections.active?.state;
    assert.equal(state(), undefined);

    assert.equal((await run('natsWorkbench.connect', { name: 'with-password', secret: 'right-pass' })).ok, true);
    const edited = await run('natsWorkbench.editConnection', { name: 'with-password', user: 'app', password: 'right-pass', description: 'the app user' });
    assert.equal(edited.ok, true, JSON.stringify(edited));
    assert.deepEqual(entry(), { name: 'with-password', url: server.url, user: 'app', description: 'the app user' });
    assert.equal(state(), 'connected', 'the edited active connection reconnected');
    await run('natsWorkbench.disconnect');
    const again = await run('natsWorkbench.connect', { name: 'with-password' });
    assert.equal(again.ok, true, `the stored password is used: ${JSON.stringify(again)}`);

    assert.equal((await run('natsWorkbench.removeConnection', { name: 'with-password', confirm: true })).ok, true);
    assert.equal(entry(), undefined);
    assert.equal(state(), undefined, 'removing the active connection disconnects it');
  });
});

describe('explorer: replica health when cluster nodes die', function () {
  this.timeout(180_000);
  let cluster: Cluster | undefined;
  let ex: ExplorerApi;

  before(async () => {
    ex = await explorer();
  });

  after(async () => {
    await run('natsWorkbench.disconnect');
    await run('natsWorkbench.removeConnection', { name: 'health', confirm: true });
    await cluster?.stop();
  });

  /** The HEALTH stream's node and its replicas, as the tree shows them after a fresh listing. */
  async function healthStream(): Promise<{ stream: ReturnType<typeof look>; peers: ReturnType<typeof look>[] }> {
    await run('natsWorkbench.refreshConnections');
    const children = await ex.connectionsTree.getChildren(await connectionNode(ex, 'health'));
    const node = children.find((c) => look(c).label === 'HEALTH');
    assert.ok(node, `HEALTH among ${children.map((c) => look(c).label).join(', ')}`);
    return { stream: look(node), peers: (await ex.connectionsTree.getChildren(node)).map(look) };
  }

  it('shows a dead replica as not current, then the stream without a leader', async () => {
    cluster = await startCluster({ name: 'health' });
    const nc = await connect({ servers: cluster.urls });
    const jsm = await nc.jetstreamManager();
    // Right after the cluster forms, the meta leader may not know every peer yet (10005): retry.
    await eventually('the R3 stream to be created', async () => (await jsm.streams.add({ name: 'HEALTH', subjects: ['health.>'], num_replicas: 3 })) && true, 30_000);
    await nc.close();
    assert.equal((await run('natsWorkbench.addConnection', { name: 'health', url: cluster.url, connect: true })).ok, true);
    const healthy = await eventually('a healthy R3 stream', async () => {
      const h = await healthStream();
      return h.stream.icon === 'database' && h.peers.length === 3 ? h : undefined;
    });
    const leader = healthy.peers.find((p) => p.icon === 'star-full')!.label;
    const connectedTo = ex.connections.active?.server;
    // Kill the nodes the connection is not attached to, a follower first.
    const victims = cluster.servers.filter((s) => s.name !== connectedTo).sort((a, b) => Number(a.name === leader) - Number(b.name === leader));

    await victims[0].kill();
    const degraded = await eventually(
      `${victims[0].name} shown as not current`,
      async () => {
        const h = await healthStream();
        const dead = h.peers.find((p) => p.label === victims[0].name);
        return h.stream.icon === 'warning' && dead?.icon === 'error' && dead.description.startsWith('not current') ? h : undefined;
      },
      60_000,
    );
    assert.match(degraded.stream.description, /^R3 file · degraded: survives no further failure · leader /, 'still led by a live node');

    await victims[1].kill();
    const leaderless = await eventually(
      'the stream shown without a leader',
      async () => {
        const h = await healthStream();
        return h.stream.icon === 'error' && h.stream.description.includes('no leader') ? h : undefined;
      },
      90_000,
    );
    assert.ok(leaderless.peers.every((p) => p.icon === 'error'), `replicas: ${leaderless.peers.map((p) => `${p.label} ${p.description}`).join('; ')}`);
  });
});

describe('explorer: the nats CLI contexts', function () {
  this.timeout(60_000);
  const home = process.env.XDG_CONFIG_HOME;
  const file = home ? path.join(home, 'nats', 'context', 'cli-context.json') : '';

  after(async () => {
    await run('natsWorkbench.disconnect');
    await vscode.workspace.getConfiguration('natsWorkbench').update('includeNatsContexts', undefined, vscode.ConfigurationTarget.Global);
    if (file) fs.rmSync(file, { force: true });
  });

  it('lists them as connections (unless turned off), connects to one and opens its file to edit it', async function () {
    const nats = testNats();
    if (!home || !nats) this.skip();
    const ex = await explorer();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ description: 'from the nats CLI', url: nats!.url }));
    await run('natsWorkbench.refreshConnections');
    const node = await connectionNode(ex, 'cli-context');
    assert.equal(look(node).context, 'nats.natsContext');
    assert.match(look(node).description, /^nats context · nats:\/\//);
    assert.equal((await run('natsWorkbench.connect', { name: 'cli-context', source: 'nats-context' })).ok, true);
    assert.equal(look(await connectionNode(ex, 'cli-context')).context, 'nats.natsContext.active');
    const edit = await run('natsWorkbench.editConnection', { name: 'cli-context' });
    assert.equal(edit.opened, file);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    const remove = await run('natsWorkbench.removeConnection', { name: 'cli-context', confirm: true });
    assert.equal(remove.ok, false, 'a context is the nats CLI’s to remove');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await run('natsWorkbench.disconnect');

    await vscode.workspace.getConfiguration('natsWorkbench').update('includeNatsContexts', false, vscode.ConfigurationTarget.Global);
    await eventually('the context to leave the tree', async () => ((await ex.connectionsTree.getChildren()).every((n) => look(n).label !== 'cli-context') ? true : undefined));
  });
});

describe('explorer: the Workspace Streams view', () => {
  it('lists the workspace’s stream config files with each stream’s summary, opening the file at the stream', async () => {
    const ex = await explorer();
    const orders = workspaceFile('streams', 'orders.stream.json');
    const files = await eventually('the stream config files', async () => {
      const roots = await ex.workspaceStreamsTree.getChildren();
      return roots.some((n) => look(n).label === 'orders.stream.json') ? roots : undefined;
    });
    const file = files.find((n) => look(n).label === 'orders.stream.json')!;
    assert.equal(look(file).context, 'nats.streamFile');
    assert.match(look(file).description, /^streams · 1 stream/);
    const [stream] = await ex.workspaceStreamsTree.getChildren(file);
    const item = stream.treeItem();
    assert.equal(look(stream).label, 'ORDERS');
    assert.equal(look(stream).context, 'nats.workspaceStream');
    assert.match(look(stream).description, /^R3 · file/);
    assert.equal(item.command?.command, 'vscode.open');
    assert.equal((item.command?.arguments?.[0] as vscode.Uri).toString(), orders.toString());
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), orders.toString());
    assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /"name": "ORDERS"/);
    const ui = uiDriver();
    if (ui) {
      await vscode.commands.executeCommand('natsWorkbench.workspaceStreams.focus');
      await eventually('the Workspace Streams rows', async () => ((await ui.texts('.monaco-list-row')).some((t) => t.includes('.stream.json')) ? true : undefined));
      await ui.gallery('view-workspace-streams', 'Workspace Streams view: each stream config file of the workspace with its streams and their fault tolerance');
    }
  });
});
