/**
 * Where things live, exactly as nsc lays them out:
 *
 *   <stores>/<OP>/.nsc                                   {"managed":false,"name":"OP","kind":"operator","version":"1"}
 *   <stores>/<OP>/<OP>.jwt
 *   <stores>/<OP>/accounts/<ACC>/<ACC>.jwt
 *   <stores>/<OP>/accounts/<ACC>/users/<USER>.jwt
 *   <keys>/.gitignore                                    **\/*.nk and **\/*.creds
 *   <keys>/keys/<pk[0]>/<pk[1:3]>/<PUBLIC KEY>.nk        the seed only
 *   <keys>/creds/<OP>/<ACC>/<USER>.creds
 *
 * `<stores>` defaults to `$XDG_DATA_HOME/nats/nsc/stores` (or nsc.json's `store_root`), `<keys>` to
 * `$NKEYS_PATH` or `$XDG_DATA_HOME/nats/nsc/keys`, falling back to nsc's older `~/.nsc/nats` and
 * `~/.nkeys` when only those exist (see nscEnvironment).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFileText } from './files';
import { goTrimSpace } from './identity';
import { TrustError } from './problems';
import { quoted } from './quote';

/** A store: the folder holding operator folders, and the keystore folder holding seeds and creds. */
export interface StoreLocation {
  storesDir: string;
  keysDir: string;
}

/** One root folder holding both: `<root>/stores` and `<root>/keys` (e.g. inside a workspace). */
export function storeAt(root: string): StoreLocation {
  const abs = path.resolve(root);
  return { storesDir: path.join(abs, 'stores'), keysDir: path.join(abs, 'keys') };
}

export interface Environment {
  env?: Record<string, string | undefined>;
  home?: string;
  /** For tests: whether a path exists (default fs.existsSync). */
  exists?: (p: string) => boolean;
}

/** What nsc's environment says: where its store and keystore are, and its default operator and account. */
export interface NscEnvironment {
  location: StoreLocation;
  /** nsc's config file (`nsc.json`), whether or not it exists. */
  configFile: string;
  /**
   * nsc's default operator and account, as nsc deduces them: the one named in nsc.json when it
   * exists in the store, or the only one there is.
   */
  operator?: string;
  account?: string;
}

interface NscConfig {
  store_root?: unknown;
  operator?: unknown;
  account?: unknown;
}

function readNscConfig(configFile: string): NscConfig {
  try {
    const config = JSON.parse(readFileText(configFile)) as unknown;
    return typeof config === 'object' && config !== null ? (config as NscConfig) : {};
  } catch {
    return {};
  }
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * `~` and `~/…` expanded to the home folder, then made absolute, as nsc does for NSC_HOME and
 * NKEYS_PATH (go-homedir's Expand, then filepath.Abs). `~user` cannot be expanded (nsc refuses it too).
 */
export function expandHome(value: string, home: string, what: string): string {
  if (value === '~' || value.startsWith('~/') || value.startsWith(`~${path.sep}`)) return path.resolve(home, value.slice(2));
  if (value.startsWith('~')) throw new TrustError('invalid-argument', `${what} (${value}): a user's home folder (~user) cannot be expanded; write the path out`);
  return path.resolve(value);
}

/**
 * nsc's `saneDefault`: the current choice when it exists, the only choice when there is one,
 * else none.
 */
function saneDefault(current: string | undefined, choices: string[]): string | undefined {
  if (choices.length === 1) return choices[0];
  return current !== undefined && choices.includes(current) ? current : undefined;
}

function subfolders(dir: string, holds: (name: string) => string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, holds(d.name))))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * nsc's environment (nsc 2.x, cmd/root.go, cmd/defaults.go, home/home.go): the config folder is
 * `$NSC_HOME` (with `~` expanded), else `$XDG_CONFIG_HOME/nats/nsc` (or the older `~/.nsc` when
 * only that holds an nsc.json); `store_root` of its nsc.json is the stores folder (used as written:
 * nsc expands no `~` there), else `$XDG_DATA_HOME/nats/nsc/stores`; the keystore is `$NKEYS_PATH`
 * (with `~` expanded), else `$XDG_DATA_HOME/nats/nsc/keys`, falling back to `~/.nsc/nats` and
 * `~/.nkeys` when only those exist. The default operator is nsc.json's `operator` when a folder of
 * the store holds it (with a `.nsc` marker), or the only operator; the default account likewise.
 */
export function nscEnvironment(environment: Environment = {}): NscEnvironment {
  const env = environment.env ?? process.env;
  const home = environment.home ?? os.homedir();
  const exists = environment.exists ?? fs.existsSync;
  const data = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const config = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const dataHome = (dir: string, old: string): string => {
    const current = path.join(data, 'nats', 'nsc', dir);
    return !exists(current) && exists(old) ? old : current;
  };
  const newConfig = path.join(config, 'nats', 'nsc');
  const oldConfig = path.join(home, '.nsc');
  const configDir = env.NSC_HOME
    ? expandHome(env.NSC_HOME, home, 'NSC_HOME')
    : !exists(path.join(newConfig, 'nsc.json')) && exists(path.join(oldConfig, 'nsc.json'))
      ? oldConfig
      : newConfig;
  const configFile = path.join(configDir, 'nsc.json');
  const nsc = exists(configFile) ? readNscConfig(configFile) : {};
  const storeRoot = nonEmpty(nsc.store_root);
  const storesDir = storeRoot ? path.resolve(storeRoot) : dataHome('stores', path.join(home, '.nsc', 'nats'));
  const keysDir = env.NKEYS_PATH ? expandHome(env.NKEYS_PATH, home, 'NKEYS_PATH') : dataHome('keys', path.join(home, '.nkeys'));
  const result: NscEnvironment = { location: { storesDir, keysDir }, configFile };
  const operator = saneDefault(nonEmpty(nsc.operator), subfolders(storesDir, () => MARKER_FILE));
  if (operator === undefined) return result;
  result.operator = operator;
  const account = saneDefault(nonEmpty(nsc.account), subfolders(path.join(storesDir, operator, 'accounts'), (a) => `${a}.jwt`));
  if (account !== undefined) result.account = account;
  return result;
}

