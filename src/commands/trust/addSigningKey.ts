/** NATS: Add Signing Key — a new signing key for an operator or for one of its accounts. */
import { addSigningKey, SigningKeyResult, SignWith } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseOperator } from './pickers';
import { pickOne } from './prompts';
import { inform } from './run';

export interface AddSigningKeyCommandArgs {
  operator: string;
  /** The account that gets the key; without it (in an argument object) the operator does. */
  account: string;
  /** For an account: which operator key re-signs its JWT. */
  signWith: SignWith;
}

export async function addSigningKeyCommand(ctx: TrustContext, arg: unknown): Promise<SigningKeyResult> {
  const args = invocation<AddSigningKeyCommandArgs>(arg);
  const model = await ctx.read();
  let account = args.account;
  const operator = args.operator ?? (await chooseOperator(ctx, undefined, model));
  if (args.operator === undefined) {
    // Nothing said whose key it is: ask, the operator first.
    const accounts = model.operators.find((o) => o.name === operator)?.accounts ?? [];
    account = await pickOne<string | undefined>(
      [
        { label: `$(organization) Operator ${operator}`, description: 'signs accounts', value: undefined },
        ...accounts.map((a) => ({ label: `$(folder-library) Account ${a.name}`, description: 'signs users', value: a.name })),
      ],
      'Whose signing key?',
    );
  }
  const result = await addSigningKey({ store: ctx.store(), operator, account, signWith: args.signWith });
  ctx.changed();
  inform(ctx, `Added signing key ${result.publicKey} to ${account === undefined ? `operator '${operator}'` : `account '${account}' of operator '${operator}'`}`);
  return result;
}
