/**
 * Connection profiles: where a connection goes and how it authenticates. A profile never holds a
 * secret (password or token): the caller passes the secret to `Connection.open` when it connects
 * (the editor keeps it in its secret storage; a `nats` context keeps it in its file and
 * `readContextSecret` reads it from there). So a profile can be shown, logged and stored freely.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { redactUrl, urlWithoutUserInfo } from '../trust/redact';

export type ProfileSource = 'settings' | 'nats-context';

export type ConnectionAuth =
  | { kind: 'none' }
  /**
   * A `.creds` file (user JWT + seed). From a `nats` context it may be a reference (`nsc://…`,
   * `env://VAR`, `data:…`), named in words by `reference` and resolved when connecting.
   */
  | { kind: 'creds'; file: string; reference?: string }
  /** A file holding a user nkey seed (or, from a `nats` context, a reference to one). */
  | { kind: 'nkey'; file: string; reference?: string }
  /** A `nats` context's `user_jwt`, with its `user_seed` (without: a bearer JWT). */
  | { kind: 'jwt'; withSeed: boolean }
  /** User name; the password is a secret passed at connect time. */
  | { kind: 'user'; user: string }
  /** A token, itself a secret passed at connect time. */
  | { kind: 'token' };

/** Files (PEM) for TLS. Any of them turns TLS on. */
export interface TlsFiles {
  /** CA certificate(s) that sign the server's certificate. */
  ca?: string;
  /** Client certificate, for servers that verify clients. */
  cert?: string;
  /** Client key, with `cert`. */
  key?: string;
}

export interface ProfileProblem {
  severity: 'error' | 'warning';
  /** One sentence naming what is wrong and where. */
  message: string;
}

export interface ConnectionProfile {
  /** Unique among the profiles of one source; shown in the tree. */
  name: string;
  source: ProfileSource;
  /** Server URLs (`nats://host:port`, `tls://…`); several for a cluster. */
  servers: string[];
  auth: ConnectionAuth;
  tls?: TlsFiles;
  /** Monitoring endpoint (`http://host:8222`) for `/jsz` and `/varz`, when configured. */
  monitoringUrl?: string;
  /** JetStream domain (the API prefix becomes `$JS.<domain>.API`). */
  jetstreamDomain?: string;
  /** A JetStream API prefix other than `$JS.API` (imported from another account). */
  jetstreamApiPrefix?: string;
  /** The JetStream event prefix (default `$JS.EVENT`) under which advisories are published. */
  jetstreamEventPrefix?: string;
  /** Prefix of request inboxes (default `_INBOX`), for users allowed only their own. */
  inboxPrefix?: string;
  /** TLS handshake before the server's INFO (servers with `handshake_first`). */
  tlsFirst?: boolean;
  description?: string;
  /** The file the profile came from (a `nats` context). */
  file?: string;
  /** The `nats` context the CLI uses now (`NATS_CONTEXT`, else `context.txt`). */
  selected?: boolean;
  /** What is wrong with the profile; an `error` stops `Connection.open`. */
  problems: ProfileProblem[];
}

export const DEFAULT_SERVER_URL = 'nats://127.0.0.1:4222';

/** Expands a leading `~` the way the `nats` CLI does. */
export function expandHome(file: string): string {
  if (file === '~') return os.homedir();
  if (file.startsWith('~/')) return path.join(os.homedir(), file.slice(2));
  return file;
}

/** Splits a comma separated URL list ("nats://a:4222, nats://b:4222") into URLs. */
export function splitServers(urls: string): string[] {
  return urls
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
}

/** Checks one server URL; returns a problem message or undefined (naming the URL without its user and password). */
export function serverUrlProblem(url: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `nats://${url}`;
  const shown = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return `"${shown}" is not a valid server URL`;
  }
  if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    return `"${shown}" uses the scheme ${parsed.protocol.slice(0, -1)}; use nats:// or tls://`;
  }
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    return `"${shown}" is a WebSocket URL; this connection speaks the NATS protocol (nats:// or tls://)`;
  }
  if (!parsed.hostname) return `"${shown}" has no host`;
  return undefined;
}

