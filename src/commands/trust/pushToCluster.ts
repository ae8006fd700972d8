/**
 * NATS: Push to Cluster — pushes one account (an account node) or all accounts of an operator
 * (an operator node; changed ones first) to every server of a full-resolver cluster, and shows
 * which servers stored each and the login check as a page. Before the push it reads each account's
 * clients on the cluster and, when a push disconnects some or stops JetStream, says so and asks
 * (`confirmed: true` pushes without asking).
 * NATS: Compare to Cluster — shows how the accounts the cluster holds differ from the store.
 */
import * as vscode from 'vscode';
import { planPushToCluster, PullFromClusterResult, pullFromCluster, pushImpactIsSerious, PushToClusterResult, pushToCluster } from '../../core/trust';
import { invocation } from './args';
import { clusterReports, pullMarkdown, pushMarkdown } from './clusterReports';
import type { TrustContext } from './context';
import { chooseOperator } from './pickers';
import { askUrl, pushButton } from './pushAccount';
import { Cancelled, inform, redactSeeds } from './run';
import { confirm } from './editForm';
import * as notify from '../../notifications';

export interface ClusterCommandArgs {
  operator: string;
  /** One account to push (an account node); without it (and without `accounts`), every account. */
  account: string;
  accounts: string[];
  /** One URL or several, comma separated. */
  serverUrl: string;
  /** The system account user to connect as (default: the first one with its seed). */
  systemUser: string;
  timeoutMs: number;
  /** Show the result page (default true). */
  showPage: boolean;
  /** Push without asking, even when pushes disconnect clients or stop JetStream. */
  confirmed: boolean;
}

async function target(ctx: TrustContext, arg: unknown, title: string): Promise<{ args: Partial<ClusterCommandArgs>; operator: string; serverUrl: string }> {
  const args = invocation<ClusterCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  return { args, operator, serverUrl: args.serverUrl ?? (await askUrl(ctx, model, operator, title)) };
}

async function showPage(ctx: TrustContext, title: string, markdown: string, show: boolean | undefined): Promise<void> {
  if (show === false) return;
  await ctx.services.pages.show(clusterReports.put(title, markdown));
}

export async function pushToClusterCommand(ctx: TrustContext, arg: unknown): Promise<PushToClusterResult> {
  const { args, operator, serverUrl } = await target(ctx, arg, 'Push to Cluster');
  const accounts = args.accounts ?? (args.account ? [args.account] : undefined);
  const what = accounts?.length === 1 ? `account '${accounts[0]}'` : `the accounts of operator '${operator}'`;
  const store = ctx.store();
  const plans = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the clients of ${what} on ${serverUrl}…` }, () =>
    planPushToCluster({ store, operator, accounts, serverUrl, systemUser: args.systemUser, timeoutMs: args.timeoutMs }).catch((e: Error) => {
      ctx.log.warn(redactSeeds(`Push to Cluster: what the push does to the clients could not be read: ${e.message}`));
      return [];
    }),
  );
  const harmful = plans.filter((p) => pushImpactIsSerious(p.impact));
  if (harmful.length > 0) {
    ctx.log.info(`Push to Cluster: ${harmful.map((p) => `'${p.name}': ${p.impact.summary}`).join(' ')}`);
    if (args.confirmed !== true) {
      const button = pushButton(...harmful.map((p) => p.impact));
      const head = harmful.map((p) => `'${p.name}': ${p.impact.summary}`).join(' ');
      const answer = await confirm(`Push ${what} to ${serverUrl}? ${head}`, harmful.flatMap((p) => [`Account '${p.name}':`, ...p.impact.lines]), button);
      if (answer !== button) throw new Cancelled();
    }
  }
  const result = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${what} to ${serverUrl}…` }, (progress) =>
    pushToCluster({ store, operator, accounts, serverUrl, systemUser: args.systemUser, timeoutMs: args.timeoutMs, onProgress: (done, total, a) => progress.report({ message: `${a.name} (${done} of ${total})`, increment: 100 / total }) }),
  );
  ctx.changed();
  const title = `Push of ${what} to ${serverUrl}`;
  await showPage(ctx, title, pushMarkdown(title, result), args.showPage);
  const stored = result.accounts.filter((a) => a.accepted).length;
  const summary = `${title}: ${stored} of ${result.accounts.length} stored by all ${result.servers.length} servers`;
  if (result.ok) inform(ctx, `${summary}.`);
  else {
    const message = redactSeeds(`${summary}: ${result.accounts.flatMap((a) => a.problems.map((p) => p.message)).join('; ')}`);
    ctx.log.error(message);
    void notify.showErrorMessage(message);
  }
  return result;
}

export async function compareWithClusterCommand(ctx: TrustContext, arg: unknown): Promise<PullFromClusterResult> {
  const { args, operator, serverUrl } = await target(ctx, arg, 'Compare to Cluster');
  const result = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the accounts of ${serverUrl}…` }, () =>
    pullFromCluster({ store: ctx.store(), operator, serverUrl, systemUser: args.systemUser, timeoutMs: args.timeoutMs }),
  );
  const title = `Operator ${operator} compared with ${serverUrl}`;
  await showPage(ctx, title, pullMarkdown(title, result), args.showPage);
  const differ = result.accounts.filter((a) => a.status !== 'same' || a.missingOn.length > 0).length;
  inform(ctx, result.inSync ? `${title}: in sync (${result.accounts.length} accounts).` : `${title}: ${differ} of ${result.accounts.length} accounts differ.`);
  return result;
}
