/** NATS: Edit User — permissions, replies, expiry, bearer, connection types, networks, tags and limits of a user, re-signed by its signer. */
import {
  checkConnectionTypes,
  checkSourceNetworks,
  checkTags,
  editUser,
  EditUserResult,
  parseExpiry,
  permissionSubjectProblem,
  PermissionList,
  UserEdit,
  userInputOf,
} from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { commaList, editForm, FormField, limitProblem, limitText, limitValue, listDiff } from './editForm';
import { chooseUser } from './pickers';
import { message, splitSubjects } from './prompts';
import { inform } from './run';

export interface EditUserCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** The changes; given, nothing is asked. */
  edit: UserEdit;
}

const LISTS: [PermissionList, string][] = [
  ['allow-pub', 'Publish allow'],
  ['deny-pub', 'Publish deny'],
  ['allow-sub', 'Subscribe allow'],
  ['deny-sub', 'Subscribe deny'],
];

/** The form's fields for a user with these claims (scoped: expiry and tags only). */
function fields(input: ReturnType<typeof userInputOf>, scoped: boolean): FormField[] {
  const p = input.permissions ?? {};
  const list = (l: PermissionList): string[] => (l.endsWith('-pub') ? p.pub : p.sub)?.[l.startsWith('allow') ? 'allow' : 'deny'] ?? [];
  const resp = p.responses === undefined || p.responses === false ? 'off' : p.responses === true ? '1' : String(p.responses.max ?? 1);
  const out: FormField[] = [];
  if (!scoped) {
    for (const [l, label] of LISTS) {
      const queues = l.endsWith('-sub');
      out.push({ label, value: list(l).join(', '), prompt: `Subjects, comma separated${queues ? ' (a queue group after a space)' : ''}; clear the box to allow none in this list`, validate: (t) => splitSubjects(t, queues).map((s) => permissionSubjectProblem(l, s)).find(Boolean) });
    }
    out.push({ label: 'Replies to requests', value: resp, prompt: 'How many replies to each request received it may publish (a number, -1 for any), or off', validate: (t) => (/^(off|-1|[1-9]\d{0,8})$/.test(t.trim()) ? undefined : 'a number of replies, -1 or off') });
  }
  out.push({ label: 'Expiry', value: input.expires ? input.expires.toISOString() : 'never', prompt: 'A duration (30d), a date (2030-01-31), a date-time with a zone, or never', validate: (t) => (t.trim() === 'never' ? undefined : message(() => parseExpiry(t))) });
  if (!scoped) {
    out.push({ label: 'Bearer token', value: input.bearer ? 'on' : 'off', prompt: 'on: the server does not ask the client to sign a nonce; off: it does', validate: (t) => (/^(on|off)$/.test(t.trim()) ? undefined : 'on or off') });
    out.push({ label: 'Connection types', value: (input.connectionTypes ?? []).join(', '), prompt: 'Comma separated: STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT, MQTT_WS; clear the box for any type', validate: (t) => message(() => checkConnectionTypes(commaList(t))) });
    out.push({ label: 'Source networks', value: (input.sourceNetworks ?? []).join(', '), prompt: 'Networks in CIDR notation, comma separated (10.0.0.0/8); clear the box for any address', validate: (t) => message(() => checkSourceNetworks(commaList(t))) });
  }
  out.push({ label: 'Tags', value: (input.tags ?? []).join(', '), prompt: 'Tags, comma separated (lower case); clear the box for none', validate: (t) => message(() => checkTags(commaList(t))) });
  if (!scoped) {
    out.push({ label: 'Subscriptions limit', value: limitText(input.limits?.subscriptions), prompt: 'A whole number, or unlimited', validate: (t) => limitProblem(t, false) });
    out.push({ label: 'Data limit', value: limitText(input.limits?.data), prompt: 'Bytes (1GiB, 500MB), or unlimited', validate: (t) => limitProblem(t, true) });
    out.push({ label: 'Payload limit', value: limitText(input.limits?.payload), prompt: 'Bytes (1MiB, 64K), or unlimited', validate: (t) => limitProblem(t, true) });
  }
  return out;
}

/** The edit the changed fields make. */
function editOf(input: ReturnType<typeof userInputOf>, scoped: boolean, changed: Map<string, string>): UserEdit {
  const all = fields(input, scoped);
  const current = (label: string): string => all.find((f) => f.label === label)?.value ?? '';
  const edit: UserEdit = {};
  for (const [l, label] of LISTS) {
    const t = changed.get(label);
    if (t !== undefined) edit.permissions = { ...edit.permissions, [l]: listDiff(splitSubjects(current(label), l.endsWith('-sub')), t, (x) => splitSubjects(x, l.endsWith('-sub'))) };
  }
  const get = (label: string): string | undefined => changed.get(label)?.trim();
  const resp = get('Replies to requests');
  if (resp !== undefined) edit.responses = resp === 'off' ? false : { max: Number(resp) };
  const expiry = get('Expiry');
  if (expiry !== undefined) edit.expires = expiry === 'never' ? null : parseExpiry(expiry);
  const bearer = get('Bearer token');
  if (bearer !== undefined) edit.bearer = bearer === 'on';
  const lists: [keyof UserEdit & ('connectionTypes' | 'sourceNetworks' | 'tags'), string][] = [['connectionTypes', 'Connection types'], ['sourceNetworks', 'Source networks'], ['tags', 'Tags']];
  for (const [key, label] of lists) {
    const t = changed.get(label);
    if (t !== undefined) edit[key] = listDiff(commaList(current(label)), t, commaList);
  }
  const limits: [keyof NonNullable<UserEdit['limits']>, string, boolean][] = [['subscriptions', 'Subscriptions limit', false], ['data', 'Data limit', true], ['payload', 'Payload limit', true]];
  for (const [key, label, size] of limits) {
    const t = get(label);
    if (t !== undefined) edit.limits = { ...edit.limits, [key]: limitValue(t, size) };
  }
  return edit;
}

export async function editUserCommand(ctx: TrustContext, arg: unknown): Promise<EditUserResult | undefined> {
  const args = invocation<EditUserCommandArgs>(arg);
  const ref = await chooseUser(ctx, args);
  let edit = args.edit;
  if (!edit) {
    const entry = (await ctx.read()).operators.find((o) => o.name === ref.operator)?.accounts.find((a) => a.name === ref.account)?.users.find((u) => u.name === ref.user);
    if (!entry?.claims) throw new Error(`user '${ref.user}' cannot be read: ${entry?.problems.map((p) => p.message).join('; ') ?? 'it does not exist'}`);
    const input = userInputOf(entry.claims);
    const changed = await editForm(`Edit User ${ref.user}${entry.scope ? ` (role ${entry.scope.role}: its template gives its permissions)` : ''}`, fields(input, entry.scope !== undefined));
    if (changed.size === 0) return undefined;
    edit = editOf(input, entry.scope !== undefined, changed);
  }
  const result = await editUser({ store: ctx.store(), operator: ref.operator, account: ref.account, name: ref.user, ...edit });
  ctx.changed();
  const creds = result.credsRewritten ? ' Its .creds in the keystore was rewritten;' : result.credsStale ? ` Its .creds ${result.credsStale} still holds the old JWT (no seed);` : '';
  inform(ctx, `Edited user '${ref.user}': ${result.changes.join('; ')}.${creds} it takes effect at its next login. Copies of its .creds elsewhere hold the old JWT: Generate User Credentials writes them again.`);
  return result;
}
