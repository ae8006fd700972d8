/** What every node of the Workspace Streams tree has: its tree item and its children. */
import * as vscode from 'vscode';
import { Finding, Severity } from '../../core/streams';
import { plural } from '../../core/plural';

/** Context values of the node kinds: they drive the menus (`viewItem == nats.workspaceStream`). */
export const CONTEXT = {
  file: 'nats.streamFile',
  stream: 'nats.workspaceStream',
  /** A stream config that mirrors another (Promote Mirror applies). */
  streamMirror: 'nats.workspaceStream.mirror',
} as const;

export abstract class WorkspaceStreamsNode {
  abstract treeItem(): vscode.TreeItem;
  children(): WorkspaceStreamsNode[] {
    return [];
  }
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The most severe of the findings, if any. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!worst || RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

/** An icon marking the worst finding, or `fallback` when there is none. */
export function problemIcon(findings: readonly Finding[], fallback: vscode.ThemeIcon): vscode.ThemeIcon {
  switch (worstSeverity(findings)) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'info':
      return new vscode.ThemeIcon('info');
    default:
      return fallback;
  }
}

/** `1 problem`, `3 problems`. */
export function problemCount(n: number): string {
  return plural(n, 'problem');
}
