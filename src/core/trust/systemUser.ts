/**
 * The credentials of a user of the operator's system account, built from the store (its JWT and
 * the seed from the keystore): what a push and an account lookup talk to `$SYS` subjects with.
 */
import { formatCreds } from './creds';
import { StoreLocation } from './layout';
import type { OperatorEntry } from './model';
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
  const sysKey = loadSeed(store, sysUser.publicKey);
  if (!sysKey) throw new TrustError('missing-seed', `the seed of system user '${sysUser.name}' is not in the keystore ${store.keysDir}`);
  return formatCreds(sysUser.jwt, sysKey);
}
