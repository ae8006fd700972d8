/**
 * The operations the editor's commands and the CLI call, each with one argument object:
 * createOperator, addAccount, addSigningKey, addUser, addUsers, generateUserCreds.
 *
 * They refuse to build on an entry that fails verification, never replace an existing entity, seed
 * or creds file (except `generateUserCreds` with `overwrite: true`), and throw a TrustError whose
 * message names what is wrong and where.
 *
 * Each is all or nothing: it runs as one transaction of the file layer (see files.ts), so a failure
 * at any point (a write, a signature, a check) leaves the store exactly as it was, and success is
 * reported only once every file written is durable.
 */
import * as fs from 'node:fs';
import { AccountLimitsInput, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, JetStreamInput, systemAccountExports, UserClaimsInput, userClaims, userPermissionInputs } from './claims';
import { SigningKeyScope, USER_SCOPE_KIND } from './jwt';
import { formatCreds } from './creds';
import { ensureDir, inTransaction, writeFileAtomic } from './files';
import { NKey, publicKeyKind } from './keys';
import { checkUserPermissions } from './permissions';
import type { Account } from 'nats-jwt';
import { checkName, paths, StoreLocation } from './layout';
import { TrustError } from './problems';
import { quoted } from './quote';
import { chooseSigner, loadAccount, loadOperator, loadUser, SignWith } from './storeAccess';
import { initKeystore, loadSeed, storeJwt, storeMarker, storeNewSeed, storeSeed } from './storeWrite';
import { anchorOf } from './verify';

function refuseExisting(file: string, what: string): void {
  if (fs.existsSync(file)) throw new TrustError('exists', `${what} already exists (${file})`);
}

function date(seconds: number | undefined): Date | undefined {
  return seconds ? new Date(seconds * 1000) : undefined;
}

// --- createOperator --------------------------------------------------------------------------------

export interface CreateOperatorArgs {
  store: StoreLocation;
  name: string;
  /** Name of the system account (default `SYS`); `false` = no system account. */
  systemAccount?: string | false;
  /** Name of the system account's user, for pushing accounts (default `sys`). */
  systemUser?: string;
  /** Create an operator signing key (default true); the system account is signed with it. */
  signingKey?: boolean;
  /** Client URLs of this operator's servers (`operator_service_urls`). */
  serviceUrls?: string[];
  expires?: Date;
}

export interface EntityResult {
  name: string;
  publicKey: string;
  jwt: string;
  jwtPath: string;
}

export interface UserResult extends EntityResult {
  /** The user's .creds in the keystore (keys/creds/<OP>/<ACC>/<USER>.creds). */
  credsPath: string;
  /** The key that signed the JWT (the account or one of its signing keys). */
  issuer: string;
  /** Set when signed by an account signing key. */
  issuerAccount?: string;
}

export interface AccountResult extends EntityResult {
  /** The operator key that signed the JWT. */
  issuer: string;
  /** The account signing key created with it, if asked for. */
  signingKey?: string;
}

export interface CreateOperatorResult {
  operator: EntityResult & { signingKey?: string; markerPath: string };
  systemAccount?: AccountResult;
  systemUser?: UserResult;
}

/** A new operator with (by default) an operator signing key, a system account `SYS` and its user `sys`. */
export async function createOperator(args: CreateOperatorArgs): Promise<CreateOperatorResult> {
  return inTransaction(() => writeOperator(args));
}

