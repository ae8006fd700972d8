/**
 * Values of a `nats` CLI context as the CLI reads them (nats-io/jsm.go `natscontext`):
 *
 * - `$VAR` / `${VAR}` and a leading `~` are expanded in `creds`, `nkey`, `cert`, `key` and `ca`
 *   (Go's `os.ExpandEnv`, then `~` replaced by the home folder), when the context is loaded;
 * - `creds`, `nkey`, `password`, `token`, `user_jwt` and `user_seed` may be references:
 *   `file://PATH`, `env://VAR`, `data:;base64,…`, `nsc://OPERATOR/ACCOUNT/USER`. A bare `creds` or
 *   `nkey` is a path; a bare password, token, JWT or seed is the value itself (as is a value whose
 *   scheme no resolver handles).
 *
 * The CLI resolves `nsc://` by running `nsc generate profile`; here it is resolved straight from
 * nsc's store (see nscEnvironment): the user's `.creds` in the keystore, else its JWT and seed.
 * Resolved values are secrets: they are returned to the caller and never put in messages.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { describeIoError } from '../ioErrors';
import { formatCreds } from '../trust/creds';
import { readBoundedFileAsync } from '../trust/files';
import { NKey } from '../trust/keys';
import { nscEnvironment, paths, StoreLocation } from '../trust/layout';
import { readStore } from '../trust/storeRead';
import type { OperatorEntry } from '../trust/model';

export type Env = Record<string, string | undefined>;

/** Where references are resolved: the environment, the home folder, nsc's store. */
export interface ResolveContext {
  env?: Env;
  home?: string;
  /** nsc's store (default: nsc's own, from the environment). */
  nscStore?: StoreLocation;
}

/** A reference that cannot be resolved; the message names the field, never a secret. */
export class ReferenceError extends Error {}

function isShellSpecial(c: string): boolean {
  return '*#$@!?-0123456789'.includes(c);
}

function isAlphaNum(c: string): boolean {
  return /^[A-Za-z0-9_]$/.test(c);
}

/** Go's `getShellName`: the name after a `$` and how many characters it took. */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isShellSpecial(s[1]) && s[2] === '}') return [s[1], 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (isShellSpecial(s[0])) return [s[0], 1];
  let i = 0;
  while (i < s.length && isAlphaNum(s[i])) i++;
  return [s.slice(0, i), i];
}

/** Go's `os.ExpandEnv`: `$VAR` and `${VAR}` replaced (unset variables by nothing), bad syntax eaten. */
export function expandEnv(s: string, env: Env = process.env): string {
  let out = '';
  let from = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== '$' || j + 1 >= s.length) continue;
    out += s.slice(from, j);
    const [name, width] = shellName(s.slice(j + 1));
    if (name === '' && width > 0) {
      /* invalid syntax: eaten */
    } else if (name === '') out += '$';
    else out += env[name] ?? '';
    j += width;
    from = j + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** jsm.go's `expandHomedir`: `$VAR` expanded, then a leading `~` replaced by the home folder. */
export function expandPath(value: string, ctx: ResolveContext = {}): string {
  const expanded = expandEnv(value, ctx.env ?? process.env);
  if (!expanded.startsWith('~')) return expanded;
  return (ctx.home ?? os.homedir()) + expanded.slice(1);
}

/**
 * The scheme of a reference, lower case, as Go's `url.Parse` finds it (at least two characters,
 * so that `C:\…` is a path); '' for none.
 */
export function referenceScheme(ref: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(ref);
  return m && m[1].length >= 2 ? m[1].toLowerCase() : '';
}

/** The schemes resolved here (the CLI also has `op://`, 1Password's, which needs its `op` binary). */
export const REFERENCE_SCHEMES = ['file', 'env', 'data', 'nsc'] as const;

function trimPrefix(ref: string, prefix: string): string {
  return ref.slice(0, prefix.length).toLowerCase() === prefix ? ref.slice(prefix.length) : ref;
}

/** The path a `file://` reference or bare path names. */
export function filePathOf(ref: string, ctx: ResolveContext = {}): string {
  return expandPath(trimPrefix(ref, 'file://'), ctx);
}

/** A reference in words for messages and tooltips: secrets inside `data:` never shown. */
export function describeReference(ref: string): string {
  const scheme = referenceScheme(ref);
  if (scheme === 'data') return 'inline data (data: URI)';
  if (scheme === 'env') return `environment variable ${trimPrefix(ref, 'env://')}`;
  if (scheme === 'nsc') return ref.split('?')[0];
  return filePathOf(ref);
}

