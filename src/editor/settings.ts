/** The `natsWorkbench.streams.*` settings, read and checked in one place. */
import * as vscode from 'vscode';
import { RuleSetting, RuleSettings, getRule, parseServerVersion } from '../core/streams';
import { DEFAULT_FILE_PATTERNS } from './filePatterns';

export const SECTION = 'natsWorkbench.streams';
/** `natsWorkbench.serverVersion`: the nats-server version whose checks apply (not only streams'). */
export const SERVER_VERSION_SETTING = 'natsWorkbench.serverVersion';
/** The default of `natsWorkbench.streams.maxFileSize`, in MB (MiB). */
export const DEFAULT_MAX_FILE_MB = 64;
const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

export interface StreamSettings {
  /** Rule id → severity or off; entries with unknown ids or values are dropped (see `problems`). */
  rules: RuleSettings;
  /** Globs of files that count as stream configs whatever their content. */
  filePatterns: readonly string[];
  codeLensEnabled: boolean;
  /** The server version whose checks apply ('' = the connected server's, else the newest). */
  serverVersion: string;
  /** Files larger than this (bytes) are not read from disk but reported (`unreadable-file`). */
  maxFileSize: number;
  /** What was wrong in the settings, for the log. */
  problems: string[];
}

export function readSettings(): StreamSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const problems: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  const raw = config.get<unknown>('rules', {});
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      if (!getRule(id)) problems.push(`${SECTION}.rules: unknown rule id "${id}" (ignored)`);
      else if (!RULE_SETTINGS.includes(value as RuleSetting)) problems.push(`${SECTION}.rules.${id}: "${String(value)}" is not one of ${RULE_SETTINGS.join(', ')} (ignored)`);
      else rules[id] = value as RuleSetting;
    }
  } else if (raw !== undefined && raw !== null) {
    problems.push(`${SECTION}.rules must be an object of rule id → ${RULE_SETTINGS.join(' | ')} (ignored)`);
  }
  const patterns = config.get<unknown>('filePatterns', DEFAULT_FILE_PATTERNS);
  let filePatterns = DEFAULT_FILE_PATTERNS;
  if (Array.isArray(patterns) && patterns.every((p) => typeof p === 'string')) filePatterns = patterns as string[];
  else problems.push(`${SECTION}.filePatterns must be a list of glob patterns (the defaults apply)`);
  let serverVersion = vscode.workspace.getConfiguration().get<unknown>(SERVER_VERSION_SETTING, '');
  if (typeof serverVersion !== 'string' || (serverVersion.trim() !== '' && !parseServerVersion(serverVersion))) {
    problems.push(`${SERVER_VERSION_SETTING} must be a version such as "2.9" or "2.10.17" (ignored)`);
    serverVersion = '';
  }
  const mb = config.get<unknown>('maxFileSize', DEFAULT_MAX_FILE_MB);
  let maxFileSize = DEFAULT_MAX_FILE_MB * 1024 * 1024;
  if (typeof mb === 'number' && mb > 0 && Number.isFinite(mb)) maxFileSize = Math.floor(mb * 1024 * 1024);
  else problems.push(`${SECTION}.maxFileSize must be a positive number of MB (the default ${DEFAULT_MAX_FILE_MB} applies)`);
  return { rules, filePatterns, codeLensEnabled: config.get<boolean>('codeLens.enabled', true) !== false, serverVersion: (serverVersion as string).trim(), maxFileSize, problems };
}

/** Turns `rule` off in the workspace settings (user settings when no folder is open). */
export async function disableRuleInWorkspace(rule: string): Promise<vscode.ConfigurationTarget> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<Record<string, RuleSetting>>('rules');
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {};
  await config.update('rules', { ...current, [rule]: 'off' }, target);
  return target;
}