async function writeOperator(args: CreateOperatorArgs): Promise<CreateOperatorResult> {
  const { store } = args;
  const name = checkName(args.name, 'operator');
  const dir = paths.operatorDir(store, name);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new TrustError('exists', `operator '${name}' already exists in ${store.storesDir}`);
  const sysName = args.systemAccount === false ? undefined : checkName(args.systemAccount ?? 'SYS', 'system account');
  const sysUserName = checkName(args.systemUser ?? 'sys', 'system user');

  const operatorKey = NKey.generate('operator');
  const signingKey = args.signingKey === false ? undefined : NKey.generate('operator');
  const sysKey = sysName ? NKey.generate('account') : undefined;
  for (const key of [operatorKey, signingKey, sysKey]) if (key) storeSeed(store, key);

  const result: Partial<CreateOperatorResult> = {};
  if (sysName && sysKey) {
    const sysJwt = await encodeAccountJwt({ name: sysName, account: sysKey, signer: signingKey ?? operatorKey, exports: systemAccountExports() });
    const sysPath = storeJwt(paths.accountJwt(store, name, sysName), sysJwt);
    result.systemAccount = { name: sysName, publicKey: sysKey.publicKey, jwt: sysJwt, jwtPath: sysPath, issuer: (signingKey ?? operatorKey).publicKey };
    result.systemUser = await writeUser(store, name, sysName, { name: sysUserName }, { account: sysKey });
  }
  const jwt = await encodeOperatorJwt({
    name,
    key: operatorKey,
    signingKeys: signingKey ? [signingKey.publicKey] : undefined,
    systemAccount: sysKey?.publicKey,
    serviceUrls: args.serviceUrls,
    expires: args.expires,
  });
  const jwtPath = storeJwt(paths.operatorJwt(store, name), jwt);
  const markerPath = storeMarker(store, name);
  result.operator = { name, publicKey: operatorKey.publicKey, jwt, jwtPath, markerPath, ...(signingKey ? { signingKey: signingKey.publicKey } : {}) };
  return result as CreateOperatorResult;
}

// --- addAccount ------------------------------------------------------------------------------------

export interface AddAccountArgs {
  store: StoreLocation;
  operator: string;
  name: string;
  /** Connection, subscription, data… limits; omitted = unlimited. */
  limits?: AccountLimitsInput;
  /** JetStream (overrides `limits.jetstream`): false/omitted = off, true = unlimited, or limits. */
  jetstream?: JetStreamInput;
  /** Also create an account signing key (default false). */
  signingKey?: boolean;
  /** Which operator key signs (default: its first signing key with a seed, else its identity key). */
  signWith?: SignWith;
  expires?: Date;
  notBefore?: Date;
  description?: string;
  tags?: string[];
}

/** A new account of an operator, with every limit explicit. */
export async function addAccount(args: AddAccountArgs): Promise<AccountResult> {
  return inTransaction(() => writeAccount(args));
}

async function writeAccount(args: AddAccountArgs): Promise<AccountResult> {
  const { store } = args;
  const op = loadOperator(store, args.operator);
  const name = checkName(args.name, 'account');
  refuseExisting(paths.accountJwt(store, args.operator, name), `account '${name}' of operator '${args.operator}'`);
  const signer = chooseSigner(store, anchorOf(op.claims), `operator '${args.operator}'`, args.signWith);
  const key = NKey.generate('account');
  const accountSigningKey = args.signingKey ? NKey.generate('account') : undefined;
  for (const k of [key, accountSigningKey]) if (k) storeSeed(store, k);
  const limits: AccountLimitsInput = { ...args.limits };
  if (args.jetstream !== undefined) limits.jetstream = args.jetstream;
  const jwt = await encodeAccountJwt({
    name,
    account: key,
    signer,
    limits,
    signingKeys: accountSigningKey ? [accountSigningKey.publicKey] : undefined,
    description: args.description,
    tags: args.tags,
    expires: args.expires,
    notBefore: args.notBefore,
  });
  const jwtPath = storeJwt(paths.accountJwt(store, args.operator, name), jwt);
  return { name, publicKey: key.publicKey, jwt, jwtPath, issuer: signer.publicKey, ...(accountSigningKey ? { signingKey: accountSigningKey.publicKey } : {}) };
}

// --- addSigningKey ---------------------------------------------------------------------------------

export interface AddSigningKeyArgs {
  store: StoreLocation;
  operator: string;
  /** Add the key to this account; without it, to the operator. */
  account?: string;
  /** For an account: which operator key re-signs the account JWT (see SignWith). */
  signWith?: SignWith;
  /** For an account: a scoped key (nsc `edit signing-key --role`) whose template the users it signs get. */
  scope?: SigningKeyScopeInput;
}

/** The permissions and limits a scoped signing key gives the users it signs (omitted limits: unlimited). */
export type ScopeTemplateInput = Pick<UserClaimsInput, 'permissions' | 'bearer' | 'limits' | 'sourceNetworks' | 'connectionTypes'>;

export interface SigningKeyScopeInput {
  /** The name users are signed by (`user add --signing-key ROLE`); unique in the account. */
  role: string;
  template?: ScopeTemplateInput;
  /**
   * Refused (see SCOPE_DESCRIPTION_REFUSED): nats-io/jwt v2.3.0, nats-server 2.9's, has no
   * description in a scope, and a strict reader of that version refuses an account JWT with one.
   */
  description?: string;
}

