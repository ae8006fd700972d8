/**
 * Editing an account (nsc `edit account`): JetStream on or off, flat or per-tier JetStream limits,
 * connection/subscription/data/payload limits, description and tags. The JWT is re-signed by the
 * operator key that signed it (else the operator's default signer, see chooseSigner), keeping every
 * other claim (signing keys, exports, imports, revocations), and the account is marked "changed
 * since last push" (pushState.ts): servers learn of it only when it is pushed.
 */
import type { Account, JetStreamLimits, OperatorLimits } from 'nats-jwt';
import { AccountJwtInput, AccountLimitsInput, encodeAccountJwt, JetStreamInput, JetStreamLimitsInput, jetStreamEnabled } from './claims';
import { inTransaction } from './files';
import { JwtClaims } from './jwt';
import { NKey } from './keys';
import { StoreLocation } from './layout';
import { TrustError } from './problems';
import { recordChange } from './pushState';
import { chooseSigner, Loaded, loadAccount, SignWith } from './storeAccess';
import { loadSeed, storeJwt } from './storeWrite';
import { anchorOf } from './verify';
import { editList, EditResult, ListEdit } from './editUser';

/** A replica tier of JetStream limits: R1, R3, R5… */
export type JetStreamTier = `R${number}`;

export interface AccountEdit {
  /** true: on (unlimited unless limits are given); false: off (every JetStream limit 0, tiers dropped). */
  jetstream?: boolean;
  /** Flat JetStream limits to set (omitted ones stay; JetStream turns on if it was off). */
  jetstreamLimits?: JetStreamLimitsInput;
  /** Limits of replica tiers to set (merged into the tier), or `null` to drop a tier; flat limits then go. */
  tiers?: Record<string, JetStreamLimitsInput | null>;
  /** Account limits to set (-1 = unlimited); omitted ones stay. */
  limits?: Pick<AccountLimitsInput, 'connections' | 'subscriptions' | 'leafNodes' | 'imports' | 'exports' | 'data' | 'payload'>;
  /** A new description, or `null` to remove it. */
  description?: string | null;
  tags?: ListEdit;
}

export interface EditAccountArgs extends AccountEdit {
  store: StoreLocation;
  operator: string;
  name: string;
  /** Which operator key signs (default: the one that signed it, when its seed is here). */
  signWith?: SignWith;
}

export type EditAccountResult = EditResult;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function jsInputOf(l: Partial<JetStreamLimits> | undefined): JetStreamLimitsInput {
  return {
    memStorage: num(l?.mem_storage),
    diskStorage: num(l?.disk_storage),
    streams: num(l?.streams),
    consumers: num(l?.consumer),
    maxAckPending: num(l?.max_ack_pending),
    memMaxStreamBytes: num(l?.mem_max_stream_bytes),
    diskMaxStreamBytes: num(l?.disk_max_stream_bytes),
    maxBytesRequired: l?.max_bytes_required === true,
  };
}

/** The limits of an account JWT as the input that makes them. */
export function accountLimitsInputOf(claims: JwtClaims): AccountLimitsInput {
  const l = (claims.nats.limits ?? {}) as Partial<OperatorLimits>;
  const tiers = Object.entries(l.tiered_limits ?? {}).filter(([, v]) => v !== undefined);
  let jetstream: JetStreamInput = false;
  if (tiers.length) jetstream = { tiers: Object.fromEntries(tiers.map(([t, v]) => [t, jsInputOf(v)])) };
  else if (jetStreamEnabled(l)) jetstream = jsInputOf(l);
  return {
    connections: num(l.conn),
    subscriptions: num(l.subs),
    leafNodes: num(l.leaf),
    imports: num(l.imports),
    exports: num(l.exports),
    data: num(l.data),
    payload: num(l.payload),
    wildcards: l.wildcards !== false,
    disallowBearer: l.disallow_bearer === true,
    jetstream,
  };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const shown = (v: number): string => (v === -1 ? 'unlimited' : String(v));
const fieldsText = (o: object): string =>
  Object.entries(defined(o))
    .map(([k, v]) => `${k} ${typeof v === 'number' ? shown(v) : String(v)}`)
    .join(', ');

function isTiered(js: JetStreamInput): js is { tiers: Record<string, JetStreamLimitsInput> } {
  return typeof js === 'object' && 'tiers' in js;
}

/**
 * What turning JetStream off takes with it, for the change list: its limits go (as with nsc's
 * `--js-disable`), and turning it on again does not bring them back.
 */
function droppedLimits(js: JetStreamInput): string {
  if (js === true || js === false) return '';
  // Only what limits anything (unlimited values and unset flags are what turning it on gives again).
  const limited = (o: object): string => fieldsText(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== -1 && v !== false)));
  const text = isTiered(js)
    ? Object.entries(js.tiers)
        .map(([tier, limits]) => `${tier}: ${limited(limits) || 'unlimited'}`)
        .join('; ')
    : limited(js);
  return text ? ` (its limits are removed: ${text}; turning it on again does not restore them)` : '';
}

