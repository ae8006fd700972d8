/**
 * NATS: Remove Connection. Argument: a connection node, a name, or `{ name, confirm? }`; asks for
 * confirmation unless `confirm` is true. Removes the settings entry and its stored secret; a `nats`
 * context is the nats CLI's to remove (`nats context rm`).
 */
import { displayServers } from '../../core/cluster/profile';
import { entryIndex, updateConnectionEntries } from '../../explorer/connections/connectionSettings';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject } from './run';
import { resolveProfile } from './targets';
import * as notify from '../../notifications';

export async function removeConnectionCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const profile = await resolveProfile(ctx, arg, 'Remove which connection?', (p) => p.source === 'settings');
  if (profile.source !== 'settings') {
    throw new CommandError(`${profile.name} is a nats CLI context (${profile.file}); remove it with "nats context rm ${profile.name}".`, 'read-only');
  }
  if (argObject(arg).confirm !== true) {
    const choice = await notify.showWarningMessage(`Remove the connection ${profile.name}?`, { modal: true, detail: `${displayServers(profile.servers)}\nIts stored password or token is deleted too.` }, 'Remove');
    if (choice !== 'Remove') return { ok: false, cancelled: true };
  }
  if (ctx.manager.active?.profile.name === profile.name && ctx.manager.active.profile.source === 'settings') await ctx.manager.disconnect();
  await updateConnectionEntries((entries) => {
    const index = entryIndex(entries, profile.name);
    return index < 0 ? entries : entries.filter((_, i) => i !== index);
  });
  await ctx.manager.secrets.delete(profile);
  ctx.manager.reloadProfiles();
  ctx.log.info(`Removed connection ${profile.name}`);
  return { ok: true, name: profile.name };
}
