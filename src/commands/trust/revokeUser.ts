/** NATS: Revoke User — a revocation in its account's JWT; servers refuse it (and close its connections) once the account is pushed. */
import * as vscode from 'vscode';
import { revokeUsers, RevokeUsersResult } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { confirm } from './editForm';
import { chooseUser } from './pickers';
import { Cancelled, inform } from './run';
import * as notify from '../../notifications';

export interface RevokeUserCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** Skip the confirmation (argument objects). */
  confirmed: boolean;
}

export async function revokeUserCommand(ctx: TrustContext, arg: unknown): Promise<RevokeUsersResult> {
  const args = invocation<RevokeUserCommandArgs>(arg);
  const ref = await chooseUser(ctx, args);
  if (!args.confirmed) {
    const answer = await confirm(`Revoke user '${ref.user}' of account '${ref.account}'?`, [
      `Its JWTs issued until now are refused. Once account '${ref.account}' is pushed, servers refuse its credentials and close its open connections.`,
      'A revoked user cannot be edited back: add a new user instead.',
    ], 'Revoke');
    if (answer !== 'Revoke') throw new Cancelled();
  }
  const result = await revokeUsers({ store: ctx.store(), operator: ref.operator, account: ref.account, users: [ref.user] });
  ctx.changed();
  for (const warning of result.warnings) void notify.showWarningMessage(warning);
  inform(ctx, `Revoked user '${ref.user}' in account '${ref.account}'. Push the account for servers to lock it out.`, {
    title: 'Push Account',
    run: () => vscode.commands.executeCommand('natsWorkbench.pushAccount', { operator: ref.operator, account: ref.account }),
  });
  return result;
}
