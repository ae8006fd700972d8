/** `nats-workbench signing-key add`: a new operator signing key, or a plain or scoped account signing key. */
import { addSigningKey, displayText as shown, removeSigningKey, SCOPE_DESCRIPTION_REFUSED, signedBy, SigningKeyScopeInput } from '../core/trust';
import { CliCommand, CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { formatOption, output, unconfirmed } from './lifecycleOptions';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';

const SCOPE_LISTS = ['allow-pub', 'allow-sub', 'deny-pub', 'deny-sub'];
const SCOPE_VALUES = [...SCOPE_LISTS, 'allow-pub-response'];

export const signingKeyCommand: CliCommand = {
  summary: 'Add a signing key to an operator or an account (optionally scoped: a role with a permission template)',
  usage: [
    'Usage: nats-workbench signing-key add [--store DIR] [--operator O] [--account A] [--role NAME]',
    '         [--allow-pub SUBJ]... [--allow-sub SUBJ]... [--deny-pub SUBJ]... [--deny-sub SUBJ]...',
    '         [--allow-pub-response N] [--bearer]',
    '',
    'Without --account, adds a signing key to operator O (it signs accounts). With --account, adds',
    'one to account A (it signs users). With --role the account key is scoped, as nsc\'s',
    '"edit signing-key --role": users signed with it (user add --signing-key NAME) carry no',
    'permissions of their own and get the template given here: the allow/deny subjects, N replies',
    'to each request received (--allow-pub-response), bearer login (--bearer). The template options',
    'need --role. A scope has no description (nats-server 2.9\'s JWT library refuses one). Prints the',
    'new public key on stdout.',
    '',
    'Usage: nats-workbench signing-key delete [--store DIR] [--operator O] [--account A] --key PUBLIC_KEY|ROLE',
    '         [--rm-nkey] [--yes] [--format text|json]',
    '',
    'Removes a signing key from account A (without --account: from operator O) and re-signs the JWT.',
    'Every user (account) it signed then fails: once the account is pushed (the operator JWT is in',
    'the servers\' configuration), servers refuse those users and close their connections. The seed',
    'stays in the keystore unless --rm-nkey. Without --yes, lists what would stop working and changes nothing.',
  ].join('\n'),
  async run(args, io) {
    if (args[0] === 'delete') return deleteKey(args.slice(1), io);
    const parsed = parseArgs(addSubcommand(args, ['delete']), { values: ['store', 'operator', 'account', 'role', 'description', ...SCOPE_VALUES], flags: ['bearer'] });
    if (parsed.options.has('description')) throw new UsageError(`--description: ${SCOPE_DESCRIPTION_REFUSED}`);
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

async function deleteKey(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['store', 'operator', 'account', 'key', 'format'], flags: ['rm-nkey', 'yes'] });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = optionValue(parsed, 'account');
  if (account === '') throw new UsageError('--account needs an account name');
  const key = requiredOption(parsed, 'key');
  const format = formatOption(parsed);
  const owner = account === undefined ? `operator '${shown(operator)}'` : `account '${shown(account)}'`;
  const signed = (names: string[]): string =>
    names.length ? `${account === undefined ? 'Accounts' : 'Users'} it signed stop working: ${names.map((n) => shown(n)).join(', ')}.` : `Nothing in the store was signed by it.`;
  return runTrust('signing-key delete', io, async () => {
    const refused = unconfirmed(io, parsed, 'signing-key delete', [`Signing key ${shown(key)} is removed from ${owner}.`, signed(await signedBy(store, operator, account, key))]);
    if (refused !== undefined) return refused;
    const r = await removeSigningKey({ store, operator, account, key, removeSeed: parsed.flags.has('rm-nkey') });
    const push = account === undefined ? "Give servers the new operator JWT (their configuration's operator) for it to apply." : `Push account '${shown(account)}' for servers to apply it.`;
    output(io, format, [`Removed signing key ${r.publicKey} from ${owner}; ${shown(r.jwtPath)} re-signed`, signed(r.signed), ...(r.seedRemoved ? [`Deleted its seed ${shown(r.seedRemoved)}`] : []), push], r);
    return 0;
  });
}