export const SCOPE_DESCRIPTION_REFUSED =
  "a scoped signing key cannot have a description: nats-io/jwt v2.3.0 (the JWT library of nats-server 2.9) knows no such field in a scope, and its strict reading refuses the account JWT that has one; let the role's name say what the key is for";

export interface SigningKeyResult {
  publicKey: string;
  seedPath: string;
  /** The JWT re-signed with the new key listed. */
  jwt: string;
  jwtPath: string;
  /** A scoped key's role as stored (trimmed). */
  role?: string;
}

const ROLE_KEYWORDS: readonly string[] = ['identity', 'signing-key'];

/** A checked scope entry (without kind and key): a usable, unique role and a complete template. */
function newScope(input: SigningKeyScopeInput, existing: Map<string, SigningKeyScope> | undefined, what: string): SigningKeyScope {
  const role = typeof input.role === 'string' ? input.role.trim() : '';
  if (role === '') throw new TrustError('invalid-argument', `a scoped signing key needs a role name`);
  if (role.length > 100 || /[\p{C}\p{Zl}\p{Zp}]/u.test(role)) throw new TrustError('invalid-argument', `the role ${quoted(role, 100)} must be at most 100 printable characters`);
  if (ROLE_KEYWORDS.includes(role) || publicKeyKind(role)) throw new TrustError('invalid-argument', `'${role}' cannot be a role: it would be read as ${ROLE_KEYWORDS.includes(role) ? 'a signer keyword' : 'a public key'} by --signing-key`);
  if (input.description !== undefined && input.description !== '') throw new TrustError('invalid-argument', SCOPE_DESCRIPTION_REFUSED);
  if ([...(existing?.values() ?? [])].some((s) => s.role === role)) throw new TrustError('exists', `${what} already has a scoped signing key with role '${role}'`);
  const template = userClaims({ ...input.template }) as Record<string, unknown>;
  return { role, template };
}

/** A new signing key for an operator (re-signed with its identity key) or for an account, plain or scoped. */
export async function addSigningKey(args: AddSigningKeyArgs): Promise<SigningKeyResult> {
  return inTransaction(() => writeSigningKey(args));
}

async function writeSigningKey(args: AddSigningKeyArgs): Promise<SigningKeyResult> {
  const { store } = args;
  if (args.account === undefined && args.scope) throw new TrustError('invalid-argument', 'only account signing keys can be scoped (a role needs an account)');
  if (args.account === undefined) {
    const op = loadOperator(store, args.operator);
    const identity = chooseSigner(store, anchorOf(op.claims), `operator '${args.operator}'`, 'identity');
    const key = NKey.generate('operator');
    const seedPath = storeSeed(store, key);
    const name = op.claims.name ?? args.operator;
    const jwt = await encodeOperatorJwt({
      name,
      key: identity,
      base: op.claims.nats,
      signingKeys: [...anchorOf(op.claims).signingKeys, key.publicKey],
      expires: date(op.claims.exp),
      notBefore: date(op.claims.nbf),
    });
    return { publicKey: key.publicKey, seedPath, jwt, jwtPath: storeJwt(op.file, jwt, true) };
  }
  const { op, acc } = loadAccount(store, args.operator, args.account);
  const scope = args.scope && newScope(args.scope, anchorOf(acc.claims).scopes, `account '${args.account}'`);
  const signer = chooseSigner(store, anchorOf(op.claims), `operator '${args.operator}'`, args.signWith);
  const key = NKey.generate('account');
  const seedPath = storeSeed(store, key);
  // The entries as they are (scoped ones stay objects), then the new key.
  const existing = Array.isArray(acc.claims.nats.signing_keys) ? (acc.claims.nats.signing_keys as unknown[]) : [];
  const entry = scope ? { kind: USER_SCOPE_KIND, key: key.publicKey, ...scope } : key.publicKey;
  const jwt = await encodeAccountJwt({
    name: acc.claims.name ?? args.account,
    account: acc.claims.sub,
    signer,
    base: { ...acc.claims.nats, signing_keys: [...existing, entry] as Account['signing_keys'] },
    expires: date(acc.claims.exp),
    notBefore: date(acc.claims.nbf),
  });
  return { publicKey: key.publicKey, seedPath, jwt, jwtPath: storeJwt(acc.file, jwt, true), ...(scope ? { role: scope.role } : {}) };
}

