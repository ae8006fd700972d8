/** NATS: Add Account — an account of an operator, JetStream off, on, or on with limits. */
import { AccountLimitsInput, AccountResult, addAccount, JetStreamInput, JetStreamLimitsInput, parseExpiry, SignWith } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseOperator } from './pickers';
import { setWizardTitle, stepsLeft, wizard } from '../wizard';
import { askCount, askName, askSize, pickOne } from './prompts';
import { inform } from './run';

export interface AddAccountCommandArgs {
  operator: string;
  name: string;
  /** false = off (default when given without), true = on without limits, or limits. */
  jetstream: JetStreamInput;
  /** Connection, subscription, data and payload limits (omitted = unlimited). */
  limits: AccountLimitsInput;
  /** Also create an account signing key. */
  signingKey: boolean;
  /** Which operator key signs (default: an operator signing key). */
  signWith: SignWith;
  /** A duration (30d, 1y) or a date. */
  expiry: string;
  description: string;
}

async function askJetStream(): Promise<JetStreamInput> {
  const choice = await pickOne<'off' | 'on' | 'limits'>(
    [
      { label: 'JetStream off', description: 'the account cannot use streams', value: 'off' },
      { label: 'JetStream on, unlimited', description: 'streams limited only by the servers', value: 'on' },
      { label: 'JetStream on, with limits…', description: 'storage, streams and consumers', value: 'limits' },
    ],
    'JetStream for this account',
  );
  if (choice !== 'limits') return choice === 'on';
  stepsLeft(4);
  const limits: JetStreamLimitsInput = {
    diskStorage: await askSize('File storage for streams'),
    memStorage: await askSize('Memory storage for streams'),
    streams: await askCount('Number of streams'),
    consumers: await askCount('Number of consumers'),
  };
  return limits;
}

export async function addAccountCommand(ctx: TrustContext, arg: unknown): Promise<AccountResult> {
  const args = invocation<AddAccountCommandArgs>(arg);
  const store = ctx.store();
  const { operator, name, jetstream } = await wizard('Add Account', async () => {
    const model = await ctx.read();
    stepsLeft(1 + (args.operator === undefined && model.operators.length > 1 ? 1 : 0) + 1);
    const operator = await chooseOperator(ctx, args.operator, model);
    setWizardTitle(`Add Account to operator '${operator}'`);
    const taken = model.operators.find((o) => o.name === operator)?.accounts.map((a) => a.name) ?? [];
    // A name given in the arguments means "no questions": JetStream then defaults to off.
    const interactive = args.name === undefined;
    const name = args.name ?? (await askName('account', taken));
    setWizardTitle(`Add Account '${name}' to operator '${operator}'`);
    stepsLeft(args.jetstream === undefined && interactive ? 1 : 0);
    const jetstream = args.jetstream ?? (interactive ? await askJetStream() : false);
    return { operator, name, jetstream };
  });
  const result = await addAccount({
    store,
    operator,
    name,
    jetstream,
    limits: args.limits,
    signingKey: args.signingKey,
    signWith: args.signWith,
    expires: args.expiry ? parseExpiry(args.expiry) : undefined,
    description: args.description,
  });
  ctx.changed();
  inform(ctx, `Added account '${name}' (${result.publicKey}) to operator '${operator}', JetStream ${jetstream === false ? 'off' : 'on'}`);
  return result;
}