function decodeData(ref: string, field: string): Uint8Array {
  const rest = trimPrefix(ref, 'data:');
  const comma = rest.indexOf(',');
  if (comma < 0) throw new ReferenceError(`"${field}": the data: reference has no "," before its payload`);
  if (!rest.slice(0, comma).split(';').some((p) => p.trim() === 'base64')) {
    throw new ReferenceError(`"${field}": the data: reference must declare ";base64" encoding`);
  }
  // Go's base64 decoder skips line breaks, so a payload wrapped by `base64` is valid.
  const payload = rest.slice(comma + 1).replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 !== 0) {
    throw new ReferenceError(`"${field}": the data: reference's payload is not valid base64`);
  }
  return Buffer.from(payload, 'base64');
}

/**
 * The most a file named by a context (a `.creds`, a seed, a password, a TLS file) or a context file
 * itself is read up to: far more than any of them holds, far less than a device or a stray dump.
 */
export const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;

/**
 * A file named by a context: only a regular file (a FIFO would block, /dev/zero never ends) of at
 * most MAX_CONTEXT_FILE_BYTES. Errors as fs gives them; see `whyUnreadable`.
 */
export function readContextFile(file: string): Promise<Buffer> {
  return readBoundedFileAsync(file, MAX_CONTEXT_FILE_BYTES);
}

/** Why `readContextFile` failed, in words. */
export function whyUnreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EFBIG') return 'it is larger than 1 MiB, too large for what it should hold (file too large)';
  return describeIoError(e);
}

async function readRefFile(file: string, field: string): Promise<Uint8Array> {
  try {
    return await readContextFile(file);
  } catch (e) {
    throw new ReferenceError(`"${field}": cannot read ${file}: ${whyUnreadable(e)}`);
  }
}

interface NscUrl {
  operator: string;
  account: string;
  user: string;
  query: Map<string, string>;
}

/** nsc's `ParseNscURL`: `nsc://operator/account/user?query`. */
export function parseNscUrl(ref: string, field = 'creds'): NscUrl {
  if (!ref.toLowerCase().startsWith('nsc://')) throw new ReferenceError(`"${field}": ${ref} is not an nsc:// reference`);
  let s = ref.slice('nsc://'.length);
  const query = new Map<string, string>();
  const q = s.indexOf('?');
  if (q > 0) {
    for (const part of s.slice(q + 1).toLowerCase().split('&')) {
      const [k, v] = part.split('=');
      if (!k) continue;
      try {
        query.set(k, v === undefined ? '' : decodeURIComponent(v));
      } catch {
        throw new ReferenceError(`"${field}": ${ref}: the query value of "${k}" has a malformed %-escape`);
      }
    }
    s = s.slice(0, q);
  }
  const parts = ['operator', 'account', 'user'].map((part, i) => {
    const raw = s.split('/')[i] ?? '';
    try {
      return decodeURIComponent(raw);
    } catch {
      throw new ReferenceError(`"${field}": ${ref}: the ${part} "${raw}" has a malformed %-escape`);
    }
  });
  const [operator, account, user] = parts;
  if (!operator) throw new ReferenceError(`"${field}": ${ref} names no operator (nsc://OPERATOR/ACCOUNT/USER)`);
  return { operator, account, user, query };
}

/** nsc's alias match: the entry's folder name, its JWT's name or its public key, case-insensitive. */
function matches(entry: { name: string; publicKey?: string; claims?: { name?: string } }, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return [entry.name, entry.claims?.name, entry.publicKey].some((n) => n !== undefined && n.toLowerCase() === w);
}

export interface NscUser {
  operator: OperatorEntry;
  /** The `.creds` text. */
  creds: string;
  /** The `.creds` file it came from, when it came from one. */
  credsPath?: string;
  /** The operator's `operator_service_urls`. */
  serviceUrls: string[];
}

/**
 * Resolves `nsc://OPERATOR/ACCOUNT/USER` from nsc's store as `nsc generate profile` does (names,
 * JWT names or public keys, case-insensitive; `store=` and `keystore=` in the query move the
 * store): the user's `.creds` in the keystore, else a `.creds` made from its JWT and its seed.
 */
