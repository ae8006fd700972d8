/**
 * NATS: Edit Connection. Argument: a connection node, a name, or `{ name, newName?, url?,
 * monitoringUrl?, user?, password?, token?, creds?, nkey?, ca?, cert?, key?, description? }` (null
 * removes a field; a new authentication method replaces the old). Without changes, the user picks
 * what to change. A `nats` context opens its file instead. An active connection reconnects.
 */
import * as vscode from 'vscode';
import { connectionEntries, ConnectionEntry, entryIndex, updateConnectionEntries } from '../../explorer/connections/connectionSettings';
import { askText, pickOne } from '../trust/prompts';
import { addSteps, setWizardTitle, stepsLeft, wizard } from '../wizard';
import { needsSecret } from '../../core/cluster';
import { FieldChanges, applyChanges, askAuth, askTls, changesAuth, checkedProfile, fieldChanges, hasChanges, urlProblem } from './connectionFields';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg } from './run';
import { openConnection, resolveProfile } from './targets';
import { ConnectionNode } from '../../explorer/connections/connectionNode';

type Part = 'name' | 'url' | 'auth' | 'monitoring' | 'tls' | 'description';

/** Asks which part to change, then for its new value. Returns the new name, if that changes. */
async function askChange(entry: ConnectionEntry, changes: FieldChanges): Promise<string | undefined> {
  const name = entry.name;
  const part = await pickOne<Part>(
    [
      { label: 'Name', description: name, value: 'name' },
      { label: 'Server URLs', description: String(entry.url ?? entry.servers ?? ''), value: 'url' },
      { label: 'Authentication', description: entry.creds ? 'credentials file' : entry.nkey ? 'nkey' : entry.user ? `user ${entry.user}` : entry.token ? 'token' : 'none', value: 'auth' },
      { label: 'Monitoring URL', description: entry.monitoringUrl ?? '', value: 'monitoring' },
      { label: 'TLS Files', description: [entry.ca, entry.cert].filter(Boolean).join(', '), value: 'tls' },
      { label: 'Description', description: entry.description ?? '', value: 'description' },
    ],
    `Change what of ${name}?`,
  );
  const title = `Edit NATS Connection: ${name}`;
  switch (part) {
    case 'name':
      return askText({ title, prompt: 'New name', value: name, validateInput: (v) => (!v.trim() ? 'Enter a name' : v.trim() !== name && entryIndex(connectionEntries(), v.trim()) >= 0 ? 'That name is taken' : undefined) });
    case 'url':
      changes.fields.url = await askText({ title, prompt: 'Server URLs, comma separated', value: String(entry.url ?? entry.servers ?? ''), validateInput: urlProblem });
      break;
    case 'auth':
      await askAuth(changes, name);
      break;
    case 'monitoring':
      changes.fields.monitoringUrl = (await askText({ title, prompt: 'Monitoring URL; empty: none', value: entry.monitoringUrl ?? '' })) || null;
      break;
    case 'tls':
      addSteps(-1); // askTls counts its own three questions
      await askTls(changes, name);
      break;
    case 'description':
      changes.fields.description = (await askText({ title, prompt: 'Description; empty: none', value: entry.description ?? '' })) || null;
      break;
  }
  return undefined;
}

export async function editConnectionCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const { profile, changes, newName } = await wizard('Edit Connection', async () => {
    const asks = !(arg instanceof ConnectionNode) && typeof arg !== 'string' && stringArg(args, 'name') === undefined && stringArg(args, 'connection') === undefined;
    stepsLeft(asks ? 1 : 0);
    const profile = await resolveProfile(ctx, arg, 'Edit which connection?');
    setWizardTitle(`Edit Connection "${profile.name}"`);
    const changes = fieldChanges(args);
    let newName = stringArg(args, 'newName');
    if (profile.source !== 'nats-context' && !hasChanges(changes) && newName === undefined) {
      const entry = connectionEntries()[entryIndex(connectionEntries(), profile.name)] as ConnectionEntry | undefined;
      addSteps(2);
      if (entry) newName = await askChange(entry, changes);
    }
    return { profile, changes, newName };
  });
  if (profile.source === 'nats-context') {
    if (!profile.file) throw new CommandError(`The nats context ${profile.name} has no file.`);
    await vscode.window.showTextDocument(vscode.Uri.file(profile.file));
    return { ok: true, name: profile.name, opened: profile.file };
  }
  const entries = connectionEntries();
  const index = entryIndex(entries, profile.name);
  if (index < 0) throw new CommandError(`The connection ${profile.name} is not in the settings any more.`, 'not-found');
  const entry = entries[index] as ConnectionEntry;
  if (newName !== undefined && newName !== profile.name && entryIndex(entries, newName) >= 0) throw new CommandError(`A connection named "${newName}" already exists.`, 'exists');
  const updated = applyChanges({ ...entry, name: newName ?? entry.name }, changes);
  const next = checkedProfile(updated, index);
  const wasActive = ctx.manager.active?.profile.source === 'settings' && ctx.manager.active.profile.name === profile.name;
  await updateConnectionEntries((list) => list.map((e, i) => (i === entryIndex(list, profile.name) ? updated : e)));
  // The secret follows a renamed connection; a new authentication method keeps only a new secret.
  const secret = changes.secret ?? (changesAuth(changes) ? undefined : await ctx.manager.secrets.get(profile));
  await ctx.manager.secrets.delete(profile);
  if (secret !== undefined && needsSecret(next)) await ctx.manager.secrets.store(next, secret);
  ctx.manager.reloadProfiles();
  ctx.log.info(`Edited connection ${next.name}`);
  if (wasActive) {
    await ctx.manager.disconnect();
    await openConnection(ctx, (await ctx.manager.find(next.name, 'settings')) ?? next);
  }
  return { ok: true, name: next.name };
}
