/**
 * NATS: Delete User, Delete Account, Remove Signing Key — each after a confirmation that says what
 * stops working (and what does not: a deleted user's credentials work on until it is revoked).
 */
import * as vscode from 'vscode';
import { accountDeletionImpact, deleteAccount, deleteUser, DeleteResult, removeSigningKey, RemoveSigningKeyResult, signedBy, userDeletionImpact } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { confirm } from './editForm';
import { chooseAccount, chooseOperator, chooseUser } from './pickers';
import { Cancelled, inform } from './run';

export interface DeleteUserCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** Revoke before deleting; given, nothing is asked. */
  revoke: boolean;
  removeCreds: boolean;
  removeSeed: boolean;
}

const pushAction = (operator: string, account: string): { title: string; run: () => unknown } => ({
  title: 'Push Account',
  run: () => vscode.commands.executeCommand('natsWorkbench.pushAccount', { operator, account }),
});

export async function deleteUserCommand(ctx: TrustContext, arg: unknown): Promise<DeleteResult> {
  const args = invocation<DeleteUserCommandArgs>(arg);
  const ref = await chooseUser(ctx, args);
  let revoke = args.revoke;
  if (revoke === undefined) {
    const [revokeAndDelete, deleteOnly] = ['Revoke and Delete', 'Delete Only'];
    const answer = await confirm(`Delete user '${ref.user}' of account '${ref.account}'?`, [...userDeletionImpact(ref.account, ref.user, true).slice(1), `Delete Only: ${userDeletionImpact(ref.account, ref.user, false)[0]}`], revokeAndDelete, deleteOnly);
    if (answer === undefined) throw new Cancelled();
    revoke = answer === revokeAndDelete;
  }
  const result = await deleteUser({ store: ctx.store(), operator: ref.operator, account: ref.account, name: ref.user, revoke, removeCreds: args.removeCreds, removeSeed: args.removeSeed });
  ctx.changed();
  if (revoke) inform(ctx, `Revoked and deleted user '${ref.user}'. Push account '${ref.account}' for servers to lock it out.`, pushAction(ref.operator, ref.account));
  else inform(ctx, `Deleted user '${ref.user}' from the store; its credentials still log in until they expire.`);
  return result;
}

export interface DeleteAccountCommandArgs {
  operator: string;
  account: string;
  confirmed: boolean;
  removeCreds: boolean;
}

export async function deleteAccountCommand(ctx: TrustContext, arg: unknown): Promise<DeleteResult> {
  const args = invocation<DeleteAccountCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  const account = await chooseAccount(ctx, operator, args.account, (a) => !a.isSystem, model);
  if (!args.confirmed) {
    const answer = await confirm(`Delete account '${account}' of operator '${operator}'?`, await accountDeletionImpact(ctx.store(), operator, account), 'Delete');
    if (answer !== 'Delete') throw new Cancelled();
  }
  const result = await deleteAccount({ store: ctx.store(), operator, name: account, removeCreds: args.removeCreds });
  ctx.changed();
  inform(ctx, `Deleted account '${account}' (${result.removed.length} files).`);
  return result;
}

export interface RemoveSigningKeyCommandArgs {
  operator: string;
  /** The account whose key goes; without it, the operator's. */
  account: string;
  signingKey: string;
  removeSeed: boolean;
  confirmed: boolean;
}

/** A signing key command's target: its owner (operator, account) and the key; `signed` lists what it signed. */
export async function signingKeyTarget(ctx: TrustContext, arg: unknown, title: string) {
  const args = invocation<RemoveSigningKeyCommandArgs>(arg);
  const operator = await chooseOperator(ctx, args.operator);
  const key = args.signingKey;
  if (!key) throw new Error(`${title} works on a signing key of the Operators view (or an argument object naming one)`);
  const owner = args.account ? `account '${args.account}'` : `operator '${operator}'`;
  const what = args.account ? 'users' : 'accounts';
  return { args, operator, key, owner, what, signed: () => signedBy(ctx.store(), operator, args.account, key) };
}

export async function removeSigningKeyCommand(ctx: TrustContext, arg: unknown): Promise<RemoveSigningKeyResult> {
  const { args, operator, key, owner, what, signed: signedList } = await signingKeyTarget(ctx, arg, 'Remove Signing Key');
  if (!args.confirmed) {
    const signed = await signedList();
    const answer = await confirm(`Remove signing key ${key.slice(0, 12)}… from ${owner}?`, [
      signed.length ? `The ${what} it signed stop working: ${signed.join(', ')}.` : `No ${what.slice(0, -1)} of the store was signed by it.`,
      args.account ? `Servers apply it once account '${args.account}' is pushed: clients connected as users it signed are disconnected then.` : "Servers apply it once their configuration has the new operator JWT.",
    ], 'Remove');
    if (answer !== 'Remove') throw new Cancelled();
  }
  const result = await removeSigningKey({ store: ctx.store(), operator, account: args.account, key, removeSeed: args.removeSeed });
  ctx.changed();
  inform(ctx, `Removed signing key ${result.publicKey} from ${owner}.`, ...(args.account ? [pushAction(operator, args.account)] : []));
  return result;
}