/** The JetStream part with the edit applied (see AccountEdit). */
function editJetStream(current: JetStreamInput, edit: AccountEdit, changes: string[]): JetStreamInput {
  const limitsGiven = edit.jetstreamLimits !== undefined || edit.tiers !== undefined;
  if (edit.jetstream === false) {
    if (limitsGiven) throw new TrustError('invalid-argument', 'JetStream limits cannot be set while turning JetStream off');
    if (current !== false) changes.push(`JetStream: off${droppedLimits(current)}`);
    return false;
  }
  let js = current;
  if (edit.jetstream === true && js === false) {
    js = {};
    changes.push('JetStream: on');
  }
  if (edit.jetstreamLimits) {
    if (js !== false && isTiered(js)) {
      throw new TrustError('invalid-argument', `the account has per-tier JetStream limits (${Object.keys(js.tiers).join(', ')}): set them per tier, or turn JetStream off and on again for flat limits`);
    }
    if (js === false) changes.push('JetStream: on');
    js = { ...(js === false || js === true ? {} : js), ...defined(edit.jetstreamLimits) };
    changes.push(`JetStream ${fieldsText(edit.jetstreamLimits)}`);
  }
  if (edit.tiers) {
    for (const tier of Object.keys(edit.tiers)) if (!/^R[1-5]$/.test(tier)) throw new TrustError('invalid-argument', `'${tier}' is not a JetStream tier: use R1 to R5 (a stream's replica count)`);
    const tiers: Record<string, JetStreamLimitsInput> = js !== false && isTiered(js) ? { ...js.tiers } : {};
    if (js !== false && !isTiered(js)) changes.push('JetStream: per-tier limits replace the flat ones');
    for (const [tier, limits] of Object.entries(edit.tiers)) {
      if (limits === null) {
        delete tiers[tier];
        changes.push(`JetStream ${tier}: removed`);
      } else {
        tiers[tier] = { ...tiers[tier], ...defined(limits) };
        changes.push(`JetStream ${tier}: ${fieldsText(limits) || 'unlimited'}`);
      }
    }
    js = Object.keys(tiers).length ? ({ tiers } as JetStreamInput) : false;
  }
  return js;
}

/** The limits with the edit applied, and a line per change. */
export function applyAccountEdit(current: AccountLimitsInput, edit: AccountEdit): { limits: AccountLimitsInput; changes: string[] } {
  const changes: string[] = [];
  const jetstream = editJetStream(current.jetstream ?? false, edit, changes);
  const set = defined(edit.limits ?? {});
  for (const [k, v] of Object.entries(set)) changes.push(`${k}: ${shown(v as number)}`);
  return { limits: { ...current, ...set, jetstream }, changes };
}

/** The operator key that re-signs an account: `signWith`, else the key that signed it when its seed is here, else the default. */
export function accountResigner(store: StoreLocation, op: Loaded, acc: Loaded, signWith: SignWith | undefined): NKey {
  const anchor = anchorOf(op.claims);
  const what = `operator '${op.claims.name ?? ''}'`;
  if (signWith !== undefined) return chooseSigner(store, anchor, what, signWith);
  const previous = acc.claims.iss === anchor.publicKey || anchor.signingKeys.includes(acc.claims.iss) ? loadSeed(store, acc.claims.iss) : undefined;
  return previous ?? chooseSigner(store, anchor, what, undefined);
}

