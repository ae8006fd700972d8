/**
 * NATS: Check Expirations — operators, accounts and users of the store that have expired or
 * expire within `natsWorkbench.expiryWarningDays`, listed in the log and in a quick pick that
 * opens the decoded JWT of the one chosen.
 */
import * as vscode from 'vscode';
import { Expiration, expirations } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { inform } from './run';

export interface CheckExpirationsCommandArgs {
  /** How far ahead to look (default: the setting natsWorkbench.expiryWarningDays). */
  withinDays: number;
  /** Show the quick pick (default true); false only logs and returns the list. */
  pick: boolean;
}

function describe(e: Expiration): string {
  const owner = e.kind === 'user' ? ` of ${e.operator} / ${e.account}` : e.kind === 'account' ? ` of ${e.operator}` : '';
  const when = e.expired ? `expired ${-e.daysLeft} day(s) ago` : `expires in ${e.daysLeft} day(s)`;
  return `${e.kind} '${e.name}'${owner} ${when} (${e.expires.toISOString()})`;
}

export async function checkExpirationsCommand(ctx: TrustContext, arg: unknown): Promise<Expiration[]> {
  const args = invocation<CheckExpirationsCommandArgs>(arg);
  const withinDays = args.withinDays ?? ctx.warnDays();
  const found = await expirations({ store: await ctx.read(), withinDays });
  if (found.length === 0) {
    inform(ctx, `Nothing in the store expires within ${withinDays} day(s).`);
    return found;
  }
  ctx.log.info(`Check Expirations: ${found.length} JWT(s) expired or expiring within ${withinDays} day(s):`);
  for (const e of found) ctx.log.info(`  ${describe(e)}`);
  if (args.pick !== false) {
    const items = found.map((e) => ({
      label: `$(${e.expired ? 'error' : 'warning'}) ${e.name}`,
      description: describe(e),
      expiration: e,
    }));
    void vscode.window.showQuickPick(items, { placeHolder: `${found.length} expired or expiring within ${withinDays} day(s): choose one to see its JWT`, matchOnDescription: true }).then((picked) => {
      if (!picked) return;
      const e = picked.expiration;
      const ref = e.kind === 'operator' ? { operator: e.name } : e.kind === 'account' ? { operator: e.operator, account: e.name } : { operator: e.operator, account: e.account, user: e.name };
      return vscode.commands.executeCommand('natsWorkbench.showDecodedJwt', ref);
    });
  }
  return found;
}
