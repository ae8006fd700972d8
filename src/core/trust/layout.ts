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
 * `~/.nkeys` when only those exist.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrustError } from './problems';

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

function readStoreRoot(configFile: string): string | undefined {
  try {
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { store_root?: unknown };
    return typeof config.store_root === 'string' && config.store_root !== '' ? config.store_root : undefined;
  } catch {
    return undefined;
  }
}

/** nsc's own locations on this machine (see the module comment). */
export function nscDefaultLocation(environment: Environment = {}): StoreLocation {
  const env = environment.env ?? process.env;
  const home = environment.home ?? os.homedir();
  const exists = environment.exists ?? fs.existsSync;
  const data = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const config = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const dataHome = (dir: string, old: string): string => {
    const current = path.join(data, 'nats', 'nsc', dir);
    return !exists(current) && exists(old) ? old : current;
  };
  const configFile = [path.join(config, 'nats', 'nsc', 'nsc.json'), path.join(home, '.nsc', 'nsc.json')].find((f) => exists(f));
  const storesDir = (configFile && readStoreRoot(configFile)) || dataHome('stores', path.join(home, '.nsc', 'nats'));
  const keysDir = env.NKEYS_PATH || dataHome('keys', path.join(home, '.nkeys'));
  return { storesDir, keysDir };
}

/**
 * The longest name, in UTF-8 bytes: the longest file named after it, a `<name>.creds` under its
 * temporary name while it is written (files.ts TEMP_NAME_EXTRA more bytes), must fit the 255-byte
 * limit of file names (NAME_MAX) of Linux, macOS and Windows file systems.
 */
export const MAX_NAME_BYTES = 200;

/**
 * Checks a name used as a file name: not empty, no surrounding spaces, no path separators or
 * control characters, not `.` or `..`, not starting with a dot, at most MAX_NAME_BYTES in UTF-8.
 */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') throw new TrustError('invalid-name', `the ${what} name is empty`);
  if (name.trim() !== name) throw new TrustError('invalid-name', `the ${what} name '${name}' starts or ends with spaces`);
  if (/[/\\\u0000-\u001f\u007f]/.test(name)) throw new TrustError('invalid-name', `the ${what} name '${name}' contains a slash, backslash or control character`);
  if (name.startsWith('.')) throw new TrustError('invalid-name', `the ${what} name '${name}' starts with a dot`);
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
