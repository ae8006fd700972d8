/**
 * Reading a store (nsc layout) into a model. Nothing here throws for bad data: an unreadable,
 * corrupt, tampered or half-present entry is returned with its `problems`.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from '../ioErrors';
import { jetStreamEnabled } from './claims';
import { isTempFileName, readFileTextAsync } from './files';
import { NKey } from './keys';
import { JwtClaims } from './jwt';
import { checkIdentities } from './identity';
import { checkImports } from './exportsRead';
import { checkName, paths, StoreLocation, MARKER_FILE } from './layout';
import { AccountEntry, KeyInfo, OperatorEntry, StoreMarker, StoreModel, UserEntry } from './model';
import { Problem, problem } from './problems';
import { leftoverProblems } from './storeWrite';
import { changedSincePush, PushRecords, readPushRecords } from './pushState';
import { anchorOf, revokedAt, TrustAnchor, Verification, verifyJwt } from './verify';

export interface ReadOptions {
  /** The clock for expiry checks (default: now). */
  now?: Date;
}

type Read = { text?: string; problem?: Problem };

async function readFile(file: string): Promise<Read> {
  try {
    return { text: await readFileTextAsync(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return { problem: problem('unreadable', `cannot read ${file}: ${describeIoError(e)}`, file) };
  }
}

/**
 * The entries of a folder: operator folders, account folders, or user JWTs (names without
 * `.jwt`). Like nsc, names starting with a dot are entries too, but only a dot-named folder that
 * holds what nsc looks for (an operator's `.nsc` marker, an account's `<name>.jwt`): other hidden
 * folders are not the store's.
 */
async function listDir(dir: string, want: 'operators' | 'accounts' | 'jwts'): Promise<{ names: string[]; problem?: Problem }> {
  try {
    const items = await fsp.readdir(dir, { withFileTypes: true });
    const holds = async (name: string): Promise<boolean> => {
      const inside = want === 'operators' ? MARKER_FILE : `${name}.jwt`;
      return fsp.access(path.join(dir, name, inside)).then(() => true, () => false);
    };
    const names: string[] = [];
    for (const d of items) {
      if (want === 'jwts') {
        if (d.isFile() && d.name.endsWith('.jwt') && d.name !== '.jwt' && !isTempFileName(d.name)) names.push(d.name.slice(0, -'.jwt'.length));
      } else if (d.isDirectory() && (!d.name.startsWith('.') || (await holds(d.name)))) {
        names.push(d.name);
      }
    }
    return { names: names.sort((a, b) => a.localeCompare(b)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { names: [] };
    return { names: [], problem: problem('unreadable', `cannot list ${dir}: ${describeIoError(e)}`, dir) };
  }
}

/** Looks up a seed in the keystore and checks that it is a seed of that very key. */
async function keyInfo(location: StoreLocation, publicKey: string, problems: Problem[]): Promise<KeyInfo> {
  const seedPath = paths.seed(location, publicKey);
  const read = await readFile(seedPath);
  if (read.problem) problems.push(read.problem);
  if (read.text === undefined) return { publicKey, hasSeed: false, seedPath };
  try {
    const key = NKey.fromSeed(read.text);
    if (key.publicKey !== publicKey) {
      problems.push(problem('seed-mismatch', `the seed file ${seedPath} holds the seed of another key (${key.publicKey})`, seedPath));
      return { publicKey, hasSeed: false, seedPath };
    }
    return { publicKey, hasSeed: true, seedPath };
  } catch {
    problems.push(problem('corrupt-seed', `the seed file ${seedPath} does not hold a valid seed`, seedPath));
    return { publicKey, hasSeed: false, seedPath };
  }
}

interface JwtRead {
  jwt?: string;
  verification?: Verification;
  problems: Problem[];
}

async function readJwt(file: string, kind: 'operator' | 'account' | 'user', what: string, issuer: TrustAnchor | undefined, now: Date | undefined): Promise<JwtRead> {
  const read = await readFile(file);
  if (read.problem) return { problems: [read.problem] };
  if (read.text === undefined) return { problems: [problem('missing-jwt', `${what} has no JWT: ${file} is missing`, file)] };
  const verification = verifyJwt(read.text, { expect: kind, issuer, now, path: file });
  return { jwt: read.text.trim(), verification, problems: [...verification.problems] };
}

/** Copies what a verification found onto an entry. */
function applyVerification(entry: OperatorEntry | AccountEntry | UserEntry, read: JwtRead): void {
  if (read.jwt !== undefined) entry.jwt = read.jwt;
  const v = read.verification;
  if (!v) return;
  if (v.claims) {
    entry.claims = v.claims;
    entry.publicKey = v.claims.sub;
    // (accounts and users: see checkIdentities, where a name that is not the folder's is an error)
    if (entry.kind === 'operator' && v.claims.name !== undefined && v.claims.name !== entry.name) {
      entry.problems.push(problem('name-mismatch', `the JWT names itself '${v.claims.name}' but is stored as '${entry.name}'`, entry.jwtPath, 'warning'));
    }
  }
  if (v.signedBy) entry.signedBy = v.signedBy;
  if (v.expires) entry.expires = v.expires;
  if (v.notBefore) entry.notBefore = v.notBefore;
}

/**
 * The anchor that a parent entry's claims give its children, unless its own signature failed: a
 * tampered parent could list any signing key, so its children's issuer is then not checked and
 * they get a warning saying so.
 */
function trustedAnchor(parent: OperatorEntry | AccountEntry, what: string, problems: Problem[], file: string): TrustAnchor | undefined {
  if (!parent.claims) return undefined;
  if (parent.problems.some((p) => p.code === 'bad-signature')) {
    problems.push(problem('unknown-issuer', `the issuer cannot be checked: ${what} '${parent.name}' has a JWT that fails its signature check`, file, 'warning'));
    return undefined;
  }
  return anchorOf(parent.claims);
}

async function identityKey(location: StoreLocation, entry: OperatorEntry | AccountEntry | UserEntry, missing: string): Promise<void> {
  if (!entry.publicKey) return;
  entry.key = await keyInfo(location, entry.publicKey, entry.problems);
  if (!entry.key.hasSeed && !entry.problems.some((p) => p.path === entry.key?.seedPath)) {
    entry.problems.push(problem('missing-seed', missing, entry.key.seedPath, 'warning'));
  }
}

async function signingKeyInfos(location: StoreLocation, claims: JwtClaims | undefined, problems: Problem[]): Promise<KeyInfo[]> {
  if (!claims) return [];
  const anchor = anchorOf(claims);
  return Promise.all(
    anchor.signingKeys.map(async (k) => {
      const info = await keyInfo(location, k, problems);
      const scope = anchor.scopes?.get(k);
      return scope ? { ...info, scope } : info;
    }),
  );
}

async function readUser(location: StoreLocation, operator: string, account: AccountEntry, name: string, now: Date | undefined): Promise<UserEntry> {
  const jwtPath = paths.userJwt(location, operator, account.name, name);
  const chain: Problem[] = [];
  const issuer = trustedAnchor(account, 'account', chain, jwtPath);
  const read = await readJwt(jwtPath, 'user', `user '${name}'`, issuer, now);
  const user: UserEntry = { kind: 'user', name, operator, account: account.name, jwtPath, bearer: false, problems: [...read.problems, ...chain] };
  applyVerification(user, read);
  if (user.claims) {
    const nats = user.claims.nats;
    if (typeof nats.issuer_account === 'string') user.issuerAccount = nats.issuer_account;
    user.bearer = nats.bearer_token === true;
    const scope = user.signedBy === 'signing-key' ? issuer?.scopes?.get(user.claims.iss) : undefined;
    if (scope) {
      user.scope = scope;
      user.bearer = scope.template.bearer_token === true;
    }
  }
  if (user.claims && account.claims) {
    const revoked = revokedAt(account.claims, user.claims);
    if (revoked) user.revokedAt = revoked;
  }
  await identityKey(location, user, `the seed of user '${name}' is not in the keystore: no .creds can be made for it`);
  const credsPath = paths.creds(location, operator, account.name, name);
  if (await fsp.access(credsPath).then(() => true, () => false)) user.credsPath = credsPath;
  return user;
}

async function readAccount(location: StoreLocation, op: OperatorEntry, name: string, now: Date | undefined, pushed: PushRecords): Promise<AccountEntry> {
  const jwtPath = paths.accountJwt(location, op.name, name);
  const chain: Problem[] = [];
  const issuer = trustedAnchor(op, 'operator', chain, jwtPath);
  const read = await readJwt(jwtPath, 'account', `account '${name}'`, issuer, now);
  const account: AccountEntry = {
    kind: 'account',
    name,
    operator: op.name,
    dir: paths.accountDir(location, op.name, name),
    jwtPath,
    signingKeys: [],
    isSystem: false,
    jetstream: false,
    users: [],
    problems: [...read.problems, ...chain],
  };
  applyVerification(account, read);
  if (account.claims) {
    account.isSystem = account.publicKey !== undefined && account.publicKey === op.systemAccount;
    account.jetstream = jetStreamEnabled(account.claims.nats.limits as Parameters<typeof jetStreamEnabled>[0]);
    const record = pushed[account.claims.sub];
    if (account.jwt !== undefined && changedSincePush(record, account.jwt)) account.changedSincePush = true;
    if (record?.pushedAt && Number.isFinite(Date.parse(record.pushedAt))) account.pushedAt = new Date(record.pushedAt);
  }
  await identityKey(location, account, `the seed of account '${name}' is not in the keystore: only its signing keys can sign users`);
  account.signingKeys = await signingKeyInfos(location, account.claims, account.problems);
  const users = await listDir(paths.usersDir(location, op.name, name), 'jwts');
  if (users.problem) account.problems.push(users.problem);
  account.users = await Promise.all(users.names.map((u) => readUser(location, op.name, account, u, now)));
  return account;
}

async function readMarker(location: StoreLocation, op: OperatorEntry): Promise<void> {
  const file = paths.marker(location, op.name);
  const read = await readFile(file);
  if (read.problem) return void op.problems.push(read.problem);
  if (read.text === undefined) {
    return void op.problems.push(problem('missing-marker', `the ${MARKER_FILE} marker is missing in ${op.dir}: nsc does not recognise this folder as a store`, file));
  }
  try {
    const marker = JSON.parse(read.text) as StoreMarker;
    if (typeof marker !== 'object' || marker === null) throw new Error('not an object');
    op.marker = marker;
    if (marker.name !== op.name) {
      op.problems.push(problem('name-mismatch', `the ${MARKER_FILE} marker names the operator '${String(marker.name)}' but its folder is '${op.name}'`, file, 'warning'));
    }
  } catch {
    op.problems.push(problem('corrupt-marker', `the ${MARKER_FILE} marker in ${op.dir} is not valid JSON`, file));
  }
}

async function readOperator(location: StoreLocation, name: string, now: Date | undefined): Promise<OperatorEntry> {
  const jwtPath = paths.operatorJwt(location, name);
  const read = await readJwt(jwtPath, 'operator', `operator '${name}'`, undefined, now);
  const op: OperatorEntry = { kind: 'operator', name, dir: paths.operatorDir(location, name), jwtPath, signingKeys: [], accounts: [], problems: [] };
  await readMarker(location, op);
  op.problems.push(...read.problems);
  applyVerification(op, read);
  if (op.claims && typeof op.claims.nats.system_account === 'string') op.systemAccount = op.claims.nats.system_account;
  await identityKey(location, op, `the seed of operator '${name}' is not in the keystore: only its signing keys can sign accounts`);
  op.signingKeys = await signingKeyInfos(location, op.claims, op.problems);
  const accounts = await listDir(paths.accountsDir(location, name), 'accounts');
  if (accounts.problem) op.problems.push(accounts.problem);
  const pushed = readPushRecords(location, name);
  op.accounts = await Promise.all(accounts.names.map((a) => readAccount(location, op, a, now, pushed)));
  checkIdentities(op.accounts, op.systemAccount);
  checkIdentities(op.accounts.flatMap((a) => a.users));
  for (const a of op.accounts) a.isSystem &&= !a.problems.some((p) => p.code === 'name-mismatch' || p.code === 'duplicate-key');
  checkImports(op.accounts, now);
  return op;
}

/** Reads every operator of a store with its accounts, users, keys and problems. Never throws. */
export async function readStore(location: StoreLocation, options: ReadOptions = {}): Promise<StoreModel> {
  const leftovers = leftoverProblems(location);
  const listing = await listDir(location.storesDir, 'operators');
  const operators = await Promise.all(listing.names.map((name) => readOperator(location, name, options.now)));
  return { location, operators, problems: [...(listing.problem ? [listing.problem] : []), ...(await leftovers)] };
}

/** Reads one operator (with its accounts and users); undefined when its folder does not exist. */
export async function readOperatorEntry(location: StoreLocation, name: string, options: ReadOptions = {}): Promise<OperatorEntry | undefined> {
  // A name that is not an operator's (`..`, `a/b`) designates no operator folder.
  try {
    checkName(name, 'operator', true);
  } catch {
    return undefined;
  }
  try {
    if (!(await fsp.stat(paths.operatorDir(location, name))).isDirectory()) return undefined;
  } catch (e) {
    // Missing: no such operator. Any other error (EACCES…) is reported by reading it.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  }
  return readOperator(location, name, options.now);
}
