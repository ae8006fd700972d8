/** NATS: Create Operator — an operator with an operator signing key, a system account and its user. */
import { createOperator, CreateOperatorResult } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { askName } from './prompts';
import { inform } from './run';

export interface CreateOperatorCommandArgs {
  name: string;
  /** Name of the system account (default `SYS`); false = none. */
  systemAccount: string | false;
  /** Name of the system account's user (default `sys`). */
  systemUser: string;
  /** Create an operator signing key (default true). */
  signingKey: boolean;
  /** Client URLs of the operator's servers. */
  serviceUrls: string[];
}

export async function createOperatorCommand(ctx: TrustContext, arg: unknown): Promise<CreateOperatorResult> {
  const args = invocation<CreateOperatorCommandArgs>(arg);
  const store = ctx.store();
  const name = args.name ?? args.operator ?? (await askName('operator', (await ctx.read()).operators.map((o) => o.name)));
  const result = await createOperator({
    store,
    name,
    systemAccount: args.systemAccount,
    systemUser: args.systemUser,
    signingKey: args.signingKey,
    serviceUrls: args.serviceUrls,
  });
  ctx.changed();
  const sys = result.systemAccount ? `, system account '${result.systemAccount.name}'` : '';
  const sk = result.operator.signingKey ? ' and an operator signing key' : '';
  inform(ctx, `Created operator '${name}' (${result.operator.publicKey})${sys}${sk} in ${store.storesDir}`);
  return result;
}
