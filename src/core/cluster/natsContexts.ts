/**
 * The `nats` CLI's connection contexts: JSON files in `$XDG_CONFIG_HOME/nats/context/<name>.json`
 * (default `~/.config/nats/context`), the selected one named by `NATS_CONTEXT` or in
 * `$XDG_CONFIG_HOME/nats/context.txt`, read the way the CLI (nats-io/jsm.go `natscontext`) reads
 * them: see contextRefs.ts for references and expansion. A profile never holds a secret: they are
 * resolved from the file when connecting (`resolveContextCredentials`). A malformed file yields a
 * profile carrying a problem; reading never throws for bad data.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../streams/lineIndex';
import { StoreLocation } from '../trust/layout';
import { displayText } from '../trust/quote';
import {
  REFERENCE_SCHEMES,
  ReferenceError,
  ResolveContext,
  decoratedJwt,
  decoratedSeed,
  describeReference,
  expandPath,
  filePathOf,
  readContextFile,
  referenceScheme,
  resolveLiteral,
  resolveNscUser,
  resolveReference,
  whyUnreadable,
} from './contextRefs';
import { ConnectionAuth, ConnectionProfile, ProfileProblem, TlsFiles, redactUrl, resolveProfileFields, splitServers } from './profile';

export interface NatsContextsOptions {
  /** Overrides `$XDG_CONFIG_HOME` (default `~/.config`). */
  configHome?: string;
  /** Environment to read `XDG_CONFIG_HOME`, `NATS_CONTEXT` and `$VAR`s from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The home folder for `~` (default the user's). */
  home?: string;
  /** nsc's store for `nsc://` references (default nsc's own). */
  nscStore?: StoreLocation;
}

export interface NatsContexts {
  /** The folder the contexts were read from. */
  dir: string;
  /** The selected context: `NATS_CONTEXT`, else the one named in `context.txt`. */
  selected?: string;
  /** Where the selection came from. */
  selectedBy?: 'NATS_CONTEXT' | 'context.txt';
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

/** The string fields of a context file (jsm.go `natscontext` settings). */
const STRING_FIELDS = [
  'url',
  'user',
  'password',
  'token',
  'creds',
  'nkey',
  'ca',
  'cert',
  'key',
  'nsc',
  'description',
  'jetstream_domain',
  'jetstream_api_prefix',
  'jetstream_event_prefix',
  'inbox_prefix',
  'user_jwt',
  'user_seed',
  'socks_proxy',
  'color_scheme',
  'windows_cert_store',
  'windows_cert_match_by',
  'windows_cert_match',
] as const;

type StringField = (typeof STRING_FIELDS)[number];

/** A context file's fields, read as the CLI reads them. */
export interface ContextValues {
  strings: Partial<Record<StringField, string>>;
  tlsFirst: boolean;
  windowsCaMatch: boolean;
}

/** Fields whose `$VAR` and `~` the CLI expands on load. */
const PATH_FIELDS: readonly StringField[] = ['creds', 'nkey', 'cert', 'key', 'ca'];

function brokenProfile(name: string, file: string, message: string): ConnectionProfile {
  return { name, source: 'nats-context', servers: [], auth: { kind: 'none' }, file, problems: [{ severity: 'error', message }] };
}

/**
 * Where and why a context file is not JSON. Not JSON.parse's message: it quotes the text around
 * the fault, which in a context file is often a password or a seed.
 */
function jsonSyntaxError(text: string): string {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // jsonc-parser recurses per level: a file of 500 000 "[" overflows the stack.
    if (e instanceof RangeError) return 'not valid JSON (nested too deeply)';
    throw e;
  }
  if (!errors.length) return 'not valid JSON';
  const at = new LineIndex(text).positionAt(errors[0].offset);
  return `not valid JSON (${printParseErrorCode(errors[0].error)} at line ${at.line + 1}, column ${at.character + 1})`;
}

/** What a JSON value is, in words, without the value (which may be a secret). */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'boolean' ? 'true or false' : `a ${typeof value}`;
}

/**
 * The fields of a context file, as Go's `json.Unmarshal` reads them (keys matched exactly, else
 * case-insensitively), paths expanded. Type errors become problems.
 */
