/**
 * The explorer's live and workspace sections: the Connections view (profiles, the active
 * connection's streams and replicas), the Workspace Streams view, the connection's status-bar item
 * and the live checks that feed the connection's topology into the stream config analysis.
 * Called once from activate() with the stream editor it reads; the Operators view is registered by
 * the trust area.
 *
 * For tests and other extensions, the extension's API (`activate()`'s result) reaches all of it:
 * `api.services.explorer` is this module's `ExplorerApi`, `api.services.connections` the manager.
 */
import * as vscode from 'vscode';
import type { StreamEditor } from '../editor';
import type { Services } from '../services';
import { ConnectionManager, connectionManager } from './connections/connectionManager';
import { LiveChecks } from './connections/liveChecks';
import type { ConnectionsNode } from './connections/node';
import { CONNECTIONS_VIEW, ConnectionsTreeProvider } from './connections/provider';
import { ConnectionStatusBar } from './connections/statusBar';
import { WORKSPACE_STREAMS_VIEW, WorkspaceStreamsTreeProvider } from './workspaceStreams/provider';
import { StreamFilesContext } from './workspaceStreams/streamFilesContext';

export interface ExplorerApi {
  connections: ConnectionManager;
  /** The Connections view's data provider (`getChildren`/`getTreeItem`). */
  connectionsTree: ConnectionsTreeProvider;
  /** The Connections view (to reveal a stream's node). */
  connectionsView: vscode.TreeView<ConnectionsNode>;
  /** The Workspace Streams view's data provider. */
  workspaceStreamsTree: WorkspaceStreamsTreeProvider;
  statusBar: ConnectionStatusBar;
  liveChecks: LiveChecks;
}

declare module '../services' {
  interface Services {
    /** The Connections and Workspace Streams views, the status bar and the live checks. */
    explorer?: ExplorerApi;
  }
}

export function registerExplorer(services: Services, editor: StreamEditor): ExplorerApi {
  const { context, log } = services;
  const connections = connectionManager(services);
  const { analysis } = editor;
  const connectionsTree = new ConnectionsTreeProvider(connections, log);
  const workspaceStreamsTree = new WorkspaceStreamsTreeProvider(analysis);
  const statusBar = new ConnectionStatusBar(connections);
  const liveChecks = new LiveChecks(connections, analysis, log);
  const connectionsView = vscode.window.createTreeView(CONNECTIONS_VIEW, { treeDataProvider: connectionsTree, showCollapseAll: true });
  context.subscriptions.push(
    connectionsTree,
    workspaceStreamsTree,
    statusBar,
    liveChecks,
    new StreamFilesContext(analysis),
    connectionsTree.watchExpansion(connectionsView),
    connectionsView,
    vscode.window.createTreeView(WORKSPACE_STREAMS_VIEW, { treeDataProvider: workspaceStreamsTree, showCollapseAll: true }),
  );
  services.explorer = { connections, connectionsTree, connectionsView, workspaceStreamsTree, statusBar, liveChecks };
  return services.explorer;
}
