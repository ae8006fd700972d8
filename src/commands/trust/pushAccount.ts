/**
 * NATS: Push Account to Server — sends an account JWT to a running server (full resolver) as a
 * user of the system account from the store, then checks that a user of the account can really
 * log in (and reach JetStream when the account has it). Before the push it reads the account's
 * clients on the servers and, when the push disconnects some (revoked users, a lower `conn` limit)
 * or stops JetStream, says so with the figures and asks; `confirmed: true` pushes without asking.
 */
import * as vscode from 'vscode';
import { planAccountPushFromStore, pushAccountFromStore, PushAccountResult, PushImpact, pushImpactIsSerious, SignWith, StoreModel } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseAccount, chooseOperator } from './pickers';
import { addSteps, Cancelled, setWizardTitle, wizard } from '../wizard';
import { confirm } from './editForm';
import { askText } from './prompts';
import { inform, redactSeeds } from './run';
import { urlWithoutUserInfo } from '../../core/cluster';
import * as notify from '../../notifications';

export interface PushAccountCommandArgs {
  operator: string;
  account: string;
  /** One URL or several, comma separated, e.g. nats://127.0.0.1:4222. */
  serverUrl: string;
  /** The system account user to push as (default: the first one with its seed in the keystore). */
  systemUser: string;
  /** Which account key signs the temporary check user. */
  signWith: SignWith;
  /** For the push and for the check, each (default 5000 ms). */
  timeoutMs: number;
  /** Push without asking, even when the push disconnects clients, stops JetStream or ends other accounts' imports. */
  confirmed: boolean;
}

/** The confirmation's button: what the push (of one account or several) does. */
export function pushButton(...impacts: PushImpact[]): string {
  if (impacts.some((i) => i.revoked.length > 0 || i.unsigned.length > 0 || i.connectionsCut)) return 'Push and Disconnect';
  return impacts.some((i) => i.jetstreamOff) ? 'Push and Stop JetStream' : 'Push and End Imports';
}

/**
 * What the push does to the account's running clients, read from the servers; undefined when they
 * cannot be read (the push then reports why it cannot reach them either).
 */
async function planPush(ctx: TrustContext, args: Partial<PushAccountCommandArgs>, operator: string, account: string, serverUrl: string): Promise<PushImpact | undefined> {
  try {
    return await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the clients of account '${account}' on ${serverUrl}…` }, () =>
      planAccountPushFromStore({ store: ctx.store(), operator, account, serverUrl, systemUser: args.systemUser, timeoutMs: args.timeoutMs }),
    );
  } catch (e) {
    ctx.log.warn(redactSeeds(`Push Account to Server: what the push does to the clients of '${account}' could not be read: ${(e as Error).message}`));
    return undefined;
  }
}

/** The active connection's first URL (without its user or password), else the operator's service URLs, else a local server. */
function defaultUrl(ctx: TrustContext, model: StoreModel, operator: string): string {
  // The push logs in with the system account's creds: the connection's own user or password is not
  // needed there, and must not be shown in the input box.
  const active = ctx.services.connections?.active?.profile.servers[0];
  if (active) return urlWithoutUserInfo(active);
  const urls = model.operators.find((o) => o.name === operator)?.claims?.nats.operator_service_urls;
  return Array.isArray(urls) && typeof urls[0] === 'string' ? urls.join(',') : 'nats://127.0.0.1:4222';
}

/** Asks for the server URL(s), offering the active connection, the operator's service URLs or a local server. */
export async function askUrl(ctx: TrustContext, model: StoreModel, operator: string, title = 'Push Account to Server'): Promise<string> {
  return askText({
    title,
    prompt: 'URL of a server with a full resolver (several: comma separated)',
    value: defaultUrl(ctx, model, operator),
    validateInput: (v) => (v.split(',').every((u) => /^(nats|tls|ws|wss):\/\/\S+$/.test(u.trim()) || /^[\w.-]+:\d+$/.test(u.trim())) ? undefined : 'a URL such as nats://127.0.0.1:4222'),
  });
}

export async function pushAccountCommand(ctx: TrustContext, arg: unknown): Promise<PushAccountResult & { impact?: PushImpact }> {
  const args = invocation<PushAccountCommandArgs>(arg);
  const { account, operator, serverUrl } = await wizard('Push Account to Server', async () => {
    const model = await ctx.read();
    if (args.operator === undefined && model.operators.length > 1) addSteps(1);
    const operator = await chooseOperator(ctx, args.operator, model);
    if (args.account === undefined && (model.operators.find((o) => o.name === operator)?.accounts.length ?? 0) > 1) addSteps(1);
    if (args.serverUrl === undefined) addSteps(1);
    const account = await chooseAccount(ctx, operator, args.account, () => true, model);
    setWizardTitle(`Push Account '${account}' to Server`);
    return { operator, account, serverUrl: args.serverUrl ?? (await askUrl(ctx, model, operator)) };
  });
  const impact = await planPush(ctx, args, operator, account, serverUrl);
  if (impact && pushImpactIsSerious(impact)) {
    ctx.log.info(`Push Account to Server: pushing '${account}' to ${serverUrl}: ${impact.summary}`);
    if (args.confirmed !== true) {
      const button = pushButton(impact);
      const answer = await confirm(`Push account '${account}' to ${serverUrl}? ${impact.summary}`, impact.lines, button);
      if (answer !== button) throw new Cancelled();
    }
  }
  const result = await notify.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pushing account '${account}' to ${serverUrl}…` },
    () => pushAccountFromStore({ store: ctx.store(), operator, account, serverUrl, systemUser: args.systemUser, signWith: args.signWith, timeoutMs: args.timeoutMs }),
  );
  // An accepted push is recorded in the store: the account is no longer "changed since last push".
  if (result.accepted) ctx.changed();
  const replies = result.replies.map((r) => `${r.code}${r.message ? ` ${r.message}` : ''}`).join('; ') || 'no reply';
  const answered = result.replies.length === 1 ? '1 server answered' : `${result.replies.length} servers answered`;
  const summary = `Push of account '${account}' to ${serverUrl}: ${answered} (${replies})`;
  if (result.accepted && result.works !== false) {
    inform(ctx, `${summary}; ${result.check ?? 'the account was not checked'}.`);
  } else {
    const problems = result.problems.map((p) => p.message).join('; ');
    const failure = result.replies.length === 0 ? `Push of account '${account}' to ${serverUrl} failed` : `${summary}. The account does not work`;
    const message = redactSeeds(`${failure}: ${problems}`);
    ctx.log.error(message);
    void notify.showErrorMessage(message);
  }
  return impact ? { ...result, impact } : result;
}
