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
import { expiryText, plural } from '../../core/plural';
import { pickLabel } from '../../core/trust/quote';

export interface CheckExpirationsCommandArgs {
  /** How far ahead to look (default: the setting natsWorkbench.expiryWarningDays). */
  withinDays: number;
  /** Show the quick pick (default true); false only logs and returns the list. */
  pick: boolean;
}

function describe(e: Expiration, now: Date): string {
  const owner = e.kind === 'user' ? ` of ${e.operator} / ${e.account}` : e.kind === 'account' ? ` of ${e.operator}` : '';
  return `${e.kind} '${e.name}'${owner} ${expiryText(e.expires, now)} (${e.expires.toISOString()})`;
}

export async function checkExpirationsCommand(ctx: TrustContext, arg: unknown): Promise<Expiration[]> {
  const args = invocation<CheckExpirationsCommandArgs>(arg);
  const withinDays = args.withinDays ?? ctx.warnDays();
  const now = new Date();
  const found = await expirations({ store: await ctx.read(), withinDays, now });
  if (found.length === 0) {
    inform(ctx, `Nothing in the store expires within ${plural(withinDays, 'day')}.`);
    return found;
  }
  ctx.log.info(`Check Expirations: ${plural(found.length, 'JWT')} expired or expiring within ${plural(withinDays, 'day')}:`);
  for (const e of found) ctx.log.info(`  ${describe(e, now)}`);
  if (args.pick !== false) {
    const items = found.map((e) => ({
      label: `$(${e.expired ? 'error' : 'warning'}) ${pickLabel(e.name)}`,
      description: pickLabel(describe(e, now)),
      expiration: e,
    }));
    void vscode.window.showQuickPick(items, { placeHolder: `${found.length} expired or expiring within ${plural(withinDays, 'day')}: choose one to see its JWT`, matchOnDescription: true }).then((picked) => {
      if (!picked) return;
      const e = picked.expiration;
      const ref = e.kind === 'operator' ? { operator: e.name } : e.kind === 'account' ? { operator: e.operator, account: e.name } : { operator: e.operator, account: e.account, user: e.name };
      return vscode.commands.executeCommand('natsWorkbench.showDecodedJwt', ref);
    });
  }
  return found;
}