// --- addUser ---------------------------------------------------------------------------------------

export interface AddUserArgs extends UserClaimsInput {
  store: StoreLocation;
  operator: string;
  account: string;
  name: string;
  /**
   * Which account key signs: a key, `identity`, `signing-key` or the role of a scoped signing key
   * (default: its first unscoped signing key with a seed, else the account key). With a scoped key
   * the user carries no permissions or limits: the role's template applies.
   */
  signWith?: SignWith;
}

/** One user of a batch: its name and claims. */
export interface AddUserSpec extends UserClaimsInput {
  name: string;
}

export interface AddUsersArgs {
  store: StoreLocation;
  operator: string;
  account: string;
  users: readonly AddUserSpec[];
  /** Which account key signs every user (see AddUserArgs.signWith). */
  signWith?: SignWith;
  /** Called after each user is written, with the count done so far. */
  onProgress?: (done: number, total: number, user: UserResult) => void;
  /** Stops the batch between two users (TrustError 'cancelled'); like any failure, it leaves no user of the batch. */
  signal?: AbortSignal;
}

/** The account keys a user JWT is signed with: the account key pair, or its public key and a signing key. */
interface UserSigning {
  account: NKey | string;
  signingKey?: NKey;
}

/** A user's new key pair and its signed JWT, not yet written. */
interface SignedUser {
  spec: AddUserSpec;
  key: NKey;
  jwt: string;
}

async function signUser(spec: AddUserSpec, signing: UserSigning): Promise<SignedUser> {
  const key = NKey.generate('user');
  return { spec, key, jwt: await encodeUserJwt({ ...spec, name: spec.name, user: key, ...signing }) };
}

/** signUser started ahead of its turn: a failure is reported when awaited, and dropped if the batch stops first. */
function signAhead(spec: AddUserSpec, signing: UserSigning): Promise<SignedUser> {
  const signed = signUser(spec, signing);
  signed.catch(() => undefined);
  return signed;
}

/** Writes seed, JWT and .creds of a signed user (in the caller's transaction, which undoes them on a failure). */
function writeSignedUser(store: StoreLocation, operator: string, account: string, signed: SignedUser, signing: UserSigning): UserResult {
  const { spec, key, jwt } = signed;
  const { name } = spec;
  const jwtPath = paths.userJwt(store, operator, account, name);
  const credsPath = paths.creds(store, operator, account, name);
  storeNewSeed(store, key);
  storeJwt(jwtPath, jwt);
  writeFileAtomic(credsPath, formatCreds(jwt, key));
  const accountKey = typeof signing.account === 'string' ? signing.account : signing.account.publicKey;
  const result: UserResult = { name, publicKey: key.publicKey, jwt, jwtPath, credsPath, issuer: signing.signingKey?.publicKey ?? accountKey };
  if (signing.signingKey) result.issuerAccount = accountKey;
  return result;
}

async function writeUser(store: StoreLocation, operator: string, account: string, spec: AddUserSpec, signing: UserSigning): Promise<UserResult> {
  return writeSignedUser(store, operator, account, await signUser(spec, signing), signing);
}

/** Checks every name of a batch (valid, not repeated, no user or .creds of that name yet) before anything is written. */
function checkNewUsers(store: StoreLocation, operator: string, account: string, users: readonly AddUserSpec[]): void {
  const seen = new Set<string>();
  for (const spec of users) {
    const name = checkName(spec.name, 'user');
    if (seen.has(name)) throw new TrustError('invalid-argument', `user '${name}' is listed twice`);
    checkUserPermissions(spec.permissions, users.length > 1 ? `user '${name}'` : undefined);
    seen.add(name);
    refuseExisting(paths.userJwt(store, operator, account, name), `user '${name}' of account '${account}'`);
    refuseExisting(paths.creds(store, operator, account, name), `a .creds file for user '${name}'`);
  }
}

function cancelled(done: number, total: number): TrustError {
  return new TrustError('cancelled', `adding users was cancelled after ${done} of ${total}; no user of the batch was added`);
}

