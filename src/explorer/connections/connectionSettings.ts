/**
 * The connection settings: `natsWorkbench.connections` (a list of connection objects, never holding
 * a password or token) and `natsWorkbench.includeNatsContexts`. Read into core profiles, written
 * back as a whole list to the settings scope that holds it.
 */
import * as vscode from 'vscode';
import { ConnectionProfile, profileFromSettings } from '../../core/cluster';

export const SECTION = 'natsWorkbench';
export const CONNECTIONS_KEY = 'connections';
export const INCLUDE_CONTEXTS_KEY = 'includeNatsContexts';

/** One entry of `natsWorkbench.connections`, as written in the settings. */
export interface ConnectionEntry {
  name: string;
  /** Server URLs, comma separated (or a list). `servers` is read as a synonym. */
  url?: string | string[];
  servers?: string | string[];
  monitoringUrl?: string;
  creds?: string;
  nkey?: string;
  user?: string;
  /** `true`: the connection uses a token kept in VS Code's secret storage. */
  token?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  jetstreamDomain?: string;
  description?: string;
}

/** The raw entries of the setting (whatever their shape). */
export function connectionEntries(): unknown[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(CONNECTIONS_KEY);
  return Array.isArray(value) ? value : [];
}

/** The profiles of the setting; a repeated name makes the later entry unusable, with a problem. */
export function settingsProfiles(): ConnectionProfile[] {
  const seen = new Set<string>();
  return connectionEntries().map((raw, i) => {
    const profile = profileFromSettings(raw, i);
    if (seen.has(profile.name)) {
      profile.problems.push({ severity: 'error', message: `setting ${SECTION}.${CONNECTIONS_KEY}[${i}]: another connection is already named "${profile.name}"` });
    }
    seen.add(profile.name);
    return profile;
  });
}

export function includeNatsContexts(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(INCLUDE_CONTEXTS_KEY, true) !== false;
}

export const LIVE_REFRESH_KEY = 'liveRefreshSeconds';

/** `natsWorkbench.liveRefreshSeconds` in milliseconds (default 5 s; 0 = no polling). */
export function liveRefreshMs(): number {
  const seconds = vscode.workspace.getConfiguration(SECTION).get<number>(LIVE_REFRESH_KEY, 5);
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.max(0.5, seconds) * 1000 : 0;
}

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.${CONNECTIONS_KEY}`) || e.affectsConfiguration(`${SECTION}.${INCLUDE_CONTEXTS_KEY}`);
}

/**
 * The scope that holds the list now (the most specific one), else the user settings. In Restricted
 * Mode always the user settings: the list in effect is theirs, and an untrusted folder's file is
 * never written with it.
 */
function targetOf(config: vscode.WorkspaceConfiguration): vscode.ConfigurationTarget {
  if (!vscode.workspace.isTrusted) return vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<unknown[]>(CONNECTIONS_KEY);
  if (inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/**
 * Rewrites the list through `change` (given a copy of the entries in effect) and saves it where
 * the list is defined. Entries are plain objects; secrets never go in them.
 */
export async function updateConnectionEntries(change: (entries: unknown[]) => unknown[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const entries = change(connectionEntries().map((e) => (typeof e === 'object' && e !== null ? { ...e } : e)));
  await config.update(CONNECTIONS_KEY, entries, targetOf(config));
}

/** The index of the entry named `name`, or -1. */
export function entryIndex(entries: readonly unknown[], name: string): number {
  return entries.findIndex((e) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name);
}
