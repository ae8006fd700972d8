/**
 * Credentials built from the store: a user's JWT and its seed from the keystore, in the `.creds`
 * format. The system account's user is what a push and an account lookup talk to `$SYS` with.
 */
import { formatCreds } from './creds';
import { StoreLocation } from './layout';
import type { OperatorEntry, UserEntry } from './model';
import { TrustError } from './problems';
import { loadSeed } from './storeWrite';

/**
 * The `.creds` text of `systemUser` of `entry`'s system account (default: the first user whose seed
 * is in the keystore and whose JWT verifies). A TrustError (`not-found`, `missing-seed`) says why none.
 */
export function systemUserCreds(store: StoreLocation, entry: OperatorEntry, systemUser?: string): string {
  const sysAccount = entry.accounts.find((a) => a.isSystem);
  if (!sysAccount) throw new TrustError('not-found', `operator '${entry.name}' has no system account in the store: nothing can push`);
  const sysUser = sysAccount.users.find((u) => (systemUser === undefined ? u.key?.hasSeed && u.problems.every((p) => p.severity !== 'error') : u.name === systemUser));
  if (!sysUser || !sysUser.jwt || !sysUser.publicKey) {
    throw new TrustError('not-found', `no usable user of system account '${sysAccount.name}'${systemUser ? ` named '${systemUser}'` : ''} with its seed in the keystore`);
  }
  return storeUserCreds(store, sysUser);
}

/**
 * The `.creds` text of a user of the store, as its JWT file holds it (valid or not: a diagnosis
 * wants to see it either way). A TrustError when the JWT is unreadable or the seed is missing.
 */
export function storeUserCreds(store: StoreLocation, user: UserEntry): string {
  const what = `user '${user.name}' of account '${user.account}'`;
  if (!user.jwt || !user.publicKey) throw new TrustError('invalid', `the JWT of ${what} is not readable (${user.jwtPath})`);
  const key = loadSeed(store, user.publicKey);
  if (!key) throw new TrustError('missing-seed', `the seed of ${what} (${user.publicKey}) is not in the keystore ${store.keysDir}`);
  return formatCreds(user.jwt, key);
}
