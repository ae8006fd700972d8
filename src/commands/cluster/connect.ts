/**
 * NATS: Connect. Argument: a connection node, a name, or `{ name, source?, secret? }` (the password
 * or token, else the stored one); without one the user picks. Resolves to the connection's state.
 */
import { pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { CommandResult, argObject, stringArg } from './run';
import { openConnection, resolveProfile } from './targets';
import { pickLabel } from '../../core/trust/quote';

export async function connectCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const active = ctx.manager.active;
  if (arg === undefined && active) {
    // From the palette or the status bar while connected: switch, or disconnect.
    const choice = await pickOne(
      [
        { label: `$(debug-disconnect) Disconnect from ${pickLabel(active.profile.name)}`, value: 'disconnect' },
        { label: '$(plug) Connect to Another Connection…', value: 'switch' },
      ],
      `${active.profile.name} is ${active.state}`,
    );
    if (choice === 'disconnect') return disconnectCommand(ctx);
  }
  const profile = await resolveProfile(ctx, arg, 'Connect to which NATS connection?');
  const opened = await openConnection(ctx, profile, stringArg(argObject(arg), 'secret'));
  return { ok: true, name: profile.name, source: profile.source, state: opened.state, server: opened.server };
}

/** NATS: Disconnect: closes the active connection. */
export async function disconnectCommand(ctx: ClusterContext): Promise<CommandResult> {
  const name = ctx.manager.active?.profile.name;
  await ctx.manager.disconnect();
  return { ok: true, disconnected: name ?? null };
}
