/**
 * The live-cluster commands: connect and disconnect, add / edit / remove connections, refresh,
 * Apply to Server and Pull Stream Config. Called once from activate() with the explorer whose views
 * they refresh. Each takes an optional
 * argument object and resolves to `{ ok, … }` (see run.ts).
 */
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../explorer';
import type { Services } from '../../services';
import { addConnectionCommand } from './addConnection';
import { applyToServerCommand } from './applyToServer';
import { auditConnectionCommand, revealAuditAssetCommand } from './auditConnection';
import { REVEAL_AUDIT_ASSET } from '../../explorer/connections/auditNodes';
import { connectCommand, disconnectCommand } from './connect';
import { ClusterContext } from './context';
import { editConnectionCommand } from './editConnection';
import { pullStreamConfigCommand } from './pullStreamConfig';
import { refreshAuditCommand } from './refreshAudit';
import { drillPages, runFailureDrillCommand } from './runFailureDrill';
import { DRILL_SCHEME } from './drillPage';
import { refreshConnectionsCommand, refreshWorkspaceStreamsCommand } from './refresh';
import { removeConnectionCommand } from './removeConnection';
import { ClusterHandler, clusterCommand } from './run';

/** Command id → title (as in package.json) and handler. */
const COMMANDS: Record<string, [string, ClusterHandler]> = {
  'natsWorkbench.connect': ['Connect', connectCommand],
  'natsWorkbench.disconnect': ['Disconnect', disconnectCommand],
  'natsWorkbench.addConnection': ['Add Connection', addConnectionCommand],
  'natsWorkbench.editConnection': ['Edit Connection', editConnectionCommand],
  'natsWorkbench.removeConnection': ['Remove Connection', removeConnectionCommand],
  'natsWorkbench.refreshConnections': ['Refresh Connections', refreshConnectionsCommand],
  'natsWorkbench.refreshWorkspaceStreams': ['Refresh Workspace Streams', refreshWorkspaceStreamsCommand],
  'natsWorkbench.applyToServer': ['Apply to Server', applyToServerCommand],
  'natsWorkbench.pullStreamConfig': ['Pull Stream Config', pullStreamConfigCommand],
  'natsWorkbench.runFailureDrill': ['Run Failure Drill', runFailureDrillCommand],
  'natsWorkbench.drillLoseThis': ['What If I Lose This?', runFailureDrillCommand],
  'natsWorkbench.auditConnection': ['Audit Connection', auditConnectionCommand],
  [REVEAL_AUDIT_ASSET]: ['Show in Connections', revealAuditAssetCommand],
  'natsWorkbench.refreshAudit': ['Refresh Audit', refreshAuditCommand],
};

export function registerClusterCommands(services: Services, explorer: ExplorerApi): ClusterContext {
  const ctx = new ClusterContext(services, explorer);
  services.context.subscriptions.push(services.pages.register({ scheme: DRILL_SCHEME, provider: drillPages }));
  services.context.subscriptions.push(ctx, ...Object.entries(COMMANDS).map(([id, [title, handler]]) => vscode.commands.registerCommand(id, clusterCommand(ctx, title, handler))));
  return ctx;
}
