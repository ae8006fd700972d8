/** NATS: Edit Account — JetStream, limits, description and tags of an account, re-signed by the operator; then marked changed since last push. */
import { AccountEdit, accountLimitsInputOf, checkTags, editAccount, EditAccountResult } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { commaList, editForm, FormField, limitProblem, limitText, limitValue, listDiff } from './editForm';
import { message } from './prompts';
import { chooseAccount, chooseOperator } from './pickers';
import { inform } from './run';

export interface EditAccountCommandArgs {
  operator: string;
  account: string;
  /** The changes; given, nothing is asked. */
  edit: AccountEdit;
}

/** Limit fields: label, where the value goes, and whether it is a size. */
const LIMITS: [string, 'connections' | 'subscriptions' | 'data' | 'payload', boolean][] = [
  ['Connections', 'connections', false],
  ['Subscriptions', 'subscriptions', false],
  ['Data', 'data', true],
  ['Payload', 'payload', true],
];
const JS_LIMITS: [string, 'diskStorage' | 'memStorage' | 'streams' | 'consumers', boolean][] = [
  ['JetStream file storage', 'diskStorage', true],
  ['JetStream memory storage', 'memStorage', true],
  ['JetStream streams', 'streams', false],
  ['JetStream consumers', 'consumers', false],
];

export async function editAccountCommand(ctx: TrustContext, arg: unknown): Promise<EditAccountResult | undefined> {
  const args = invocation<EditAccountCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  const account = await chooseAccount(ctx, operator, args.account, () => true, model);
  let edit = args.edit;
  if (!edit) {
    const entry = model.operators.find((o) => o.name === operator)?.accounts.find((a) => a.name === account);
    if (!entry?.claims) throw new Error(`account '${account}' cannot be read: ${entry?.problems.map((p) => p.message).join('; ') ?? 'it does not exist'}`);
    const limits = accountLimitsInputOf(entry.claims);
    const js = limits.jetstream;
    const tiered = typeof js === 'object' && 'tiers' in js;
    const flat = typeof js === 'object' && !tiered ? (js as Record<string, number | undefined>) : {};
    const description = typeof entry.claims.nats.description === 'string' ? entry.claims.nats.description : '';
    const tags = Array.isArray(entry.claims.nats.tags) ? (entry.claims.nats.tags as string[]) : [];
    const fields: FormField[] = [
      { label: 'JetStream', value: js === false ? 'off' : 'on', prompt: 'on or off (off sets every JetStream limit to 0)', validate: (t) => (/^(on|off)$/.test(t.trim()) ? undefined : 'on or off') },
      ...(tiered ? [] : JS_LIMITS.map(([label, key, size]) => ({ label, value: limitText(flat[key]), prompt: size ? 'Bytes (1GiB, 500MB), or unlimited' : 'A whole number, or unlimited', validate: (t: string) => limitProblem(t, size) }))),
      ...LIMITS.map(([label, key, size]) => ({ label, value: limitText(limits[key]), prompt: size ? 'Bytes (1GiB, 500MB), or unlimited' : 'A whole number, or unlimited', validate: (t: string) => limitProblem(t, size) })),
      { label: 'Description', value: description, prompt: 'A description of the account; clear the box for none', validate: () => undefined },
      { label: 'Tags', value: tags.join(', '), prompt: 'Tags, comma separated (lower case); clear the box for none', validate: (t) => message(() => checkTags(commaList(t))) },
    ];
    const changed = await editForm(`Edit Account ${account}${tiered ? ' (per-tier JetStream limits: edit them with an argument object)' : ''}`, fields);
    if (changed.size === 0) return undefined;
    edit = {};
    const get = (label: string): string | undefined => changed.get(label)?.trim();
    if (get('JetStream') !== undefined) edit.jetstream = get('JetStream') === 'on';
    for (const [label, key, size] of JS_LIMITS) {
      const t = get(label);
      if (t !== undefined) edit.jetstreamLimits = { ...edit.jetstreamLimits, [key]: limitValue(t, size) };
    }
    for (const [label, key, size] of LIMITS) {
      const t = get(label);
      if (t !== undefined) edit.limits = { ...edit.limits, [key]: limitValue(t, size) };
    }
    const d = get('Description');
    if (d !== undefined) edit.description = d === '' ? null : d;
    const t = changed.get('Tags');
    if (t !== undefined) edit.tags = listDiff(tags, t, commaList);
  }
  const result = await editAccount({ store: ctx.store(), operator, name: account, ...edit });
  ctx.changed();
  inform(ctx, `Edited account '${account}': ${result.changes.join('; ')}. Servers apply it once it is pushed.`, {
    title: 'Push Account',
    run: () => import('vscode').then((vscode) => vscode.commands.executeCommand('natsWorkbench.pushAccount', { operator, account })),
  });
  return result;
}
