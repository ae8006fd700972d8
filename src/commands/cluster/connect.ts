/**
 * NATS: Connect. Argument: a connection node, a name, or `{ name, source?, secret? }` (the password
 * or token, else the stored one); without one the user picks. Resolves to the connection's state.
 */
import type { ClusterContext } from './context';
import { CommandResult, argObject, stringArg } from './run';
import { openConnection, resolveProfile } from './targets';

export async function connectCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const profile = await resolveProfile(ctx, arg, 'Connect to which NATS connection?');
  const active = await openConnection(ctx, profile, stringArg(argObject(arg), 'secret'));
  return { ok: true, name: profile.name, source: profile.source, state: active.state, server: active.server };
}

/** NATS: Disconnect: closes the active connection. */
export async function disconnectCommand(ctx: ClusterContext): Promise<CommandResult> {
  const name = ctx.manager.active?.profile.name;
  await ctx.manager.disconnect();
  return { ok: true, disconnected: name ?? null };
}
