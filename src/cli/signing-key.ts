/** `nats-workbench signing-key add`: a new operator signing key, or a plain or scoped account signing key. */
import { addSigningKey, displayText as shown, SigningKeyScopeInput } from '../core/trust';
import { CliCommand, optionValue, parseArgs, UsageError } from './framework';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';

const SCOPE_LISTS = ['allow-pub', 'allow-sub', 'deny-pub', 'deny-sub'];
const SCOPE_VALUES = [...SCOPE_LISTS, 'allow-pub-response', 'description'];

export const signingKeyCommand: CliCommand = {
  summary: 'Add a signing key to an operator or an account (optionally scoped: a role with a permission template)',
  usage: [
    'Usage: nats-workbench signing-key add [--store DIR] [--operator O] [--account A] [--role NAME]',
    '         [--allow-pub SUBJ]... [--allow-sub SUBJ]... [--deny-pub SUBJ]... [--deny-sub SUBJ]...',
    '         [--allow-pub-response N] [--bearer] [--description TEXT]',
    '',
    'Without --account, adds a signing key to operator O (it signs accounts). With --account, adds',
    'one to account A (it signs users). With --role the account key is scoped, as nsc\'s',
    '"edit signing-key --role": users signed with it (user add --signing-key NAME) carry no',
    'permissions of their own and get the template given here: the allow/deny subjects, N replies',
    'to each request received (--allow-pub-response), bearer login (--bearer). The template options',
    'and --description need --role. Prints the new public key on stdout.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(addSubcommand(args), { values: ['store', 'operator', 'account', 'role', ...SCOPE_VALUES], flags: ['bearer'] });
    const store = storeOption(parsed, io);
    const operator = entityOption(parsed, io, 'operator');
    const account = optionValue(parsed, 'account');
    const role = optionValue(parsed, 'role');
    const list = (option: string): string[] => parsed.options.get(option) ?? [];
    const scopeOptions = [...SCOPE_VALUES.filter((o) => parsed.options.has(o)), ...(parsed.flags.has('bearer') ? ['bearer'] : [])];
    if (account === '') throw new UsageError('--account needs an account name');
    if (role !== undefined && account === undefined) throw new UsageError('--role needs --account: only account signing keys can be scoped');
    if (role === undefined && scopeOptions.length) throw new UsageError(`${scopeOptions.map((o) => `--${o}`).join(', ')} describe a scope and need --role`);
    let scope: SigningKeyScopeInput | undefined;
    if (role !== undefined) {
      const responses = optionValue(parsed, 'allow-pub-response');
      if (responses !== undefined && !/^[1-9]\d{0,8}$/.test(responses)) throw new UsageError(`--allow-pub-response takes a whole number of replies (1 or more), not '${responses}'`);
      scope = {
        role,
        description: optionValue(parsed, 'description'),
        template: {
          permissions: {
            pub: { allow: list('allow-pub'), deny: list('deny-pub') },
            sub: { allow: list('allow-sub'), deny: list('deny-sub') },
            responses: responses === undefined ? undefined : { max: Number(responses) },
          },
          bearer: parsed.flags.has('bearer'),
        },
      };
    }
    return runTrust('signing-key add', io, async () => {
      const r = await addSigningKey({ store, operator, account, scope });
      io.stdout.write(`${r.publicKey}\n`);
      const owner = account === undefined ? `operator '${shown(operator)}'` : `account '${shown(account)}' of operator '${shown(operator)}'`;
      io.stderr.write(`Added ${r.role !== undefined ? `scoped signing key (role '${shown(r.role)}')` : 'signing key'} ${r.publicKey} to ${owner}; ${shown(r.jwtPath)} re-signed\n`);
      return 0;
    });
  },
};
