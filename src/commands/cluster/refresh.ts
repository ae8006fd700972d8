/** NATS: Refresh Connections and NATS: Refresh Workspace Streams. */
import type { ClusterContext } from './context';
import { CommandResult } from './run';

export async function refreshConnectionsCommand(ctx: ClusterContext): Promise<CommandResult> {
  ctx.explorer?.connectionsTree.refresh();
  return { ok: true };
}

export async function refreshWorkspaceStreamsCommand(ctx: ClusterContext): Promise<CommandResult> {
  await ctx.explorer?.workspaceStreamsTree.refresh();
  return { ok: true };
}
