/**
 * "Changed since last push": which account JWTs differ from what was last pushed from this store.
 *
 * nsc keeps no such record, so it lives in one file of our own beside the operator's JWT,
 * `stores/<OP>/.pushed.json`, which nsc never reads (it looks only at `<OP>.jwt`, `.nsc` and
 * `accounts/`): `{ "accounts": { "<account public key>": { "pushedSha256", "pushedAt", "changedAt" } } }`.
 * A push records the SHA-256 of the JWT text it pushed (not its `jti`: Go's jwt hashes only the
 * standard claims into it, so two JWTs signed in the same second with other `nats` claims share
 * it); an edit records when it re-signed. An account is "changed since last push" when it has a
 * record and its JWT is not the pushed one: an edit here, or one made with nsc after our push. An
 * account never pushed nor edited here has no record and no mark (nsc may have pushed it).
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { readText, writeFileAtomic } from './files';
import { paths, StoreLocation } from './layout';

export interface AccountPushRecord {
  /** The SHA-256 (hex) of the account JWT last pushed from this store. */
  pushedSha256?: string;
  pushedAt?: string;
  /** When an edit here last re-signed the account. */
  changedAt?: string;
}

export type PushRecords = Record<string, AccountPushRecord>;

export const PUSH_STATE_FILE = '.pushed.json';

export function pushStatePath(store: StoreLocation, operator: string): string {
  return path.join(paths.operatorDir(store, operator), PUSH_STATE_FILE);
}

/** The records of an operator; a missing or unreadable file is no records (never an error). */
export function readPushRecords(store: StoreLocation, operator: string): PushRecords {
  const { text } = readText(pushStatePath(store, operator));
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as { accounts?: unknown };
    const accounts = parsed && typeof parsed === 'object' ? parsed.accounts : undefined;
    if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) return {};
    const out: PushRecords = {};
    for (const [key, value] of Object.entries(accounts as Record<string, unknown>)) {
      if (!value || typeof value !== 'object') continue;
      const v = value as Record<string, unknown>;
      const record: AccountPushRecord = {};
      for (const field of ['pushedSha256', 'pushedAt', 'changedAt'] as const) if (typeof v[field] === 'string') record[field] = v[field] as string;
      out[key] = record;
    }
    return out;
  } catch {
    return {};
  }
}

function update(store: StoreLocation, operator: string, account: string, change: AccountPushRecord): void {
  const records = readPushRecords(store, operator);
  records[account] = { ...records[account], ...change };
  writeFileAtomic(pushStatePath(store, operator), `${JSON.stringify({ accounts: records }, null, 2)}\n`, { overwrite: true });
}

function sha256(jwt: string): string {
  return crypto.createHash('sha256').update(jwt.trim()).digest('hex');
}

/** Records that this account JWT was pushed (in the caller's transaction, if any). */
export function recordPush(store: StoreLocation, operator: string, account: string, jwt: string, at = new Date()): void {
  update(store, operator, account, { pushedSha256: sha256(jwt), pushedAt: at.toISOString() });
}

/** Records that an edit re-signed the account (see the module comment). */
export function recordChange(store: StoreLocation, operator: string, account: string, at = new Date()): void {
  update(store, operator, account, { changedAt: at.toISOString() });
}

/** True when the account has a record and its current JWT is not the one last pushed. */
export function changedSincePush(record: AccountPushRecord | undefined, jwt: string): boolean {
  return record !== undefined && record.pushedSha256 !== sha256(jwt);
}