/**
 * New users of an account, as addUser writes each, with the operator and account JWTs read and
 * verified and the signing key loaded once for the whole batch. Every name is checked before the
 * first user is written; the batch is all or nothing: a user that then fails (or a cancellation)
 * leaves no file of the batch behind, and the error names the user.
 */
export async function addUsers(args: AddUsersArgs): Promise<UserResult[]> {
  return inTransaction(() => writeUsers(args));
}

async function writeUsers(args: AddUsersArgs): Promise<UserResult[]> {
  const { store, operator, account, users, signal } = args;
  const { acc } = loadAccount(store, operator, account);
  checkNewUsers(store, operator, account, users);
  if (users.length === 0) return [];
  const anchor = anchorOf(acc.claims);
  const signer = chooseSigner(store, anchor, `account '${account}'`, args.signWith);
  const scope = anchor.scopes?.get(signer.publicKey);
  if (scope) {
    for (const spec of users) {
      const set = userPermissionInputs(spec);
      if (set.length) {
        throw new TrustError(
          'invalid-argument',
          `user '${spec.name}' is signed by the scoped signing key with role '${scope.role}' (${signer.publicKey}): the role's template gives its permissions and limits, so it cannot also have ${set.join(', ')}`,
        );
      }
    }
  }
  const specs = scope ? users.map((u) => ({ ...u, scoped: true })) : users;
  const signing: UserSigning = signer.publicKey === anchor.publicKey ? { account: signer } : { account: anchor.publicKey, signingKey: signer };
  initKeystore(store);
  ensureDir(paths.usersDir(store, operator, account));
  ensureDir(paths.credsDir(store, operator, account));
  const results: UserResult[] = [];
  // The next user is signed while this one is written: the JWT's hash runs off the main thread.
  let pending = signAhead(specs[0], signing);
  for (let i = 0; i < users.length; i++) {
    if (signal?.aborted) throw cancelled(i, users.length);
    let user: UserResult;
    try {
      const signed = await pending;
      if (i + 1 < users.length) pending = signAhead(specs[i + 1], signing);
      user = writeSignedUser(store, operator, account, signed, signing);
    } catch (e) {
      if (users.length === 1 || !(e instanceof TrustError)) throw e;
      throw new TrustError(e.code, `user '${users[i].name}' (${i + 1} of ${users.length}) could not be added: ${e.message}; no user of the batch was added`);
    }
    results.push(user);
    args.onProgress?.(results.length, users.length, user);
  }
  return results;
}

/** A new user of an account, its seed in the keystore and its .creds in keys/creds/<OP>/<ACC>/. */
export async function addUser(args: AddUserArgs): Promise<UserResult> {
  const { store, operator, account, signWith, ...spec } = args;
  const [user] = await addUsers({ store, operator, account, signWith, users: [spec] });
  return user;
}

// --- generateUserCreds -----------------------------------------------------------------------------

export interface GenerateUserCredsArgs {
  store: StoreLocation;
  operator: string;
  account: string;
  user: string;
  /** Where to write the .creds file (mode 0600, atomically). */
  outFile: string;
  /** Replace an existing file (default false: an existing file is an error with code 'exists'). */
  overwrite?: boolean;
  /** Clock for the validity check (default now). */
  now?: Date;
}

export interface CredsResult {
  path: string;
  publicKey: string;
  expires?: Date;
}

/** Writes `<outFile>` with the user's JWT and seed, after checking the whole chain is valid. */
export async function generateUserCreds(args: GenerateUserCredsArgs): Promise<CredsResult> {
  return inTransaction(() => writeUserCreds(args));
}

async function writeUserCreds(args: GenerateUserCredsArgs): Promise<CredsResult> {
  const { store } = args;
  const { acc } = loadAccount(store, args.operator, args.account);
  const what = `user '${args.user}' of account '${args.account}'`;
  const user = loadUser(store, args.operator, args.account, args.user, acc.claims, args.now);
  const key = loadSeed(store, user.claims.sub);
  if (!key) throw new TrustError('missing-seed', `the seed of ${what} (${user.claims.sub}) is not in the keystore ${store.keysDir}`);
  writeFileAtomic(args.outFile, formatCreds(user.jwt, key), { overwrite: args.overwrite });
  const expires = date(user.claims.exp);
  return { path: args.outFile, publicKey: key.publicKey, ...(expires ? { expires } : {}) };
}
