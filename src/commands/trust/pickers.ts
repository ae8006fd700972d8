/** Choosing the operator, account or user a command works on when its arguments leave it open. */
import { AccountEntry, OperatorEntry, StoreModel, TrustError, UserEntry } from '../../core/trust';
import { defaultFirst } from '../../explorer/operators/storeLocation';
import { currentNscDefaults } from '../../explorer/operators/storeSettings';
import type { TrustContext } from './context';
import { Choice, pickOne } from './prompts';
import { plural } from '../../core/plural';

function none(model: StoreModel, what: string): TrustError {
  return new TrustError('not-found', `${what} in the store ${model.location.storesDir}`);
}

/** The one item, or a pick among several. */
async function one<T>(items: Choice<T>[], empty: () => Error, placeHolder: string): Promise<T> {
  if (items.length === 0) throw empty();
  if (items.length === 1) return items[0].value;
  return pickOne(items, placeHolder);
}

function problemsText(entry: { problems: { severity: string }[] }): string | undefined {
  const errors = entry.problems.filter((p) => p.severity === 'error').length;
  return errors ? `$(error) ${plural(errors, 'problem')}` : undefined;
}

export async function chooseOperator(ctx: TrustContext, given: string | undefined, model?: StoreModel): Promise<string> {
  if (given !== undefined) return given;
  const m = model ?? (await ctx.read());
  const nscDefault = currentNscDefaults().operator;
  const items = defaultFirst(
    m.operators.map((op) => ({ label: op.name, description: op.publicKey, detail: problemsText(op), value: op.name })),
    (i) => i.value === nscDefault,
  );
  return one(items, () => none(m, 'there is no operator: run "NATS: Create Operator" first'), 'Operator');
}

function operatorOf(model: StoreModel, operator: string): OperatorEntry {
  const op = model.operators.find((o) => o.name === operator);
  if (!op) throw none(model, `operator '${operator}' does not exist`);
  return op;
}

export async function chooseAccount(
  ctx: TrustContext,
  operator: string,
  given: string | undefined,
  filter: (a: AccountEntry) => boolean = () => true,
  model?: StoreModel,
): Promise<string> {
  if (given !== undefined) return given;
  const m = model ?? (await ctx.read());
  const accounts = operatorOf(m, operator).accounts.filter(filter);
  const nsc = currentNscDefaults();
  const items = defaultFirst(
    accounts.map((a) => ({ label: a.name, description: [a.isSystem ? 'system' : '', a.jetstream ? 'JetStream' : ''].filter(Boolean).join(', '), detail: problemsText(a), value: a.name })),
    (i) => nsc.operator === operator && i.value === nsc.account,
  );
  return one(items, () => none(m, `operator '${operator}' has no account to choose from: run "NATS: Add Account" first`), `Account of operator '${operator}'`);
}

export interface UserRef {
  operator: string;
  account: string;
  user: string;
}

/**
 * A user: the one named, or a pick among the users of the given operator / account (all users of
 * the store when neither is given).
 */
export async function chooseUser(ctx: TrustContext, given: Partial<UserRef>, model?: StoreModel): Promise<UserRef> {
  if (given.operator !== undefined && given.account !== undefined && given.user !== undefined) return given as UserRef;
  const m = model ?? (await ctx.read());
  const users = usersMatching(m, given);
  const items = users.map((u) => ({
    label: u.name,
    description: `${u.operator} / ${u.account}`,
    detail: problemsText(u),
    value: { operator: u.operator, account: u.account, user: u.name },
  }));
  return one(items, () => none(m, 'there is no user to choose from: run "NATS: Add User" first'), 'User');
}

/** The users of the store that fit what is given: chooseUser asks only when there are several. */
export function usersMatching(model: StoreModel, given: Partial<UserRef>): UserEntry[] {
  return model.operators
    .filter((op) => given.operator === undefined || op.name === given.operator)
    .flatMap((op) => op.accounts.filter((a) => given.account === undefined || a.name === given.account))
    .flatMap((a) => a.users)
    .filter((u) => given.user === undefined || u.name === given.user);
}

/** Any operator, account or user of the store. */
export async function chooseEntry(ctx: TrustContext): Promise<UserRef | { operator: string; account?: string }> {
  const m = await ctx.read();
  const items: Choice<{ operator: string; account?: string; user?: string }>[] = [];
  for (const op of m.operators) {
    items.push({ label: `$(organization) ${op.name}`, description: 'operator', value: { operator: op.name } });
    for (const a of op.accounts) {
      items.push({ label: `$(folder-library) ${a.name}`, description: `account of ${op.name}`, value: { operator: op.name, account: a.name } });
      for (const u of a.users) items.push({ label: `$(person) ${u.name}`, description: `user of ${op.name} / ${a.name}`, value: { operator: op.name, account: a.name, user: u.name } });
    }
  }
  return one(items, () => none(m, 'there is nothing to show: run "NATS: Create Operator" first'), 'Operator, account or user') as Promise<UserRef | { operator: string; account?: string }>;
}
