/** NATS: Add User — a user of an account with publish/subscribe permissions and an expiry. */
import * as vscode from 'vscode';
import { AccountEntry, addUser, checkUserPermissions, describeNewUser, NewUserSigner, parseExpiry, PermissionLine, replyLimitText, repliesText, scopeTemplateText, SigningKeyScope, SignWith, UserPermissionsInput, UserResult, userJwtSizeWarning } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseAccount, chooseOperator } from './pickers';
import { addSteps, setWizardTitle, stepsLeft, wizard } from '../wizard';
import { askExpiry, askName, askSubjects, Choice, pickOne } from './prompts';
import { Cancelled, inform, warn } from './run';
import { pickLabel } from '../../core/trust/quote';

export interface AddUserCommandArgs {
  operator: string;
  account: string;
  name: string;
  /** Publish / subscribe allow and deny lists, responses; omitted = everything allowed. */
  permissions: UserPermissionsInput;
  /** A duration (90m, 30d, 1y) or a date (2030-01-31); omitted = never expires. */
  expiry: string;
  bearer: boolean;
  tags: string[];
  /**
   * Which account key signs: a public key, `identity`, or the role of a scoped signing key
   * (default: an unscoped account signing key when there is one, else the account key). A scoped
   * key's users carry no permissions: its role's template applies.
   */
  signWith: SignWith;
}

/** Which key signs the new user, asked when the account has signing keys whose seeds are here. */
async function askSigner(account: AccountEntry | undefined): Promise<SignWith | undefined> {
  const keys = account?.signingKeys.filter((k) => k.hasSeed) ?? [];
  if (!account || keys.length === 0) return undefined;
  const items: Choice<SignWith | undefined>[] = [{ label: 'Default', description: 'an unscoped signing key, else the account key', value: undefined }];
  if (account.key?.hasSeed) items.push({ label: '$(folder-library) Account key', description: account.publicKey, value: 'identity' });
  for (const k of keys) {
    items.push(
      k.scope
        ? { label: `$(shield) Role ${pickLabel(k.scope.role)}`, description: k.publicKey, detail: `Scoped: the user gets this template: ${scopeTemplateText(k.scope.template)}`, value: k.publicKey }
        : { label: '$(key) Signing key', description: k.publicKey, value: k.publicKey },
    );
  }
  return pickOne(items, 'Which key signs the new user?', `Signer of the new user in account '${account.name}'`);
}

/** The scope of the chosen signer (by public key or role), when it is a scoped key of the account. */
function scopeOf(account: AccountEntry | undefined, signWith: SignWith | undefined): SigningKeyScope | undefined {
  if (signWith === undefined) return undefined;
  return account?.signingKeys.find((k) => k.scope && (k.publicKey === signWith || k.scope.role === signWith))?.scope;
}

/** The signer as the summary names it. */
function signerOf(account: AccountEntry | undefined, signWith: SignWith | undefined, scope: SigningKeyScope | undefined): NewUserSigner {
  if (scope) return { kind: 'scoped', scope };
  if (signWith === undefined) return { kind: 'default' };
  if (signWith === 'identity' || signWith === account?.publicKey) return { kind: 'account' };
  return signWith === 'signing-key' ? { kind: 'signing-key' } : { kind: 'signing-key', publicKey: signWith };
}

/** Instead of the permission questions: says that the role's template applies, and shows it. */
async function confirmTemplate(scope: SigningKeyScope): Promise<void> {
  await pickOne(
    [{ label: `Use the template of role '${pickLabel(scope.role)}'`, detail: scopeTemplateText(scope.template), value: true }],
    `Permissions of the new user: set by the scoped signing key (role '${scope.role}'), not per user`,
  );
}

/** Publish / subscribe permissions, asked (also for the template of a scoped signing key). */
export async function askPermissions(whose = 'the new user'): Promise<UserPermissionsInput | undefined> {
  const restrict = await pickOne(
    [
      { label: 'May publish and subscribe to any subject', value: false },
      { label: 'Restrict subjects…', description: 'publish and subscribe allow / deny lists', value: true },
    ],
    `Permissions of ${whose}`,
  );
  if (!restrict) return undefined;
  addSteps(4);
  // Restricting publishing adds the reply question: counted as soon as a publish list says so.
  const pubAllow = await askSubjects('Publish: allow', 'Subjects the user may publish to, no others. Empty: any subject', false, 'allow-pub');
  if (pubAllow.length > 0) addSteps(1);
  const pubDeny = await askSubjects('Publish: deny', 'Subjects the user may not publish to, even when allowed. Empty: no exceptions', false, 'deny-pub');
  if (pubAllow.length === 0 && pubDeny.length > 0) addSteps(1);
  const subAllow = await askSubjects('Subscribe: allow', 'Subjects the user may subscribe to, no others, each with an optional queue group. Empty: any subject', true, 'allow-sub');
  const subDeny = await askSubjects('Subscribe: deny', 'Subjects the user may not subscribe to, even when allowed, each with an optional queue group. Empty: no exceptions', true, 'deny-sub');
  const restrictsPublish = pubAllow.length > 0 || pubDeny.length > 0;
  const responses = restrictsPublish ? await askReplies(whose) : false;
  return { pub: { allow: pubAllow, deny: pubDeny }, sub: { allow: subAllow, deny: subDeny }, responses };
}

