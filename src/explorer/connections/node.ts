/** What every node of the Connections tree has: its tree item and its children. */
import * as vscode from 'vscode';

/** Context values of the node kinds: they drive the menus (`viewItem == nats.stream`). */
export const CONTEXT = {
  /** A connection from the settings, not active. */
  connection: 'nats.connection',
  connectionActive: 'nats.connection.active',
  /** A connection from the `nats` CLI's contexts, not active. */
  natsContext: 'nats.natsContext',
  natsContextActive: 'nats.natsContext.active',
  stream: 'nats.stream',
  /** A stream that mirrors another (Promote Mirror applies). */
  streamMirror: 'nats.stream.mirror',
  replica: 'nats.replica',
  notice: 'nats.notice',
  /** The Audit node of the active connection, and under it severity groups, assets and findings. */
  audit: 'nats.audit',
  auditGroup: 'nats.auditGroup',
  /** An audited stream, key-value bucket, object store or consumer (its stream can be pulled). */
  auditStream: 'nats.auditStream',
  auditAccount: 'nats.auditAccount',
  auditFinding: 'nats.auditFinding',
} as const;

export abstract class ConnectionsNode {
  abstract treeItem(): vscode.TreeItem;
  children(): ConnectionsNode[] | Promise<ConnectionsNode[]> {
    return [];
  }
  /** A tooltip built only when the item is hovered (`resolveTreeItem`), for nodes that come by thousands. */
  lazyTooltip(): vscode.MarkdownString | undefined {
    return undefined;
  }
}
