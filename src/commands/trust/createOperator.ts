/** NATS: Create Operator — an operator with an operator signing key, a system account and its user. */
import { createOperator, CreateOperatorResult } from '../../core/trust';
import { Invocation, invocation } from './args';
import type { TrustContext } from './context';
import { setWizardTitle, stepsLeft, wizard } from '../wizard';
import { askName, pickOne } from './prompts';
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

interface Questions {
  name: string;
  systemAccount: string | false | undefined;
  signingKey: boolean | undefined;
}

/** Name, system account and signing key, each asked when the arguments leave it open (a name given means no questions). */
function ask(ctx: TrustContext, args: Invocation<CreateOperatorCommandArgs>): Promise<Questions> {
  return wizard('Create Operator', async () => {
    const given = args.name ?? args.operator;
    if (given !== undefined) return { name: given, systemAccount: args.systemAccount, signingKey: args.signingKey };
    stepsLeft(1 + (args.systemAccount === undefined ? 1 : 0) + (args.signingKey === undefined ? 1 : 0));
    const name = await askName('operator', (await ctx.read()).operators.map((o) => o.name));
    setWizardTitle(`Create Operator '${name}'`);
    const systemAccount =
      args.systemAccount ??
      (await pickOne<false | undefined>(
        [
          { label: 'System account SYS with user sys', description: 'recommended', detail: 'lets servers and tools (Push Account, the live checks) reach the system subjects', value: undefined },
          { label: 'No system account', value: false },
        ],
        `System account of operator '${name}'`,
      ));
    const signingKey =
      args.signingKey ??
      (await pickOne(
        [
          { label: 'With an operator signing key', description: 'recommended', detail: 'accounts are signed by it; the operator key itself can stay offline', value: true },
          { label: 'Without a signing key', detail: 'the operator key signs the accounts', value: false },
        ],
        `Signing key of operator '${name}'`,
      ));
    return { name, systemAccount, signingKey };
  });
}

export async function createOperatorCommand(ctx: TrustContext, arg: unknown): Promise<CreateOperatorResult> {
  const args = invocation<CreateOperatorCommandArgs>(arg);
  const store = ctx.store();
  const { name, systemAccount, signingKey } = await ask(ctx, args);
  const result = await createOperator({
    store,
    name,
    systemAccount,
    systemUser: args.systemUser,
    signingKey,
    serviceUrls: args.serviceUrls,
  });
  ctx.changed();
  const sys = result.systemAccount ? `, system account '${result.systemAccount.name}'` : '';
  const sk = result.operator.signingKey ? ' and an operator signing key' : '';
  inform(ctx, `Created operator '${name}' (${result.operator.publicKey})${sys}${sk} in ${store.storesDir}`);
  return result;
}