/** What encodeAccountJwt checks and writes over the `nats` claims of a re-signed account. */
export type AccountFields = Pick<AccountJwtInput, 'limits' | 'description' | 'tags'>;

/** Re-signs an account JWT with new `nats` claims (validity and name kept) and writes it; marks it changed since the last push. */
export async function resignAccount(store: StoreLocation, operator: string, op: Loaded, acc: Loaded, nats: Partial<Account>, signWith: SignWith | undefined, fields: AccountFields = {}): Promise<{ jwt: string; issuer: string }> {
  const signer = accountResigner(store, op, acc, signWith);
  const date = (s: number | undefined): Date | undefined => (s ? new Date(s * 1000) : undefined);
  const jwt = await encodeAccountJwt({
    name: acc.claims.name ?? '',
    account: acc.claims.sub,
    signer,
    base: nats,
    ...fields,
    expires: date(acc.claims.exp),
    notBefore: date(acc.claims.nbf),
  });
  storeJwt(acc.file, jwt, true);
  recordChange(store, operator, acc.claims.sub);
  return { jwt, issuer: signer.publicKey };
}

/** The system account's limits that, at 0, shut out its users: then no account can be pushed, not even the fix. */
const SYSTEM_USER_NEEDS: Partial<Record<keyof NonNullable<AccountEdit['limits']>, string>> = {
  connections: 'connections 0: its users cannot connect',
  subscriptions: 'subscriptions 0: its users cannot subscribe to the servers\' replies',
  data: 'data 0: its users cannot send anything',
  payload: 'payload 0: its users cannot send an account JWT',
};

/** Refuses what the system account cannot have: JetStream (nats-server refuses it), or limits that shut its users out. */
function refuseSystemAccountEdit(name: string, operator: string, edit: AccountEdit): void {
  if (edit.jetstream === true || edit.jetstreamLimits || (edit.tiers && Object.values(edit.tiers).some((t) => t !== null))) {
    throw new TrustError('invalid-argument', `account '${name}' is the system account of operator '${operator}': nats-server does not enable JetStream on it ("jetstream can not be enabled on the system account"); use another account for streams`);
  }
  for (const [field, why] of Object.entries(SYSTEM_USER_NEEDS)) {
    if (edit.limits?.[field as keyof NonNullable<AccountEdit['limits']>] === 0) {
      throw new TrustError(
        'invalid-argument',
        `account '${name}' is the system account of operator '${operator}': with ${why}, and once pushed no account could be pushed any more (not even this account with the limit undone): give -1 or more than 0`,
      );
    }
  }
}

/** Edits an account and re-signs it (see the module comment). */
export async function editAccount(args: EditAccountArgs): Promise<EditAccountResult> {
  return inTransaction(async () => {
    const { store, operator, name } = args;
    const { op, acc } = loadAccount(store, operator, name);
    if (acc.claims.sub === op.claims.nats.system_account) refuseSystemAccountEdit(name, operator, args);
    const { limits, changes } = applyAccountEdit(accountLimitsInputOf(acc.claims), args);
    const nats = { ...acc.claims.nats } as Partial<Account> & Record<string, unknown>;
    if (args.description !== undefined) {
      changes.push(args.description === null ? 'description: removed' : `description: ${args.description}`);
    }
    const fields: AccountFields = { limits, description: args.description === undefined ? (nats.description as string | undefined) : (args.description ?? undefined) };
    delete nats.description;
    if (args.tags) {
      fields.tags = editList(Array.isArray(nats.tags) ? (nats.tags as string[]) : [], args.tags, 'tags', changes);
      delete nats.tags;
    }
    if (changes.length === 0) throw new TrustError('invalid-argument', `nothing to change for account '${name}'`);
    const { jwt, issuer } = await resignAccount(store, operator, op, acc, nats, args.signWith, fields);
    return { name, publicKey: acc.claims.sub, jwt, jwtPath: acc.file, issuer, changes };
  });
}
