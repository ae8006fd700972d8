/**
 * What reading a store returns: operators → accounts → users, each with its keys and its problems.
 * A corrupt, tampered or half-present entry is still an entry, with `problems` saying what is wrong.
 */
import type { JwtClaims, SigningKeyScope } from './jwt';
import type { StoreLocation } from './layout';
import type { Problem } from './problems';

/** A key the store knows about, and whether its seed is in the keystore. */
export interface KeyInfo {
  publicKey: string;
  hasSeed: boolean;
  /** Where the seed is (or would be) in the keystore. */
  seedPath: string;
  /** A scoped account signing key: its role and the template its users get. */
  scope?: SigningKeyScope;
}

interface EntryBase {
  /** The name from the folder / file name (nsc names files after the entity). */
  name: string;
  /** The entity's public key (the JWT's subject), when the JWT could be read. */
  publicKey?: string;
  jwtPath: string;
  /** The JWT text, when the file exists. */
  jwt?: string;
  /** The decoded claims, when the JWT could be decoded (even if it failed verification). */
  claims?: JwtClaims;
  /** Whether the identity seed is in the keystore (undefined when the public key is unknown). */
  key?: KeyInfo;
  /** Which key signed the JWT, when the chain checked out. */
  signedBy?: 'identity' | 'signing-key';
  expires?: Date;
  notBefore?: Date;
  problems: Problem[];
}

export interface UserEntry extends EntryBase {
  kind: 'user';
  operator: string;
  account: string;
  /** The account named in `issuer_account` (users signed by an account signing key). */
  issuerAccount?: string;
  bearer: boolean;
  /** Signed by a scoped signing key: the role and template that give the user its permissions. */
  scope?: SigningKeyScope;
  /** The user's `.creds` in the keystore (keys/creds/<OP>/<ACC>/<USER>.creds), when present. */
  credsPath?: string;
  /** Revoked by its account (`revocations`): the revocation time. */
  revokedAt?: Date;
}

export interface AccountEntry extends EntryBase {
  kind: 'account';
  operator: string;
  dir: string;
  signingKeys: KeyInfo[];
  /** This is the operator's system account. */
  isSystem: boolean;
  /** The account's limits turn JetStream on. */
  jetstream: boolean;
  /** Re-signed since it was last pushed from this store (see pushState.ts). */
  changedSincePush?: boolean;
  /** When it was last pushed from this store. */
  pushedAt?: Date;
  users: UserEntry[];
}

export interface StoreMarker {
  managed?: boolean;
  name?: string;
  kind?: string;
  version?: string;
}

export interface OperatorEntry extends EntryBase {
  kind: 'operator';
  dir: string;
  /** The `.nsc` marker's content, when readable. */
  marker?: StoreMarker;
  signingKeys: KeyInfo[];
  /** The system account's public key from the operator JWT. */
  systemAccount?: string;
  accounts: AccountEntry[];
}

export type StoreEntry = OperatorEntry | AccountEntry | UserEntry;

export interface StoreModel {
  location: StoreLocation;
  operators: OperatorEntry[];
  /** Problems of the store as a whole (e.g. an unreadable stores folder). */
  problems: Problem[];
}

/** Every entry of a model, depth first (operator, its accounts, each followed by its users). */
export function* entries(model: StoreModel): Generator<StoreEntry> {
  for (const operator of model.operators) {
    yield operator;
    for (const account of operator.accounts) {
      yield account;
      yield* account.users;
    }
  }
}
