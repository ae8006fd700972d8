/**
 * The disaster-recovery commands: Show DR Map (and the map's panel), Promote Mirror, Back Up and
 * Restore Stream. Called once from activate() with the explorer and editor they read; each takes
 * an optional argument object and resolves to `{ ok, … }` (see ../cluster/run.ts).
 */
import * as vscode from 'vscode';
import type { StreamEditor } from '../../editor';
import type { ExplorerApi } from '../../explorer';
import { DrMapPanel } from '../../pages/drMapPanel';
import type { Services } from '../../services';
import type { ClusterContext } from '../cluster/context';
import { ClusterHandler, clusterCommand } from '../cluster/run';
import { ExtensionDrMapFeed } from './drMapFeed';
import { BACKUP_STREAM, RESTORE_STREAM, backupStreamCommand, restoreStreamCommand } from './backupRestore';
import { PROMOTE_MIRROR, promoteMirrorCommand } from './promoteMirror';
import { SHOW_DR_MAP, showDrMap } from './showDrMap';

declare module '../../services' {
  interface Services {
    /** The DR map's panel (for the tests). */
    drMap?: DrMapPanel;
  }
}

export function registerDrCommands(services: Services, explorer: ExplorerApi, editor: StreamEditor, cluster: ClusterContext): void {
  const feed = new ExtensionDrMapFeed(explorer, editor.analysis);
  const panel = new DrMapPanel(feed);
  services.drMap = panel;
  const commands: Record<string, [string, ClusterHandler]> = {
    [SHOW_DR_MAP]: ['Show DR Map', (_ctx, arg) => showDrMap(panel, feed, arg)],
    [PROMOTE_MIRROR]: ['Promote Mirror', (ctx, arg) => promoteMirrorCommand(ctx, editor.analysis, arg)],
    [BACKUP_STREAM]: ['Back Up Stream', backupStreamCommand],
    [RESTORE_STREAM]: ['Restore Stream', restoreStreamCommand],
  };
  services.context.subscriptions.push(feed, panel, ...Object.entries(commands).map(([id, [title, handler]]) => vscode.commands.registerCommand(id, clusterCommand(cluster, title, handler))));
}
