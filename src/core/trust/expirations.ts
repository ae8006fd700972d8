/** Operators, accounts and users of a store that have expired or expire soon. */
import { StoreLocation } from './layout';
import { entries, StoreModel } from './model';
import { TrustError } from './problems';
import { readStore } from './storeRead';

export interface ExpirationsArgs {
  /** A store location (read here) or a model already read. */
  store: StoreLocation | StoreModel;
  /** How far ahead to look (default 30 days). */
  withinDays?: number;
  now?: Date;
}

export interface Expiration {
  kind: 'operator' | 'account' | 'user';
  operator: string;
  /** The account (for users). */
  account?: string;
  name: string;
  publicKey?: string;
  jwtPath: string;
  expires: Date;
  expired: boolean;
  /** Days until expiry (negative when expired), rounded down. */
  daysLeft: number;
}

const DAY_MS = 86_400_000;

function isModel(store: StoreLocation | StoreModel): store is StoreModel {
  return Array.isArray((store as StoreModel).operators);
}

/** Entries whose JWT expires within `withinDays` or has expired, soonest first. */
export async function expirations(args: ExpirationsArgs): Promise<Expiration[]> {
  const now = args.now ?? new Date();
  const within = args.withinDays ?? 30;
  if (!Number.isFinite(within) || within < 0) throw new TrustError('invalid-argument', 'withinDays must be a number of days, 0 or more');
  const model = isModel(args.store) ? args.store : await readStore(args.store, { now });
  const horizon = now.getTime() + within * DAY_MS;
  const found: Expiration[] = [];
  for (const e of entries(model)) {
    if (!e.expires || e.expires.getTime() > horizon) continue;
    const item: Expiration = {
      kind: e.kind,
      operator: e.kind === 'operator' ? e.name : e.operator,
      name: e.name,
      jwtPath: e.jwtPath,
      expires: e.expires,
      expired: e.expires.getTime() < now.getTime(),
      daysLeft: Math.floor((e.expires.getTime() - now.getTime()) / DAY_MS),
    };
    if (e.kind === 'user') item.account = e.account;
    if (e.publicKey) item.publicKey = e.publicKey;
    found.push(item);
  }
  return found.sort((a, b) => a.expires.getTime() - b.expires.getTime());
}