/** Whether a user whose publishing is restricted may still reply to the requests it receives (`resp`, the server's defaults). */
async function askReplies(whose: string): Promise<boolean> {
  return pickOne(
    [
      { label: `May reply to requests it receives (${replyLimitText({})})`, detail: 'even to reply subjects its publish permissions do not allow', value: true },
      { label: 'No replies', detail: `Replies ${repliesText(undefined, true)}`, value: false },
    ],
    `Replies of ${whose}: publishing is restricted`,
  );
}

/** The last step: what the new user will be able to do, and whether to create it. */
async function confirmUser(name: string, account: string, lines: PermissionLine[]): Promise<void> {
  const items: Choice<boolean>[] = [
    { label: `$(check) Create user '${pickLabel(name)}'`, value: true },
    { label: '$(close) Cancel', description: 'nothing is written', value: false },
    { label: 'What the user will be able to do', kind: vscode.QuickPickItemKind.Separator, value: false, inert: true },
    ...lines.map((l) => ({ label: `${l.label}: ${l.text}`, value: false, inert: true })),
  ];
  if (!(await pickOne(items, `Create user '${name}' in account '${account}'?`, `Add User '${name}': summary`))) throw new Cancelled();
}

export async function addUserCommand(ctx: TrustContext, arg: unknown): Promise<UserResult> {
  const args = invocation<AddUserCommandArgs>(arg);
  const { operator, account, name, permissions, expires, signWith, scope } = await wizard('Add User', async () => {
    const model = await ctx.read();
    const interactive = args.name === undefined;
    const pickOperator = args.operator === undefined && model.operators.length > 1;
    stepsLeft((pickOperator ? 1 : 0) + (interactive ? 2 + (args.permissions === undefined ? 1 : 0) + (args.expiry === undefined ? 1 : 0) : 0));
    const operator = await chooseOperator(ctx, args.operator, model);
    const accounts = model.operators.find((o) => o.name === operator)?.accounts ?? [];
    if (args.account === undefined && accounts.length > 1) addSteps(1);
    const account = await chooseAccount(ctx, operator, args.account, () => true, model);
    setWizardTitle(`Add User to account '${account}'`);
    const entry = accounts.find((a) => a.name === account);
    const taken = entry?.users.map((u) => u.name) ?? [];
    const name = args.name ?? (await askName('user', taken));
    setWizardTitle(`Add User '${name}' to account '${account}'`);
    if (interactive && args.signWith === undefined && entry?.signingKeys.some((k) => k.hasSeed)) addSteps(1);
    const signWith = args.signWith ?? (interactive ? await askSigner(entry) : undefined);
    const scope = scopeOf(entry, signWith);
    if (scope && interactive && args.permissions === undefined) await confirmTemplate(scope);
    const permissions = args.permissions ?? (interactive && !scope ? await askPermissions() : undefined);
    const expiry = args.expiry ?? (interactive ? await askExpiry('user') : undefined);
    checkUserPermissions(permissions);
    const expires = expiry ? parseExpiry(expiry) : undefined;
    if (interactive) await confirmUser(name, account, describeNewUser({ permissions, bearer: args.bearer, expires, signer: signerOf(entry, signWith, scope) }));
    return { operator, account, name, permissions, expires, signWith, scope };
  });
  const result = await addUser({
    store: ctx.store(),
    operator,
    account,
    name,
    permissions,
    expires,
    bearer: args.bearer,
    tags: args.tags,
    signWith,
  });
  ctx.changed();
  const tooLarge = userJwtSizeWarning(result.jwt, name);
  if (tooLarge) warn(ctx, `Add User: ${tooLarge}`);
  const signer = scope ? `, signed by the scoped signing key with role '${scope.role}' (its template applies)` : result.issuerAccount ? ', signed by an account signing key' : '';
  inform(ctx, `Added user '${name}' (${result.publicKey}) to account '${account}'${signer}`, {
    title: 'Generate Credentials',
    run: () => vscode.commands.executeCommand('natsWorkbench.generateUserCreds', { operator, account, user: name }),
  });
  return result;
}