/** What a profile authenticates with, in words, without any secret. */
export function describeAuth(auth: ConnectionAuth): string {
  switch (auth.kind) {
    case 'none':
      return 'no credentials';
    case 'creds':
      return auth.reference ? `credentials from ${auth.reference}` : `credentials file ${auth.file}`;
    case 'nkey':
      return auth.reference ? `nkey seed from ${auth.reference}` : `nkey seed file ${auth.file}`;
    case 'jwt':
      return auth.withSeed ? 'a user JWT and its seed' : 'a bearer user JWT';
    case 'user':
      return `user "${auth.user}" with a password`;
    case 'token':
      return 'a token';
  }
}

export { redactUrl, urlWithoutUserInfo };

/** Server URLs for messages and the tree: a `user:password@` or `token@` in a URL shown as `xxxxx@` (as the nats CLI). */
export function displayServers(servers: readonly string[]): string {
  return servers.map(redactUrl).join(', ');
}


/** One line for logs and tooltips: name, servers and authentication, never a secret. */
export function describeProfile(profile: ConnectionProfile): string {
  const tls = profile.tls && (profile.tls.ca || profile.tls.cert) ? ', TLS' : '';
  return `${profile.name} (${displayServers(profile.servers) || 'no server'}; ${describeAuth(profile.auth)}${tls})`;
}

export function hasProfileErrors(profile: ConnectionProfile): boolean {
  return profile.problems.some((p) => p.severity === 'error');
}

/**
 * Whether the connection needs a secret (password or token) from the caller. A `nats` context never
 * does: its file holds (or references) its secrets, and a user without a password connects with an
 * empty one, as the CLI does.
 */
export function needsSecret(profile: ConnectionProfile): boolean {
  if (profile.source === 'nats-context') return false;
  return profile.auth.kind === 'user' || profile.auth.kind === 'token';
}

type Fields = Record<string, unknown>;

/** Reads an optional string field; records a problem when it is there but not a string. */
function stringField(raw: Fields, key: string, where: string, problems: ProfileProblem[]): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  problems.push({ severity: 'error', message: `${where}: "${key}" must be a string, not ${JSON.stringify(value)}` });
  return undefined;
}

/**
 * A file named by a connection setting: an absolute path or one starting with `~/`. A relative
 * path would be read from wherever VS Code was started (perhaps an untrusted repository), so it is
 * refused with a problem instead.
 */
function fileField(raw: Fields, key: string, where: string, problems: ProfileProblem[]): string | undefined {
  const file = stringField(raw, key, where, problems);
  if (file === undefined || path.isAbsolute(expandHome(file))) return file;
  problems.push({ severity: 'error', message: `${where}: "${key}" must be an absolute path or start with ~/, not the relative ${JSON.stringify(file)} (it would be read from wherever VS Code was started)` });
  return undefined;
}

