/** One peer of a stream's replica group: the leader, or a follower with its state. */
import * as vscode from 'vscode';
import { ReplicaStatus } from '../../core/cluster';
import { md } from '../markdown';
import { CONTEXT, ConnectionsNode } from './node';

const green = new vscode.ThemeColor('testing.iconPassed');
const yellow = new vscode.ThemeColor('list.warningForeground');
const red = new vscode.ThemeColor('list.errorForeground');

/** Icon and words of each replica state. */
export function replicaLook(peer: ReplicaStatus): { icon: vscode.ThemeIcon; text: string } {
  if (peer.leader) return { icon: new vscode.ThemeIcon('star-full', green), text: 'leader' };
  switch (peer.state) {
    case 'current':
      return { icon: new vscode.ThemeIcon('pass', green), text: 'current' };
    case 'lagging':
      return { icon: new vscode.ThemeIcon('history', yellow), text: `lagging${peer.lag ? ` (${peer.lag} behind)` : ''}` };
    case 'not-current':
      return { icon: new vscode.ThemeIcon('error', red), text: 'not current' };
    case 'offline':
      return { icon: new vscode.ThemeIcon('debug-disconnect', red), text: 'offline' };
  }
}

/** `seen 0.8 s ago`, from the time the leader last heard from the peer, so it moves with the clock. */
export function seenText(peer: ReplicaStatus, now = Date.now()): string | undefined {
  const ago = peer.seenAt !== undefined ? Math.max(0, now - peer.seenAt) : peer.seenAgoMs;
  return ago === undefined ? undefined : `seen ${(ago / 1000).toFixed(1)} s ago`;
}

export class ReplicaNode extends ConnectionsNode {
  constructor(
    private readonly streamId: string,
    readonly peer: ReplicaStatus,
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const { icon, text } = replicaLook(this.peer);
    const item = new vscode.TreeItem(this.peer.name, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.streamId}/peer/${this.peer.name}`;
    item.iconPath = icon;
    const seen = seenText(this.peer);
    item.description = [text, seen].filter(Boolean).join(' · ');
    item.contextValue = CONTEXT.replica;
    const tooltip = new vscode.MarkdownString(`**${md(this.peer.name)}**: ${md(text)}`);
    if (this.peer.lag) tooltip.appendMarkdown(`  \n${this.peer.lag} operations behind the leader`);
    if (seen) tooltip.appendMarkdown(`  \nThe leader last heard from it ${md(seen.replace('seen ', ''))}`);
    item.tooltip = tooltip;
    return item;
  }
}
