/**
 * NATS: Add Connection. Argument object: `{ name, url, monitoringUrl?, user?, password?, token?,
 * creds?, nkey?, ca?, cert?, key?, jetstreamDomain?, description?, connect? }`; only a missing name
 * or URL is asked for. Without an argument, a short wizard asks for everything. The entry goes into
 * the `natsWorkbench.connections` setting; a password or token into the secret storage.
 */
import { displayServers } from '../../core/cluster';
import { connectionEntries, entryIndex, updateConnectionEntries } from '../../explorer/connections/connectionSettings';
import { askText } from '../trust/prompts';
import { setWizardTitle, stepsLeft, wizard as multiStep } from '../wizard';
import { askAuth, applyChanges, checkedProfile, fieldChanges, urlProblem } from './connectionFields';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg } from './run';
import { openConnection } from './targets';

export async function addConnectionCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const wizard = arg === undefined;
  const args = argObject(arg);
  const changes = fieldChanges(args);
  const taken = (name: string): boolean => entryIndex(connectionEntries(), name) >= 0;
  const given = stringArg(args, 'name');
  if (given !== undefined && taken(given)) throw new CommandError(`A connection named "${given}" already exists; use Edit Connection to change it.`, 'exists');
  const url = changes.fields.url;
  const name = await multiStep('Add Connection', async () => {
    // Each pass of the wizard starts from what the arguments said.
    changes.fields.url = url;
    if (wizard) for (const f of ['creds', 'nkey', 'user', 'monitoringUrl'] as const) delete changes.fields[f];
    stepsLeft((given === undefined ? 1 : 0) + (url === undefined ? 1 : 0) + (wizard ? 2 : 0));
    const name =
      given ??
      (await askText({
        title: 'Add NATS Connection',
        prompt: 'Name of the connection',
        validateInput: (v) => (!v.trim() ? 'Enter a name' : taken(v.trim()) ? `A connection named "${v.trim()}" already exists` : undefined),
      }));
    setWizardTitle(`Add Connection "${name}"`);
    changes.fields.url ??= await askText({ title: `Add NATS Connection: ${name}`, prompt: 'Server URLs, comma separated', value: 'nats://127.0.0.1:4222', validateInput: urlProblem });
    if (wizard) {
      await askAuth(changes, name);
      const monitoring = await askText({ title: `Add NATS Connection: ${name}`, prompt: 'Monitoring URL (e.g. http://127.0.0.1:8222) to see the cluster for the live checks; empty: none' });
      if (monitoring) changes.fields.monitoringUrl = monitoring;
    }
    return name;
  });
  const entry = applyChanges({ name }, changes);
  const profile = checkedProfile(entry, connectionEntries().length);
  await updateConnectionEntries((entries) => [...entries, entry]);
  if (changes.secret !== undefined) await ctx.manager.secrets.store(profile, changes.secret);
  ctx.manager.reloadProfiles();
  ctx.log.info(`Added connection ${name} (${displayServers(profile.servers)})`);
  if (args.connect === true) {
    const active = await openConnection(ctx, (await ctx.manager.find(name, 'settings')) ?? profile);
    return { ok: true, name, state: active.state };
  }
  return { ok: true, name };
}