/** The fields both sources share, in the names the `nats` CLI context files use. */
export interface ProfileFields {
  servers: string[];
  user?: string;
  hasPassword: boolean;
  hasToken: boolean;
  creds?: string;
  nkey?: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Turns the shared fields into auth, TLS and problems. When several authentication methods are set,
 * the first of creds, nkey, user, token wins and a warning says so.
 */
export function resolveProfileFields(fields: ProfileFields, where: string): Pick<ConnectionProfile, 'servers' | 'auth' | 'tls' | 'problems'> {
  const problems: ProfileProblem[] = [];
  const servers = fields.servers.length ? fields.servers : [DEFAULT_SERVER_URL];
  for (const url of servers) {
    const problem = serverUrlProblem(url);
    if (problem) problems.push({ severity: 'error', message: `${where}: ${problem}` });
  }
  const methods: ConnectionAuth[] = [];
  if (fields.creds) methods.push({ kind: 'creds', file: expandHome(fields.creds) });
  if (fields.nkey) methods.push({ kind: 'nkey', file: expandHome(fields.nkey) });
  if (fields.user) methods.push({ kind: 'user', user: fields.user });
  if (fields.hasToken) methods.push({ kind: 'token' });
  if (!fields.user && fields.hasPassword) {
    problems.push({ severity: 'warning', message: `${where}: a password is set without a user; it is ignored` });
  }
  if (methods.length > 1) {
    problems.push({
      severity: 'warning',
      message: `${where}: several authentication methods are set (${methods.map((m) => m.kind).join(', ')}); using ${methods[0].kind}`,
    });
  }
  const auth: ConnectionAuth = methods[0] ?? { kind: 'none' };
  let tls: TlsFiles | undefined;
  if (fields.ca || fields.cert || fields.key) {
    tls = {};
    if (fields.ca) tls.ca = expandHome(fields.ca);
    if (fields.cert) tls.cert = expandHome(fields.cert);
    if (fields.key) tls.key = expandHome(fields.key);
    if (Boolean(tls.cert) !== Boolean(tls.key)) {
      problems.push({ severity: 'error', message: `${where}: a TLS client certificate needs both "cert" and "key"` });
    }
  }
  return { servers, auth, tls, problems };
}

/**
 * A profile from the editor's settings: an object such as
 * `{ "name": "prod", "url": "nats://a:4222,nats://b:4222", "creds": "~/prod.creds",
 *    "user": "...", "token": true, "ca": "...", "cert": "...", "key": "...", "monitoringUrl": "http://a:8222" }`.
 * `url` may also be an array (`servers`). Secrets never live in settings: `token: true` means
 * "a token kept in secret storage", and a `password` field is refused with a problem.
 * Bad input yields a profile with problems, never a throw.
 */
export function profileFromSettings(raw: unknown, index: number): ConnectionProfile {
  const where = `setting natsWorkbench.connections[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      name: `connection ${index + 1}`,
      source: 'settings',
      servers: [],
      auth: { kind: 'none' },
      problems: [{ severity: 'error', message: `${where}: must be an object with at least "name" and "url"` }],
    };
  }
  const fields = raw as Fields;
  const problems: ProfileProblem[] = [];
  const name = stringField(fields, 'name', where, problems) ?? `connection ${index + 1}`;
  const at = `${where} ("${name}")`;
  let servers: string[] = [];
  const urlValue = fields.url ?? fields.servers;
  if (typeof urlValue === 'string') servers = splitServers(urlValue);
  else if (Array.isArray(urlValue) && urlValue.every((u) => typeof u === 'string')) servers = urlValue.flatMap(splitServers);
  else if (urlValue !== undefined) problems.push({ severity: 'error', message: `${at}: "url" must be a string or a list of strings` });
  if (fields.password !== undefined) {
    problems.push({ severity: 'warning', message: `${at}: passwords are not read from settings; store it in the secret storage instead` });
  }
  if (fields.token !== undefined && typeof fields.token !== 'boolean') {
    problems.push({ severity: 'warning', message: `${at}: tokens are not read from settings; set "token": true and store it in the secret storage` });
  }
  const resolved = resolveProfileFields(
    {
      servers,
      user: stringField(fields, 'user', at, problems),
      hasPassword: false,
      hasToken: fields.token === true,
      creds: fileField(fields, 'creds', at, problems),
      nkey: fileField(fields, 'nkey', at, problems),
      ca: fileField(fields, 'ca', at, problems),
      cert: fileField(fields, 'cert', at, problems),
      key: fileField(fields, 'key', at, problems),
    },
    at,
  );
  const profile: ConnectionProfile = { name, source: 'settings', ...resolved, problems: [...problems, ...resolved.problems] };
  if (profile.tls === undefined) delete profile.tls;
  const monitoringUrl = stringField(fields, 'monitoringUrl', at, profile.problems);
  if (monitoringUrl) profile.monitoringUrl = monitoringUrl;
  const domain = stringField(fields, 'jetstreamDomain', at, profile.problems);
  if (domain) profile.jetstreamDomain = domain;
  const description = stringField(fields, 'description', at, profile.problems);
  if (description) profile.description = description;
  return profile;
}
