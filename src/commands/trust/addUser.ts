/** NATS: Add User — a user of an account with publish/subscribe permissions and an expiry. */
import * as vscode from 'vscode';
import { addUser, checkUserPermissions, parseExpiry, SignWith, UserPermissionsInput, UserResult, userJwtSizeWarning } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseAccount, chooseOperator } from './pickers';
import { askExpiry, askName, askSubjects, pickOne } from './prompts';
import { inform, warn } from './run';

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
  /** Which account key signs (default: an account signing key when there is one). */
  signWith: SignWith;
}

async function askPermissions(): Promise<UserPermissionsInput | undefined> {
  const restrict = await pickOne(
    [
      { label: 'May publish and subscribe to any subject', value: false },
      { label: 'Restrict subjects…', description: 'publish and subscribe allow / deny lists', value: true },
    ],
    'Permissions of the new user',
  );
  if (!restrict) return undefined;
  const pubAllow = await askSubjects('Publish: allow', 'Subjects the user may publish to (empty: any)', false, 'allow-pub');
  const pubDeny = await askSubjects('Publish: deny', 'Subjects the user may not publish to (empty: none)', false, 'deny-pub');
  const subAllow = await askSubjects('Subscribe: allow', 'Subjects the user may subscribe to, each with an optional queue group (empty: any)', true, 'allow-sub');
  const subDeny = await askSubjects('Subscribe: deny', 'Subjects the user may not subscribe to, each with an optional queue group (empty: none)', true, 'deny-sub');
  return { pub: { allow: pubAllow, deny: pubDeny }, sub: { allow: subAllow, deny: subDeny }, responses: pubAllow.length > 0 };
}

export async function addUserCommand(ctx: TrustContext, arg: unknown): Promise<UserResult> {
  const args = invocation<AddUserCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  const account = await chooseAccount(ctx, operator, args.account, () => true, model);
  const interactive = args.name === undefined;
  const taken = model.operators.find((o) => o.name === operator)?.accounts.find((a) => a.name === account)?.users.map((u) => u.name) ?? [];
  const name = args.name ?? (await askName('user', taken));
  const permissions = args.permissions ?? (interactive ? await askPermissions() : undefined);
  const expiry = args.expiry ?? (interactive ? await askExpiry('user') : undefined);
  checkUserPermissions(permissions);
  const result = await addUser({
    store: ctx.store(),
    operator,
    account,
    name,
    permissions,
    expires: expiry ? parseExpiry(expiry) : undefined,
    bearer: args.bearer,
    tags: args.tags,
    signWith: args.signWith,
  });
  ctx.changed();
  const tooLarge = userJwtSizeWarning(result.jwt, name);
  if (tooLarge) warn(ctx, `Add User: ${tooLarge}`);
  inform(ctx, `Added user '${name}' (${result.publicKey}) to account '${account}'${result.issuerAccount ? ', signed by an account signing key' : ''}`, {
    title: 'Generate Credentials',
    run: () => vscode.commands.executeCommand('natsWorkbench.generateUserCreds', { operator, account, user: name }),
  });
  return result;
}