function parseContext(file: string, text: string, ctx: ResolveContext): { values: ContextValues; problems: ProfileProblem[] } | ProfileProblem {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { severity: 'error', message: `${file}: ${jsonSyntaxError(text)}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { severity: 'error', message: `${file}: a context must be a JSON object` };
  const raw = data as Record<string, unknown>;
  const keys = Object.keys(raw);
  const lookup = (field: string): unknown => (field in raw ? raw[field] : raw[keys.find((k) => k.toLowerCase() === field) ?? '']);
  const problems: ProfileProblem[] = [];
  const strings: ContextValues['strings'] = {};
  for (const field of STRING_FIELDS) {
    const value = lookup(field);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') {
      problems.push({ severity: 'error', message: `${file}: "${field}" must be a string, not ${jsonKind(value)}` });
      continue;
    }
    const expanded = PATH_FIELDS.includes(field) ? expandPath(value, ctx) : value;
    if (expanded !== '') strings[field] = expanded;
  }
  const tlsFirst = lookup('tls_first');
  if (tlsFirst !== undefined && tlsFirst !== null && typeof tlsFirst !== 'boolean') {
    problems.push({ severity: 'error', message: `${file}: "tls_first" must be true or false, not ${JSON.stringify(tlsFirst)}` });
  }
  const caMatch = lookup('windows_ca_certs_match');
  return { values: { strings, tlsFirst: tlsFirst === true, windowsCaMatch: Array.isArray(caMatch) && caMatch.length > 0 }, problems };
}

/** The authentication methods a context names, in the CLI's order of precedence. */
const METHOD_ORDER = ['user', 'creds', 'nkey', 'user_jwt'] as const;

/** The creds value after the CLI's migration of the deprecated `nsc` field. */
function credsValue(v: ContextValues['strings']): string | undefined {
  return v.creds ?? (v.nsc ? `nsc://${v.nsc.replace(/^nsc:\/\//i, '')}` : undefined);
}

function fileOrReference(kind: 'creds' | 'nkey', ref: string, ctx: ResolveContext): Extract<ConnectionAuth, { kind: 'creds' | 'nkey' }> {
  const scheme = referenceScheme(ref);
  if (scheme === '' || scheme === 'file') return { kind, file: filePathOf(ref, ctx) };
  return { kind, file: '', reference: describeReference(ref) };
}

function unsupportedScheme(field: string, ref: string | undefined, file: string, bare: 'path' | 'literal', problems: ProfileProblem[]): void {
  if (!ref) return;
  const scheme = referenceScheme(ref);
  if (scheme === 'op') problems.push({ severity: 'error', message: `${file}: "${field}" is a 1Password reference (op://), which needs the 1Password CLI; NATS Workbench cannot resolve it` });
  else if (bare === 'path' && scheme !== '' && !(REFERENCE_SCHEMES as readonly string[]).includes(scheme)) {
    problems.push({ severity: 'error', message: `${file}: "${field}" uses the scheme ${scheme}:, which the nats CLI has no resolver for` });
  }
}

/**
 * The authentication of a context, as the CLI chooses it (jsm.go `NATSOptions`): user (with its
 * password) before creds before nkey before user_jwt; a token is sent besides any of them.
 */
function contextAuth(v: ContextValues['strings'], file: string, ctx: ResolveContext, problems: ProfileProblem[]): ConnectionAuth {
  const creds = credsValue(v);
  const named = METHOD_ORDER.filter((m) => (m === 'creds' ? creds : v[m]) !== undefined);
  if (v.nsc && v.creds) named.push('nsc' as never);
  if (named.length > 1) {
    problems.push({
      severity: 'warning',
      message: `${file}: names ${named.length} authentication methods (${named.join(', ')}); the nats CLI uses ${named[0]}, and so does this connection (\`nats context save\` refuses such a context: "too many types of credentials")`,
    });
  }
  for (const field of ['password', 'token', 'user_jwt', 'user_seed'] as const) unsupportedScheme(field, v[field], file, 'literal', problems);
  unsupportedScheme('creds', creds, file, 'path', problems);
  unsupportedScheme('nkey', v.nkey, file, 'path', problems);
  if (v.user) return { kind: 'user', user: v.user };
  if (creds) return fileOrReference('creds', creds, ctx);
  if (v.nkey) return fileOrReference('nkey', v.nkey, ctx);
  if (v.user_jwt) {
    if (!v.user_seed) problems.push({ severity: 'warning', message: `${file}: "user_jwt" without "user_seed" connects as a bearer JWT: the server must allow bearer tokens for this user` });
    return { kind: 'jwt', withSeed: Boolean(v.user_seed) };
  }
  if (v.user_seed) problems.push({ severity: 'warning', message: `${file}: "user_seed" without "user_jwt" is ignored, as the nats CLI ignores it` });
  if (v.password) problems.push({ severity: 'warning', message: `${file}: a password is set without a user; it is ignored` });
  if (v.token) return { kind: 'token' };
  return { kind: 'none' };
}

/** TLS files of a context: `cert` and `key` only together (as the CLI), and only as files. */
function contextTls(v: ContextValues['strings'], file: string, problems: ProfileProblem[], ctx: ResolveContext): TlsFiles | undefined {
  const tls: TlsFiles = {};
  for (const field of ['ca', 'cert', 'key'] as const) {
    const ref = v[field];
    if (!ref) continue;
    const scheme = referenceScheme(ref);
    if (scheme !== '' && scheme !== 'file') {
      problems.push({ severity: 'error', message: `${file}: "${field}" uses the scheme ${scheme}:; TLS files must be paths or file:// (as in the nats CLI)` });
      continue;
    }
    tls[field] = filePathOf(ref, ctx);
  }
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    problems.push({ severity: 'warning', message: `${file}: "${tls.cert ? 'cert' : 'key'}" without "${tls.cert ? 'key' : 'cert'}" is ignored, as the nats CLI ignores it` });
    delete tls.cert;
    delete tls.key;
  }
  return tls.ca || tls.cert ? tls : undefined;
}