export async function resolveNscUser(ref: string, ctx: ResolveContext = {}, field = 'creds'): Promise<NscUser> {
  const url = parseNscUrl(ref, field);
  const env = ctx.env ?? process.env;
  const home = ctx.home ?? os.homedir();
  const base = ctx.nscStore ?? nscEnvironment({ env, home }).location;
  const store: StoreLocation = {
    storesDir: url.query.has('store') ? path.resolve(expandPath(url.query.get('store') ?? '', ctx)) : base.storesDir,
    keysDir: url.query.has('keystore') ? path.resolve(expandPath(url.query.get('keystore') ?? '', ctx)) : base.keysDir,
  };
  const model = await readStore(store);
  const operator = model.operators.find((o) => matches(o, url.operator));
  if (!operator) throw new ReferenceError(`"${field}": ${ref}: operator "${url.operator}" is not in the nsc store ${store.storesDir}`);
  const serviceUrls = ((operator.claims?.nats as { operator_service_urls?: string[] } | undefined)?.operator_service_urls ?? []).filter((u) => typeof u === 'string');
  if (!url.account || !url.user) throw new ReferenceError(`"${field}": ${ref} names no user (nsc://OPERATOR/ACCOUNT/USER)`);
  const account = operator.accounts.find((a) => matches(a, url.account));
  if (!account) throw new ReferenceError(`"${field}": ${ref}: account "${url.account}" is not in operator ${operator.name}`);
  const user = account.users.find((u) => matches(u, url.user));
  if (!user) throw new ReferenceError(`"${field}": ${ref}: user "${url.user}" is not in account ${account.name}`);
  const credsPath = paths.creds(store, operator.claims?.name ?? operator.name, account.claims?.name ?? account.name, user.claims?.name ?? user.name);
  try {
    return { operator, creds: (await readContextFile(credsPath)).toString('utf8'), credsPath, serviceUrls };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ReferenceError(`"${field}": ${ref}: cannot read ${credsPath}: ${whyUnreadable(e)}`);
  }
  if (!user.jwt || !user.publicKey) throw new ReferenceError(`"${field}": ${ref}: the user's JWT ${user.jwtPath} is not readable`);
  let seed: string;
  try {
    seed = (await readContextFile(paths.seed(store, user.publicKey))).toString('utf8').trim();
  } catch {
    throw new ReferenceError(`"${field}": ${ref}: no ${credsPath} and no seed of user ${user.publicKey} in the keystore ${store.keysDir}`);
  }
  return { operator, creds: formatCreds(user.jwt.trim(), NKey.fromSeed(seed, 'user')), serviceUrls };
}

/**
 * The bytes a reference names. `bare`: what a value without a known scheme is (`path` for
 * `creds`/`nkey`, `literal` for secrets). Throws a ReferenceError naming `field`.
 */
export async function resolveReference(ref: string, field: string, bare: 'path' | 'literal', ctx: ResolveContext = {}): Promise<Uint8Array> {
  const scheme = referenceScheme(ref);
  switch (scheme) {
    case 'file':
      return readRefFile(filePathOf(ref, ctx), field);
    case 'env': {
      const name = trimPrefix(ref, 'env://');
      if (!name) throw new ReferenceError(`"${field}": the env:// reference names no variable`);
      const value = (ctx.env ?? process.env)[name];
      if (value === undefined) throw new ReferenceError(`"${field}": environment variable ${name} is not set`);
      if (value === '') throw new ReferenceError(`"${field}": environment variable ${name} is empty`);
      return new TextEncoder().encode(value);
    }
    case 'data':
      return decodeData(ref, field);
    case 'nsc':
      return new TextEncoder().encode((await resolveNscUser(ref, ctx, field)).creds);
    case 'op':
      throw new ReferenceError(`"${field}": op:// (1Password) references need the 1Password CLI and are not resolved here`);
    default:
      return bare === 'path' ? readRefFile(filePathOf(ref, ctx), field) : new TextEncoder().encode(ref);
  }
}

/** jsm.go's `resolveLiteral`: a secret value, resolved when it is a reference, trailing newlines cut. */
export async function resolveLiteral(ref: string, field: string, ctx: ResolveContext = {}): Promise<string> {
  if (ref === '') return '';
  const scheme = referenceScheme(ref);
  if (!(REFERENCE_SCHEMES as readonly string[]).includes(scheme) && scheme !== 'op') return ref;
  return new TextDecoder().decode(await resolveReference(ref, field, 'literal', ctx)).replace(/[\r\n]+$/, '');
}

/**
 * nkeys' `ParseDecoratedNKey`: the seed of a decorated file (the second `-----…-----` block, as
 * in a `.creds`), else the first line starting with SO, SA or SU. Undefined when there is none.
 */
export function decoratedSeed(text: string): string | undefined {
  const blocks = [...text.matchAll(/\s*(?:-{3,}.*-{3,}\r?\n)([\w\-.=]+)(?:\r?\n-{3,}.*-{3,}\r?\n)/g)];
  if (blocks.length > 1) return blocks[1][1];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('SO') || t.startsWith('SA') || t.startsWith('SU')) return t;
  }
  return undefined;
}

/** The first JWT of a decorated text (nkeys' `ParseDecoratedJWT`), or the trimmed text itself. */
export function decoratedJwt(text: string): string {
  const blocks = [...text.matchAll(/\s*(?:-{3,}.*-{3,}\r?\n)([\w\-.=]+)(?:\r?\n-{3,}.*-{3,}\r?\n)/g)];
  return blocks.length ? blocks[0][1] : text.trim();
}
