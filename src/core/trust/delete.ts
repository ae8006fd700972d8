/**
 * Deleting a user or an account from the store (nsc `delete user`/`delete account`), and the
 * sentences a confirmation shows: what stops working and what does not.
 *
 * Deleting only removes files here: a user's JWT is signed and its `.creds` may be anywhere, so
 * servers keep admitting it until it expires, unless it is revoked first (`revoke: true`; the
 * revocation reaches servers with the next push of its account). An account deleted here stays on
 * the servers that hold it. As nsc does, the seed stays unless `removeSeed` (seeds cannot be made
 * again), and the keystore `.creds` stays unless `removeCreds`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inTransaction, readText, removeFileAtomic } from './files';
import { parseJwt } from './jwt';
import { importsOf } from './exportsRead';
import { isPublicKey } from './keys';
import { checkName, paths, StoreLocation } from './layout';
import type { AccountEntry } from './model';
import { TrustError } from './problems';
import { readOperatorEntry } from './storeRead';
import { revokeUsers } from './revocations';
import { loadAccount, loadOperator } from './storeAccess';

export interface DeleteUserArgs {
  store: StoreLocation;
  operator: string;
  account: string;
  name: string;
  /** Revoke the user in its account JWT first (default false). */
  revoke?: boolean;
  /** Also delete the keystore's .creds of the user. */
  removeCreds?: boolean;
  /** Also delete the user's seed. */
  removeSeed?: boolean;
}

export interface DeleteResult {
  /** The files removed. */
  removed: string[];
  /** Set when the user was revoked first: the account JWT to push. */
  revokedIn?: string;
  /** The accounts of the store that import from the deleted account: those imports stop working. */
  importers?: string[];
}

/** What deleting a user stops, in sentences (for a confirmation). */
export function userDeletionImpact(account: string, name: string, revoke: boolean): string[] {
  return revoke
    ? [
        `User '${name}' is revoked in account '${account}' and removed from the store.`,
        `Once account '${account}' is pushed, servers refuse its credentials and close its open connections.`,
      ]
    : [
        `User '${name}' is removed from the store, but its credentials keep working on servers until its JWT expires.`,
        'To lock it out, revoke it (delete with revoke, then push the account).',
      ];
}

/** Deletes a user (see the module comment). */
export async function deleteUser(args: DeleteUserArgs): Promise<DeleteResult> {
  return inTransaction(async () => {
    const { store, operator, account, name } = args;
    checkName(operator, 'operator', true);
    checkName(account, 'account', true);
    checkName(name, 'user', true);
    const jwtPath = paths.userJwt(store, operator, account, name);
    if (!fs.existsSync(jwtPath)) throw new TrustError('not-found', `user '${name}' of account '${account}' does not exist (${jwtPath} is missing)`);
    const result: DeleteResult = { removed: [] };
    // A broken user can be deleted too: its key is read, not verified.
    const parsed = parseJwt(readText(jwtPath).text ?? '');
    const publicKey = parsed.ok && isPublicKey(parsed.jwt.claims.sub, 'user') ? parsed.jwt.claims.sub : undefined;
    if (args.revoke) result.revokedIn = (await revokeUsers({ store, operator, account, users: [name] })).jwtPath;
    const files = [jwtPath];
    if (args.removeCreds) files.push(paths.creds(store, operator, account, name));
    if (args.removeSeed && publicKey) files.push(paths.seed(store, publicKey));
    for (const f of files) {
      if (!fs.existsSync(f)) continue;
      removeFileAtomic(f);
      result.removed.push(f);
    }
    return result;
  });
}

export interface DeleteAccountArgs {
  store: StoreLocation;
  operator: string;
  name: string;
  /** Also delete the keystore's .creds of its users. */
  removeCreds?: boolean;
}

/** What deleting an account stops, in sentences (for a confirmation). */
export async function accountDeletionImpact(store: StoreLocation, operator: string, name: string): Promise<string[]> {
  const accounts = (await readOperatorEntry(store, operator))?.accounts ?? [];
  const entry = accounts.find((a) => a.name === name);
  const users = entry?.users.map((u) => u.name) ?? [];
  const importers = importersOfAccount(accounts, name, entry?.publicKey);
  return [
    `Account '${name}' and its ${users.length === 1 ? 'user' : `${users.length} users`}${users.length ? ` (${users.slice(0, 10).join(', ')}${users.length > 10 ? ', …' : ''})` : ''} are removed from the store: no user can be added, edited or revoked in it any more.`,
    'Servers that hold the account keep it and keep admitting its users; revoke its users and push before deleting to lock them out.',
    ...(importers.length
      ? [
          `${importers.map((a) => `'${a}'`).join(', ')} ${importers.length === 1 ? 'imports' : 'import'} from it: those imports then name an account the store no longer has ` +
            `(a server that does not hold it cannot serve them, and activation tokens for its private exports cannot be made again); remove them with 'import rm --from-account ${entry?.publicKey ?? name}'.`,
        ]
      : []),
  ];
}

/** The other accounts of the store that import from the account `name` (public key `publicKey`). */
function importersOfAccount(accounts: readonly AccountEntry[], name: string, publicKey: string | undefined): string[] {
  if (!publicKey) return [];
  return accounts.filter((a) => a.name !== name && importsOf(a.claims).some((i) => i.account === publicKey)).map((a) => a.name);
}

/** Every file below `dir` and the folders that hold them (deepest last). */
function filesBelow(dir: string): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  const walk = (d: string): void => {
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    folders.push(d);
    for (const item of items) {
      const full = path.join(d, item.name);
      if (item.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dir);
  return { files, folders };
}

/** Deletes an account folder with its users (never the operator's system account). */
export async function deleteAccount(args: DeleteAccountArgs): Promise<DeleteResult> {
  return inTransaction(async () => {
    const { store, operator, name } = args;
    const op = loadOperator(store, operator);
    checkName(name, 'account', true);
    const dir = paths.accountDir(store, operator, name);
    if (!fs.existsSync(paths.accountJwt(store, operator, name))) throw new TrustError('not-found', `account '${name}' of operator '${operator}' does not exist`);
    const { acc } = loadAccount(store, operator, name);
    if (acc.claims.sub === op.claims.nats.system_account) throw new TrustError('invalid-argument', `account '${name}' is the system account of operator '${operator}': servers need it, so it cannot be deleted`);
    const importers = importersOfAccount((await readOperatorEntry(store, operator))?.accounts ?? [], name, acc.claims.sub);
    const targets = [filesBelow(dir)];
    if (args.removeCreds) targets.push(filesBelow(paths.credsDir(store, operator, name)));
    const removed: string[] = [];
    for (const { files, folders } of targets) {
      for (const f of files) {
        removeFileAtomic(f, folders);
        removed.push(f);
      }
    }
    return { removed, ...(importers.length ? { importers } : {}) };
  });
}
