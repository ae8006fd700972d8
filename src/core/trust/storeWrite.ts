/**
 * Writing into a store (nsc layout): the keystore with its `.gitignore`, seeds, JWTs, creds and the
 * `.nsc` marker. Every file is written atomically with mode 0600 in 0700 folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDir, readFileText, staleTempFilesBelow, writeFileAtomic } from './files';
import { NKey } from './keys';
import { KEYSTORE_GITIGNORE, markerText, paths, StoreLocation } from './layout';
import { Problem, problem, TrustError } from './problems';

/** Creates the keystore folders (`keys/`, `creds/`) and nsc's `.gitignore` when missing. */
export function initKeystore(location: StoreLocation): void {
  const ignore = paths.keysGitignore(location);
  if (fs.existsSync(ignore)) return;
  ensureDir(path.join(location.keysDir, 'keys'));
  ensureDir(path.join(location.keysDir, 'creds'));
  try {
    writeFileAtomic(ignore, KEYSTORE_GITIGNORE);
  } catch (e) {
    if (!(e instanceof TrustError && e.code === 'exists')) throw e;
  }
}

/**
 * Stores a seed at keys/<k>/<ab>/<PUBLIC KEY>.nk. Like nsc, an identical seed already there is
 * fine; a different one is never replaced.
 */
export function storeSeed(location: StoreLocation, key: NKey): string {
  initKeystore(location);
  const file = paths.seed(location, key.publicKey);
  try {
    writeFileAtomic(file, key.seed());
  } catch (e) {
    if (!(e instanceof TrustError && e.code === 'exists')) throw e;
    if (readFileText(file).trim() !== key.seed()) {
      throw new TrustError('exists', `the keystore already holds a different seed file for ${key.publicKey} (${file})`);
    }
  }
  return file;
}

/**
 * Stores the seed of a key generated just now, in a keystore known to be initialised (see
 * initKeystore). Its file is named after the new random public key, so no file can be there yet:
 * it is moved into place with one rename, sparing the link and unlink that keep other files from
 * being replaced.
 */
export function storeNewSeed(location: StoreLocation, key: NKey): string {
  const file = paths.seed(location, key.publicKey);
  writeFileAtomic(file, key.seed(), { overwrite: true });
  return file;
}

/** The key pair whose seed the keystore holds for `publicKey`, or undefined. */
export function loadSeed(location: StoreLocation, publicKey: string): NKey | undefined {
  const file = paths.seed(location, publicKey);
  let text: string;
  try {
    text = readFileText(file);
  } catch {
    return undefined;
  }
  let key: NKey;
  try {
    key = NKey.fromSeed(text);
  } catch {
    throw new TrustError('invalid', `the seed file ${file} does not hold a valid seed`);
  }
  if (key.publicKey !== publicKey) throw new TrustError('invalid', `the seed file ${file} holds the seed of another key (${key.publicKey})`);
  return key;
}

export function storeJwt(file: string, jwt: string, overwrite = false): string {
  writeFileAtomic(file, jwt, { overwrite });
  return file;
}

export function storeMarker(location: StoreLocation, operator: string): string {
  const file = paths.marker(location, operator);
  writeFileAtomic(file, markerText(operator), { overwrite: true });
  return file;
}

/**
 * A warning for each temporary file that an interrupted write (a crash, a kill) left in the store
 * or the keystore. Such a file is no part of the store; the next write into its folder removes it.
 */
export async function leftoverProblems(location: StoreLocation): Promise<Problem[]> {
  const found = await Promise.all([...new Set([location.storesDir, location.keysDir])].map((dir) => staleTempFilesBelow(dir)));
  return found.flat().map((file) => {
    const secret = /\.(nk|creds)(\.|$)/.test(path.basename(file)) ? ' and may hold a seed' : '';
    return problem('leftover-temp-file', `${file} is a temporary file left by an interrupted write${secret}; it is no part of the store, and the next change in its folder removes it (or delete it)`, file, 'warning');
  });
}