/** The files a profile names, by field: its creds or nkey file, its TLS files. */
function namedFiles(auth: ConnectionAuth, tls: TlsFiles | undefined): [string, string][] {
  const files: [string, string | undefined][] = [
    [auth.kind, auth.kind === 'creds' || auth.kind === 'nkey' ? auth.file : undefined],
    ['ca', tls?.ca],
    ['cert', tls?.cert],
    ['key', tls?.key],
  ];
  return files.filter((f): f is [string, string] => Boolean(f[1]));
}

/**
 * A warning for each relative file path: the nats CLI reads it from the folder it runs in, which
 * an editor does not have (the extension host's working folder is arbitrary).
 */
function warnRelativePaths(auth: ConnectionAuth, tls: TlsFiles | undefined, file: string, problems: ProfileProblem[]): void {
  for (const [field, named] of namedFiles(auth, tls)) {
    if (path.isAbsolute(named)) continue;
    problems.push({
      severity: 'warning',
      message: `${file}: "${field}": ${named} is a relative path: the nats CLI reads it from the folder it runs in, this connection from ${process.cwd()}; give an absolute path or ~/`,
    });
  }
}

/** Builds the profile of one context from its file text. */
export function profileFromContext(name: string, file: string, text: string, options: NatsContextsOptions = {}): ConnectionProfile {
  const ctx: ResolveContext = { env: options.env ?? process.env, home: options.home, nscStore: options.nscStore };
  const parsed = parseContext(file, text, ctx);
  if (!('values' in parsed)) return brokenProfile(name, file, parsed.message);
  const v = parsed.values.strings;
  const problems = [...parsed.problems];
  const auth = contextAuth(v, file, ctx, problems);
  const tls = contextTls(v, file, problems, ctx);
  warnRelativePaths(auth, tls, file, problems);
  const resolved = resolveProfileFields({ servers: v.url ? splitServers(v.url) : [], hasPassword: false, hasToken: false }, file);
  const profile: ConnectionProfile = { name, source: 'nats-context', servers: resolved.servers, auth, file, problems: [...problems, ...resolved.problems] };
  if (tls) profile.tls = tls;
  if (v.description) profile.description = v.description;
  if (v.jetstream_domain && v.jetstream_api_prefix) {
    profile.problems.push({ severity: 'error', message: `${file}: "jetstream_domain" and "jetstream_api_prefix" are both set; the nats CLI refuses this ("WithAPIPrefix and WithDomain are mutually exclusive")` });
  }
  if (v.jetstream_domain) profile.jetstreamDomain = v.jetstream_domain;
  if (v.jetstream_api_prefix) profile.jetstreamApiPrefix = v.jetstream_api_prefix;
  if (v.jetstream_event_prefix) profile.jetstreamEventPrefix = v.jetstream_event_prefix;
  if (v.inbox_prefix) profile.inboxPrefix = v.inbox_prefix;
  if (parsed.values.tlsFirst) profile.tlsFirst = true;
  if (v.socks_proxy) {
    profile.problems.push({
      severity: 'error',
      message: `${file}: "socks_proxy" is set (${redactUrl(v.socks_proxy)}); the NATS client of this extension (nats.js) cannot connect through a SOCKS proxy, and connecting around it is not what the context asks`,
    });
  }
  if (v.windows_cert_store || parsed.values.windowsCaMatch) {
    profile.problems.push({ severity: 'error', message: `${file}: "windows_cert_store" (the Windows certificate store) is not supported here; give "cert", "key" and "ca" files instead` });
  }
  return profile;
}

