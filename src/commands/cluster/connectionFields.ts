/**
 * The fields of a connection in the settings, as Add Connection and Edit Connection take them from
 * an argument object or ask for them. Passwords and tokens go to the secret storage, never into the
 * settings entry.
 */
import * as vscode from 'vscode';
import { ConnectionProfile, hasProfileErrors, profileFromSettings } from '../../core/cluster';
import { ConnectionEntry } from '../../explorer/connections/connectionSettings';
import { askText, pickOne } from '../trust/prompts';
import { addSteps, askDialog } from '../wizard';
import { CommandError, stringArg } from './run';

/** Plain text fields of an entry, as named in the settings and in argument objects. */
export const TEXT_FIELDS = ['url', 'monitoringUrl', 'creds', 'nkey', 'user', 'ca', 'cert', 'key', 'jetstreamDomain', 'description'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
/** The text fields that choose how the connection authenticates (one method at a time, or `token`). */
const AUTH_FIELDS = ['creds', 'nkey', 'user'] as const;

/** What an argument object asks for: entry fields (null removes one) and the secret. */
export interface FieldChanges {
  fields: Partial<Record<TextField, string | null>>;
  /** The password (with `user`) or token, for the secret storage. */
  secret?: string;
  /** true: the connection uses a token; false: it no longer does. */
  token?: boolean;
}

/** Reads the entry fields, `password` and `token` of an argument object. */
export function fieldChanges(args: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = { fields: {} };
  for (const key of TEXT_FIELDS) {
    if (args[key] === null) changes.fields[key] = null;
    else {
      const value = stringArg(args, key);
      if (value !== undefined) changes.fields[key] = value;
    }
  }
  const servers = args.servers;
  if (changes.fields.url === undefined && (typeof servers === 'string' || Array.isArray(servers))) changes.fields.url = Array.isArray(servers) ? servers.join(',') : servers;
  const password = stringArg(args, 'password');
  const token = stringArg(args, 'token');
  if (password !== undefined && token !== undefined) throw new CommandError('Give either "password" (with "user") or "token", not both.');
  if (password !== undefined && changes.fields.user === undefined) throw new CommandError('A "password" needs a "user".');
  if (token !== undefined) changes.token = true;
  const secret = password ?? token;
  if (secret !== undefined) changes.secret = secret;
  return changes;
}

export function hasChanges(changes: FieldChanges): boolean {
  return Object.keys(changes.fields).length > 0 || changes.token !== undefined || changes.secret !== undefined;
}

/** Whether the changes set a new authentication method (user, token, creds or nkey). */
export function changesAuth(changes: FieldChanges): boolean {
  return changes.token !== undefined || AUTH_FIELDS.some((f) => changes.fields[f] !== undefined);
}

/** `entry` with `changes` applied; a new authentication method replaces the old one. */
export function applyChanges(entry: ConnectionEntry, changes: FieldChanges): ConnectionEntry {
  const out: Record<string, unknown> = { ...entry };
  if (changesAuth(changes)) for (const f of [...AUTH_FIELDS, 'token']) delete out[f];
  if (changes.fields.url !== undefined) delete out.servers;
  for (const [key, value] of Object.entries(changes.fields)) {
    if (value === null || value === '') delete out[key];
    else out[key] = value;
  }
  if (changes.token) out.token = true;
  return out as unknown as ConnectionEntry;
}

/** The profile the entry gives; a `CommandError` naming the first problem when it cannot be used. */
export function checkedProfile(entry: ConnectionEntry, index: number): ConnectionProfile {
  const profile = profileFromSettings(entry, index);
  if (hasProfileErrors(profile)) throw new CommandError(profile.problems.find((p) => p.severity === 'error')?.message ?? 'The connection is not valid.');
  return profile;
}

/** Why a typed URL list is not usable, for an input box's validation. */
export function urlProblem(urls: string): string | undefined {
  if (!urls.trim()) return 'Enter at least one server URL, e.g. nats://127.0.0.1:4222';
  const profile = profileFromSettings({ name: 'x', url: urls }, 0);
  return profile.problems.find((p) => p.severity === 'error')?.message.replace(/^setting [^:]*: /, '');
}

function askFile(title: string, filters?: Record<string, string[]>): Promise<string> {
  return askDialog(title, async () => (await vscode.window.showOpenDialog({ title, canSelectMany: false, canSelectFiles: true, canSelectFolders: false, filters }))?.[0]?.fsPath);
}

/** Asks how the connection authenticates; fills the changes. */
export async function askAuth(changes: FieldChanges, name: string): Promise<void> {
  const method = await pickOne(
    [
      { label: 'No credentials', value: 'none' },
      { label: 'User and password', detail: 'the password is kept in VS Code’s secret storage', value: 'user' },
      { label: 'Token', detail: 'kept in VS Code’s secret storage', value: 'token' },
      { label: 'Credentials file (.creds)', detail: 'a user JWT and its seed, e.g. from nsc or Generate User Credentials', value: 'creds' },
      { label: 'Nkey seed file', value: 'nkey' },
    ],
    `How does ${name} authenticate?`,
  );
  for (const f of AUTH_FIELDS) changes.fields[f] = null;
  changes.token = false;
  delete changes.secret;
  addSteps(method === 'user' ? 2 : method === 'none' ? 0 : 1);
  if (method === 'user') {
    changes.fields.user = await askText({ title: name, prompt: 'User name', validateInput: (v) => (v.trim() ? undefined : 'Enter a user name') });
    changes.secret = await askText({ title: name, prompt: `Password of ${changes.fields.user}`, password: true });
  } else if (method === 'token') {
    changes.token = true;
    changes.secret = await askText({ title: name, prompt: 'Token', password: true, validateInput: (v) => (v ? undefined : 'Enter the token') });
  } else if (method === 'creds') {
    changes.fields.creds = await askFile('Credentials file', { Credentials: ['creds'], 'All files': ['*'] });
  } else if (method === 'nkey') {
    changes.fields.nkey = await askFile('Nkey seed file', { 'Nkey seeds': ['nk', 'seed', 'txt'], 'All files': ['*'] });
  }
}

/** Asks for the TLS files (each optional). */
export async function askTls(changes: FieldChanges, name: string): Promise<void> {
  addSteps(3);
  for (const [key, what] of [
    ['ca', 'CA certificate that signs the server certificate'],
    ['cert', 'client certificate (for servers that verify clients)'],
    ['key', 'client key (with the client certificate)'],
  ] as const) {
    const value = await askText({ title: `${name}: TLS`, prompt: `Path of the ${what}; empty: none` });
    changes.fields[key] = value || null;
  }
}
