/**
 * The Connections tree: the connection profiles; under the active connection, what the live checks
 * use and its streams (first page as soon as the server answers, the rest as they come, with a
 * cancellable progress notification); under each stream, its replicas.
 *
 * The tree stays live (core `LiveStreams`): JetStream advisories refresh the streams they name, a
 * poll every `natsWorkbench.liveRefreshSeconds` lists them again, and the "seen … ago" of expanded
 * streams' replicas is redrawn every second from the timestamps.
 */
import * as vscode from 'vscode';
import { LiveStreams, displayServers } from '../../core/cluster';
import { ConnectionManager, ActiveConnection, ConnectionChange } from './connectionManager';
import { LIVE_REFRESH_KEY, SECTION, liveRefreshMs } from './connectionSettings';
import { ConnectionNode } from './connectionNode';
import { liveChecksRow, liveChecksText, liveTopology } from './liveChecks';
import { ConnectionsNode } from './node';
import { NoticeNode } from './noticeNode';
import { StreamListModel } from './streamListModel';
import { StreamNode } from './streamNode';
import { AuditModel, AuditNode, auditParent } from './auditNodes';
import { displayItem } from '../displayItem';
import * as notify from '../../notifications';

export const CONNECTIONS_VIEW = 'natsWorkbench.connections';

/** Redraws while pages arrive happen at most this often. */
const REDRAW_MS = 250;

/** How often the relative times of expanded streams' replicas are redrawn. */
const TICK_MS = 1000;