/** nsc's own locations on this machine (see nscEnvironment). */
export function nscDefaultLocation(environment: Environment = {}): StoreLocation {
  return nscEnvironment(environment).location;
}

/**
 * The longest name, in UTF-8 bytes: the longest file named after it, a `<name>.creds` under its
 * temporary name while it is written (files.ts TEMP_NAME_EXTRA more bytes), must fit the 255-byte
 * limit of file names (NAME_MAX) of Linux, macOS and Windows file systems.
 */
export const MAX_NAME_BYTES = 200;

/**
 * Checks a name used as a file name: not empty, no surrounding spaces, no path separators or
 * control characters, not `.` or `..`, (for a new entry) not starting with a dot, at most
 * MAX_NAME_BYTES in UTF-8. `existing`: the name of an entry to look up, which may start with a dot
 * (nsc reads such entries).
 */
export function checkName(name: unknown, what: string, existing = false): string {
  if (typeof name !== 'string' || name === '') throw new TrustError('invalid-name', `the ${what} name is empty`);
  // Both trims: JavaScript's (which takes U+FEFF) and Go's, by which nsc names files (which takes U+0085).
  if (name.trim() !== name || goTrimSpace(name) !== name) throw new TrustError('invalid-name', `the ${what} name ${quoted(name)} starts or ends with spaces`);
  // Line separators (U+2028, U+2029) too: a name is shown on one line.
  if (/[/\\\p{Cc}\p{Zl}\p{Zp}]/u.test(name)) throw new TrustError('invalid-name', `the ${what} name ${quoted(name)} contains a slash, backslash, control character or line separator`);
  // A lone surrogate has no UTF-8 form: the file would be named with U+FFFD, the JWT would not be UTF-8.
  if (/\p{Cs}/u.test(name)) throw new TrustError('invalid-name', `the ${what} name ${quoted(name)} is not valid Unicode (it holds a lone UTF-16 surrogate)`);
  if (name.startsWith('.') && (!existing || name === '.' || name === '..')) throw new TrustError('invalid-name', `the ${what} name ${quoted(name)} starts with a dot`);
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) {
    throw new TrustError('invalid-name', `the ${what} name is ${bytes} bytes long in UTF-8; at most ${MAX_NAME_BYTES} fit the file names made from it (255 bytes at most)`);
  }
  return name;
}

export const MARKER_FILE = '.nsc';

export const paths = {
  operatorDir: (s: StoreLocation, operator: string): string => path.join(s.storesDir, operator),
  marker: (s: StoreLocation, operator: string): string => path.join(s.storesDir, operator, MARKER_FILE),
  operatorJwt: (s: StoreLocation, operator: string): string => path.join(s.storesDir, operator, `${operator}.jwt`),
  accountsDir: (s: StoreLocation, operator: string): string => path.join(s.storesDir, operator, 'accounts'),
  accountDir: (s: StoreLocation, operator: string, account: string): string => path.join(s.storesDir, operator, 'accounts', account),
  accountJwt: (s: StoreLocation, operator: string, account: string): string => path.join(s.storesDir, operator, 'accounts', account, `${account}.jwt`),
  usersDir: (s: StoreLocation, operator: string, account: string): string => path.join(s.storesDir, operator, 'accounts', account, 'users'),
  userJwt: (s: StoreLocation, operator: string, account: string, user: string): string =>
    path.join(s.storesDir, operator, 'accounts', account, 'users', `${user}.jwt`),
  seed: (s: StoreLocation, publicKey: string): string => path.join(s.keysDir, 'keys', publicKey.slice(0, 1), publicKey.slice(1, 3), `${publicKey}.nk`),
  credsDir: (s: StoreLocation, operator: string, account: string): string => path.join(s.keysDir, 'creds', operator, account),
  creds: (s: StoreLocation, operator: string, account: string, user: string): string => path.join(s.keysDir, 'creds', operator, account, `${user}.creds`),
  keysGitignore: (s: StoreLocation): string => path.join(s.keysDir, '.gitignore'),
};

/** The `.gitignore` nsc writes into the keystore root (byte for byte). */
export const KEYSTORE_GITIGNORE = '# ignore all nk files \n**/*.nk\n\n# ignore all creds files\n**/*.creds\n';

/** The `.nsc` marker nsc writes into an operator folder (Go's json.Marshal of its Info). */
export function markerText(operator: string): string {
  return JSON.stringify({ managed: false, name: operator, kind: 'operator', version: '1' });
}