/** The CLI's `ValidateName`: not empty, no "..", no "/" or "\\". */
export function validContextName(name: string): boolean {
  return name !== '' && !name.includes('..') && !/[/\\]/.test(name);
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

async function readProfile(name: string, file: string, options: NatsContextsOptions): Promise<ConnectionProfile> {
  let text: string;
  try {
    text = (await readContextFile(file)).toString('utf8');
  } catch (e) {
    return brokenProfile(name, file, `${file}: cannot read the file (${whyUnreadable(e)})`);
  }
  const profile = profileFromContext(name, file, text, options);
  await warnLooseModes(profile);
  // The deprecated "nsc" field also gives the URL when the context has none (the operator's service URLs).
  const parsed = parseContext(file, text, resolveContextOf(options));
  if ('values' in parsed && parsed.values.strings.nsc && !parsed.values.strings.url) {
    try {
      const nsc = await resolveNscUser(`nsc://${parsed.values.strings.nsc.replace(/^nsc:\/\//i, '')}`, resolveContextOf(options), 'nsc');
      if (nsc.serviceUrls.length) profile.servers = nsc.serviceUrls;
    } catch (e) {
      profile.problems.push({ severity: 'warning', message: `${file}: ${(e as Error).message}` });
    }
  }
  return profile;
}

/**
 * A warning for each secret file of the profile (creds, nkey seed, TLS key) that other users may
 * read. The nats CLI reads such files without a word (nats.go's `os.ReadFile`); so does the
 * connection, but the user hears of it.
 */
async function warnLooseModes(profile: ConnectionProfile): Promise<void> {
  if (process.platform === 'win32') return;
  for (const [field, file] of namedFiles(profile.auth, profile.tls)) {
    if (field === 'ca' || field === 'cert') continue;
    const mode = await fsp.stat(file).then((st) => st.mode & 0o777, () => undefined);
    if (mode === undefined || (mode & 0o077) === 0) continue;
    profile.problems.push({
      severity: 'warning',
      message: `${profile.file}: "${field}": ${file} can be read by other users (mode ${mode.toString(8)}); the nats CLI uses it anyway; chmod 600 ${file}`,
    });
  }
}

function resolveContextOf(options: NatsContextsOptions): ResolveContext {
  return { env: options.env ?? process.env, home: options.home, nscStore: options.nscStore };
}

/** The context files the CLI lists: `<name>.json`, not empty, not a folder, with a valid name. */
async function contextFiles(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() || path.extname(entry.name) !== '.json') continue;
    const name = entry.name.slice(0, -'.json'.length);
    if (!validContextName(name)) continue;
    try {
      if ((await fsp.stat(path.join(dir, entry.name))).size === 0) continue;
    } catch {
      continue;
    }
    names.push(name);
  }
  return names.sort();
}

/**
 * Reads every context and the selected one: `NATS_CONTEXT` (a context name, or the path of a
 * context file, as the CLI takes it), else `context.txt`. A missing folder is simply "no contexts".
 */
export async function readNatsContexts(options: NatsContextsOptions = {}): Promise<NatsContexts> {
  const env = options.env ?? process.env;
  const base = natsConfigDir(options);
  const dir = path.join(base, 'context');
  const result: NatsContexts = { dir, profiles: [], problems: [] };
  let names: string[] = [];
  try {
    names = await contextFiles(dir);
  } catch (e) {
    if (!isMissing(e)) result.problems.push({ severity: 'error', message: `${dir}: cannot read the folder (${(e as Error).message})` });
  }
  result.profiles = await Promise.all(names.map((name) => readProfile(name, path.join(dir, `${name}.json`), options)));
  const fromEnv = env.NATS_CONTEXT?.trim();
  if (fromEnv) {
    result.selectedBy = 'NATS_CONTEXT';
    if (fromEnv.endsWith('.json') && (await fsp.stat(fromEnv).then((st) => st.isFile(), () => false))) {
      const name = path.basename(fromEnv, '.json');
      result.profiles = result.profiles.filter((p) => p.name !== name);
      result.profiles.push(await readProfile(name, fromEnv, options));
      result.profiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      result.selected = name;
    } else {
      result.selected = fromEnv;
      if (!result.profiles.some((p) => p.name === fromEnv)) {
        result.problems.push({ severity: 'warning', message: `NATS_CONTEXT ${unknownSelection(fromEnv, dir)}` });
      }
    }
    markSelected(result);
    return result;
  }
  try {
    const selected = (await readContextFile(path.join(base, 'context.txt'))).toString('utf8').trim();
    if (selected) {
      result.selected = selected;
      result.selectedBy = 'context.txt';
      if (!result.profiles.some((p) => p.name === selected)) {
        result.problems.push({ severity: 'warning', message: `${path.join(base, 'context.txt')}: ${unknownSelection(selected, dir)}` });
      }
    }
  } catch (e) {
    if (!isMissing(e)) result.problems.push({ severity: 'warning', message: `${path.join(base, 'context.txt')}: cannot read the file (${whyUnreadable(e)})` });
  }
  markSelected(result);
  return result;
}