export class ConnectionsTreeProvider implements vscode.TreeDataProvider<ConnectionsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Nodes by profile id, kept so that redrawing one connection names the same object. */
  private readonly nodes = new Map<string, ConnectionNode>();
  private model: StreamListModel | undefined;
  private modelFor: string | undefined;
  private redrawTimer: NodeJS.Timeout | undefined;
  private live: LiveStreams | undefined;
  /** Stream nodes last handed out, by id, and the ids of those expanded (their replicas shown). */
  private readonly streamNodes = new Map<string, StreamNode>();
  private readonly expanded = new Set<string>();
  private readonly ticker: NodeJS.Timeout;
  private readonly configWatch: vscode.Disposable;
  private readonly host = { active: () => this.manager.active, connectionChildren: (node: ConnectionNode) => this.connectionChildren(node) };
  /** The active connection's Audit node (one per connection object, so that it redraws alone). */
  private auditNode: AuditNode | undefined;
  private view: vscode.TreeView<ConnectionsNode> | undefined;

  constructor(
    readonly manager: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = manager.onDidChange((change) => this.managerChanged(change));
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.configWatch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${LIVE_REFRESH_KEY}`) && this.model) this.startLive(this.model);
    });
  }

  dispose(): void {
    this.auditNode?.model.dispose();
    this.stopListing();
    clearTimeout(this.redrawTimer);
    clearInterval(this.ticker);
    this.configWatch.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The listing of the active connection's streams, once started (for tests and the bench). */
  get listing(): StreamListModel | undefined {
    return this.model;
  }

  /** What keeps the listing current (advisories and polling), once the listing is done. */
  get liveStreams(): LiveStreams | undefined {
    return this.live;
  }

  /** The audit of the active connection (made when its Audit node is first shown, or by `auditFor`). */
  get audit(): AuditModel | undefined {
    return this.auditNode?.model;
  }

  /** The audit of `active`'s connection: the one shown, or a new one. */
  auditFor(active: ActiveConnection): AuditNode {
    const connection = active.connection;
    if (!connection) throw new Error(`connection ${active.profile.name} is not open`);
    if (this.auditNode?.model.connection !== connection) {
      this.auditNode?.model.dispose();
      const node: AuditNode = new AuditNode(active.id, new AuditModel(connection, () => this.auditNode === node && this.changed.fire(node)));
      this.auditNode = node;
    }
    return this.auditNode;
  }

  /** Parents, for `reveal`: a stream's and the Audit node's is their connection. */
  getParent(node: ConnectionsNode): ConnectionsNode | undefined {
    if (node instanceof StreamNode || node instanceof AuditNode) return this.nodes.get(node.connectionId);
    return auditParent(node);
  }

  /** Shows a node of the tree (a stream, the Audit node or one of its findings), selected. */
  async reveal(node: ConnectionsNode, options: { expand?: boolean | number } = {}): Promise<boolean> {
    if (!this.view) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: options.expand ?? false });
    return true;
  }

  /** Selects the stream's node of the active connection; false when the tree does not show it. */
  async revealStream(name: string): Promise<boolean> {
    const active = this.manager.active;
    const node = active && this.streamNodes.get(`connection/${active.id}/stream/${name}`);
    return node ? this.reveal(node) : false;
  }

  /** Follows which stream nodes are expanded, so that their replicas' relative times stay current. */
  watchExpansion(view: vscode.TreeView<ConnectionsNode>): vscode.Disposable {
    this.view = view;
    const a = view.onDidExpandElement((e) => e.element instanceof StreamNode && this.expanded.add(e.element.id));
    const b = view.onDidCollapseElement((e) => e.element instanceof StreamNode && this.expanded.delete(e.element.id));
    return vscode.Disposable.from(a, b);
  }

  /** Reads the profiles, the topology and the streams again. */
  refresh(): void {
    this.refreshStreams();
    void this.manager.refreshTopology();
    this.manager.reloadProfiles();
  }

  /** Lists the active connection's streams again (after a change made through it). */
  refreshStreams(): void {
    const active = this.manager.active;
    if (active?.state !== 'connected') return;
    this.startListing(active);
    this.changed.fire(this.nodes.get(active.id));
  }

  getTreeItem(node: ConnectionsNode): vscode.TreeItem {
    return displayItem(node.treeItem());
  }

  resolveTreeItem(item: vscode.TreeItem, node: ConnectionsNode): vscode.TreeItem {
    item.tooltip ??= node.lazyTooltip();
    return item;
  }

  getChildren(node?: ConnectionsNode): ConnectionsNode[] | Promise<ConnectionsNode[]> {
    return node ? node.children() : this.roots();
  }

  /** The node of a stream of the active connection's listing (the one handed out, else a new one with the same id). */
  streamNode(name: string): StreamNode | undefined {
    const active = this.manager.active;
    const summary = active && this.modelFor === active.id ? this.model?.stream(name) : undefined;
    if (!active || !summary) return undefined;
    return this.streamNodes.get(`connection/${active.id}/stream/${name}`) ?? new StreamNode(active.id, summary);
  }

  private async roots(): Promise<ConnectionsNode[]> {
    const { profiles, problems } = await this.manager.profiles();
    const ids = new Set<string>();
    const nodes = profiles.map((profile) => {
      const node = this.nodes.get(`${profile.source}:${profile.name}`) ?? new ConnectionNode(profile, this.host);
      node.profile = profile;
      this.nodes.set(node.id, node);
      ids.add(node.id);
      return node;
    });
    for (const id of [...this.nodes.keys()]) if (!ids.has(id)) this.nodes.delete(id);
    return [...problems.map((p) => new NoticeNode(p.severity === 'error' ? 'error' : 'warning', p.message)), ...nodes];
  }

  private async connectionChildren(node: ConnectionNode): Promise<ConnectionsNode[]> {
    const active = node.active;
    if (!active) return [];
    switch (active.state) {
      case 'connecting':
        return [new NoticeNode('loading', 'Connecting…')];
      case 'disconnected':
      case 'reconnecting':
        return [new NoticeNode('warning', 'Disconnected: reconnecting…', { description: displayServers(active.profile.servers) })];
      case 'closed':
        return [
          new NoticeNode('error', active.failure?.message ?? 'The connection is closed.', {
            command: { command: 'natsWorkbench.connect', title: 'Connect', arguments: [{ name: active.profile.name, source: active.profile.source }] },
          }),
        ];
      case 'connected':
        return this.streamChildren(active);
    }
  }

  private async streamChildren(active: ActiveConnection): Promise<ConnectionsNode[]> {
    const model = this.modelFor === active.id && this.model ? this.model : this.startListing(active);
    await notify.withProgress({ location: { viewId: 'natsWorkbench.connections' } }, () => model.firstPage);
    const topology = liveTopology(active);
    const row = liveChecksRow(topology);
    const out: ConnectionsNode[] = [
      new NoticeNode(topology?.kind === 'unknown' ? 'warning' : 'info', row.label, {
        id: `connection/${active.id}/live`,
        ...(row.description ? { description: row.description } : {}),
        tooltip: [liveChecksText(topology), ...(active.topology?.notes ?? [])].join('\n'),
      }),
    ];
    out.push(this.auditFor(active));
    if (model.state === 'failed') out.push(new NoticeNode('error', `The streams could not be listed: ${model.failure?.message ?? 'unknown error'}`));
    if (model.state === 'cancelled') out.push(new NoticeNode('warning', `Listing cancelled: ${model.streams.length} of ${model.total} streams shown`));
    for (const problem of model.problems) out.push(new NoticeNode('warning', problem));
    this.streamNodes.clear();
    for (const s of model.streams) {
      const node = new StreamNode(active.id, s);
      this.streamNodes.set(node.id, node);
      out.push(node);
    }
    if (model.loading) out.push(new NoticeNode('loading', `Listing streams… ${model.streams.length} of ${model.total}`));
    else if (model.state === 'done' && model.streams.length === 0) {
      out.push(new NoticeNode('info', 'No streams in this account yet', { description: 'apply a stream config file to create one' }));
    }
    return out;
  }

  private managerChanged(change: ConnectionChange): void {
    if (change.kind === 'state') {
      const active = this.manager.active;
      if (!active || active.state === 'closed') this.stopListing();
      else if (active.state !== 'connected') this.pauseLive();
      else if (change.state === 'connected') {
        // Back after a moment away (the same connection, reconnected): the streams shown stay, and
        // the live refresh, whose first poll lists everything, brings them up to date by its rule.
        const model = this.model;
        if (model && this.modelFor === active.id && model.connection === active.connection && model.state === 'done') this.startLive(model);
        else this.startListing(active);
      }
    }
    this.changed.fire(undefined);
  }

  private startListing(active: ActiveConnection): StreamListModel {
    // A Refresh lists everything anew; where a stream is listed but not described, where it was
    // shown before (its servers) still says why it is unavailable.
    const placements = this.modelFor === active.id ? this.model?.placements() : undefined;
    this.stopListing();
    const connection = active.connection;
    if (!connection) throw new Error(`connection ${active.profile.name} is not open`);
    const started = Date.now();
    const model = new StreamListModel(connection, {
      placements,
      onPage: () => this.scheduleRedraw(active.id),
      onEnd: (m) => {
        const took = Date.now() - started;
        if (m.state === 'failed') this.log.error(`Listing the streams of ${active.profile.name} failed: ${m.failure?.message}`);
        else this.log.info(`Streams of ${active.profile.name}: ${m.streams.length} of ${m.total} listed (${m.state}, ${took} ms)`);
        if (this.model === m) {
          this.scheduleRedraw(active.id);
          if (m.state === 'done') this.startLive(m);
        }
      },
      onLiveChange: (m) => this.model === m && this.scheduleRedraw(active.id),
    });
    this.model = model;
    this.modelFor = active.id;
    void model.firstPage.then(() => {
      if (this.model === model && model.loading) this.showProgress(model, active.profile.name);
    });
    return model;
  }

  /** (Re)starts keeping `model` current: advisories and a poll at the setting's interval. */
  private startLive(model: StreamListModel): void {
    this.live?.stop();
    const name = model.connection.profile.name;
    const live = new LiveStreams(model.connection, model, { pollMs: liveRefreshMs(), onNote: (note) => this.log.info(`Streams of ${name}: ${note}`) });
    this.live = live;
    void live.start();
  }

  /** Redraws the replicas of expanded streams, so that "seen … ago" moves with the clock. */
  private tick(): void {
    for (const id of this.expanded) {
      const node = this.streamNodes.get(id);
      if (node?.summary.peers.some((p) => p.seenAt !== undefined)) this.changed.fire(node);
    }
  }

  /** Stops the live refresh while the connection is away; the streams shown stay. */
  private pauseLive(): void {
    this.live?.stop();
    this.live = undefined;
  }

  /** Stops listing and the live refresh, and forgets the streams shown. */
  private stopListing(): void {
    this.pauseLive();
    this.model?.cancel();
    this.model = undefined;
    this.modelFor = undefined;
  }

  /** A notification with a Cancel button while pages after the first are coming. */
  private showProgress(model: StreamListModel, name: string): void {
    void notify.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Listing the streams of ${name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => model.cancel());
        let reported = 0;
        const tick = setInterval(() => {
          const share = model.total ? (model.streams.length / model.total) * 100 : 0;
          progress.report({ message: `${model.streams.length} of ${model.total}`, increment: share - reported });
          reported = share;
        }, REDRAW_MS);
        try {
          await model.done;
        } finally {
          clearInterval(tick);
        }
      },
    );
  }

  private scheduleRedraw(id: string): void {
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      const node = this.nodes.get(id);
      this.changed.fire(node);
    }, REDRAW_MS);
  }
}
