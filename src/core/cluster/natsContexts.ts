/**
 * The `nats` CLI's connection contexts: JSON files in `$XDG_CONFIG_HOME/nats/context/<name>.json`
 * (default `~/.config/nats/context`), the selected one named in `$XDG_CONFIG_HOME/nats/context.txt`.
 * A malformed file yields a profile carrying a problem; reading never throws for bad data.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionProfile, ProfileProblem, resolveProfileFields, splitServers } from './profile';

export interface NatsContextsOptions {
  /** Overrides `$XDG_CONFIG_HOME` (default `~/.config`). */
  configHome?: string;
  /** Environment to read `XDG_CONFIG_HOME` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface NatsContexts {
  /** The folder the contexts were read from. */
  dir: string;
  /** The context named in `context.txt`, when there is one. */
  selected?: string;
  /** One profile per `<name>.json`, sorted by name. */
  profiles: ConnectionProfile[];
  /** Problems not tied to one context (an unreadable folder, a selected context that does not exist). */
  problems: ProfileProblem[];
}

/** `$XDG_CONFIG_HOME/nats` (default `~/.config/nats`). */
export function natsConfigDir(options: NatsContextsOptions = {}): string {
  const env = options.env ?? process.env;
  const configHome = options.configHome ?? (env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'));
  return path.join(configHome, 'nats');
}

interface ContextFile {
  url?: unknown;
  user?: unknown;
  password?: unknown;
  token?: unknown;
  creds?: unknown;
  nkey?: unknown;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
  nsc?: unknown;
  description?: unknown;
  jetstream_domain?: unknown;
  jetstream_api_prefix?: unknown;
}

const STRING_FIELDS = ['url', 'user', 'password', 'token', 'creds', 'nkey', 'ca', 'cert', 'key', 'nsc', 'description', 'jetstream_domain', 'jetstream_api_prefix'] as const;

function brokenProfile(name: string, file: string, message: string): ConnectionProfile {
  return { name, source: 'nats-context', servers: [], auth: { kind: 'none' }, file, problems: [{ severity: 'error', message }] };
}

/** Builds the profile of one context from its file text. */
export function profileFromContext(name: string, file: string, text: string): ConnectionProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return brokenProfile(name, file, `${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return brokenProfile(name, file, `${file}: a context must be a JSON object`);
  }
  const ctx = data as ContextFile;
  const problems: ProfileProblem[] = [];
  const str = (key: (typeof STRING_FIELDS)[number]): string | undefined => {
    const value = ctx[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    problems.push({ severity: 'error', message: `${file}: "${key}" must be a string, not ${JSON.stringify(value)}` });
    return undefined;
  };
  const values = Object.fromEntries(STRING_FIELDS.map((k) => [k, str(k)])) as Record<(typeof STRING_FIELDS)[number], string | undefined>;
  if (values.nsc && !values.creds) {
    problems.push({ severity: 'warning', message: `${file}: "nsc" references are not followed; set "creds" to the user's .creds file` });
  }
  const resolved = resolveProfileFields(
    {
      servers: values.url ? splitServers(values.url) : [],
      user: values.user,
      hasPassword: values.password !== undefined,
      hasToken: values.token !== undefined,
      creds: values.creds,
      nkey: values.nkey,
      ca: values.ca,
      cert: values.cert,
      key: values.key,
    },
    file,
  );
  const profile: ConnectionProfile = { name, source: 'nats-context', ...resolved, file, problems: [...problems, ...resolved.problems] };
  if (profile.tls === undefined) delete profile.tls;
  if (values.description) profile.description = values.description;
  if (values.jetstream_domain) profile.jetstreamDomain = values.jetstream_domain;
  if (values.jetstream_api_prefix) profile.jetstreamApiPrefix = values.jetstream_api_prefix;
  return profile;
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** Reads every context and the selected one. A missing folder is simply "no contexts". */
export async function readNatsContexts(options: NatsContextsOptions = {}): Promise<NatsContexts> {
  const base = natsConfigDir(options);
  const dir = path.join(base, 'context');
  const result: NatsContexts = { dir, profiles: [], problems: [] };
  let entries: string[];
  try {
    entries = (await fsp.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    if (!isMissing(e)) result.problems.push({ severity: 'error', message: `${dir}: cannot read the folder (${(e as Error).message})` });
    return result;
  }
  result.profiles = await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(dir, entry);
      const name = entry.slice(0, -'.json'.length);
      try {
        return profileFromContext(name, file, await fsp.readFile(file, 'utf8'));
      } catch (e) {
        return brokenProfile(name, file, `${file}: cannot read the file (${(e as Error).message})`);
      }
    }),
  );
  try {
    const selected = (await fsp.readFile(path.join(base, 'context.txt'), 'utf8')).trim();
    if (selected) {
      result.selected = selected;
      if (!result.profiles.some((p) => p.name === selected)) {
        result.problems.push({ severity: 'warning', message: `${path.join(base, 'context.txt')}: selects "${selected}", which has no file in ${dir}` });
      }
    }
  } catch (e) {
    if (!isMissing(e)) result.problems.push({ severity: 'warning', message: `${path.join(base, 'context.txt')}: cannot read the file (${(e as Error).message})` });
  }
  return result;
}

/**
 * The password or token stored in a context's file, read at connect time so that it never sits in
 * a profile. Undefined when the profile is not a context or its file holds no secret.
 */
export async function readContextSecret(profile: ConnectionProfile): Promise<string | undefined> {
  if (profile.source !== 'nats-context' || !profile.file) return undefined;
  if (profile.auth.kind !== 'user' && profile.auth.kind !== 'token') return undefined;
  try {
    const data = JSON.parse(await fsp.readFile(profile.file, 'utf8')) as ContextFile;
    const value = profile.auth.kind === 'user' ? data.password : data.token;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