/** Why a selected context name has no profile: not a valid name, or no file. */
function unknownSelection(name: string, dir: string): string {
  const why = validContextName(name) ? `has no file in ${dir}` : 'is not a valid context name (the nats CLI refuses a name with "..", "/" or "\\")';
  return `selects "${displayText(name)}", which ${why}`;
}

function markSelected(result: NatsContexts): void {
  const selected = result.profiles.find((p) => p.name === result.selected);
  if (selected) selected.selected = true;
}

/** What a context authenticates with, resolved: secrets, for the connection only. */
export interface ContextCredentials {
  user?: string;
  password?: string;
  token?: string;
  /** The text of a `.creds` (from a file, `nsc://`, `env://` or `data:`). */
  creds?: string;
  /** A user nkey seed. */
  nkeySeed?: string;
  /** `user_jwt`, with `jwtSeed` from `user_seed` (none: a bearer JWT). */
  jwt?: string;
  jwtSeed?: string;
}

/**
 * The user seed in a text (a seed file, decorated or not, or a value); `where` names its source in
 * the error, which never shows the text.
 */
function userSeedIn(text: string, field: string, where: string): string {
  const seed = decoratedSeed(text);
  if (!seed) throw new ReferenceError(`"${field}": ${where} holds no nkey seed`);
  if (!seed.startsWith('SU')) throw new ReferenceError(`"${field}": ${where} holds ${seed.startsWith('SO') ? 'an operator' : 'an account'} seed; a user seed (SU…) is needed`);
  return seed;
}

/**
 * Reads a context's file again when connecting and resolves its references, in the CLI's order of
 * precedence. Throws a ReferenceError naming the field (never the secret).
 */
export async function resolveContextCredentials(profile: ConnectionProfile, options: NatsContextsOptions = {}): Promise<ContextCredentials> {
  if (profile.source !== 'nats-context' || !profile.file) return {};
  const ctx = resolveContextOf(options);
  let text: string;
  try {
    text = (await readContextFile(profile.file)).toString('utf8');
  } catch (e) {
    throw new ReferenceError(`cannot read ${profile.file}: ${whyUnreadable(e)}`);
  }
  const parsed = parseContext(profile.file, text, ctx);
  if (!('values' in parsed)) throw new ReferenceError(parsed.message);
  const v = parsed.values.strings;
  const out: ContextCredentials = {};
  const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
  const creds = credsValue(v);
  if (v.user) {
    out.user = v.user;
    out.password = await resolveLiteral(v.password ?? '', 'password', ctx);
  } else if (creds) {
    out.creds = decode(await resolveReference(creds, 'creds', 'path', ctx));
  } else if (v.nkey) {
    out.nkeySeed = userSeedIn(decode(await resolveReference(v.nkey, 'nkey', 'path', ctx)), 'nkey', describeReference(v.nkey));
  } else if (v.user_jwt) {
    out.jwt = decoratedJwt(await resolveLiteral(v.user_jwt, 'user_jwt', ctx));
    if (v.user_seed) {
      const where = (REFERENCE_SCHEMES as readonly string[]).includes(referenceScheme(v.user_seed)) ? describeReference(v.user_seed) : 'its value';
      out.jwtSeed = userSeedIn(await resolveLiteral(v.user_seed, 'user_seed', ctx), 'user_seed', where);
    }
  }
  if (v.token) out.token = await resolveLiteral(v.token, 'token', ctx);
  return out;
}
