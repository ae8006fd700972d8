/** `nats-workbench signing-key add`: a new operator signing key, or a plain or scoped account signing key. */
import { addSigningKey, displayText as shown, removeSigningKey, RotateSigningKeyResult, rotateSigningKey, SCOPE_DESCRIPTION_REFUSED, signedBy, SigningKeyScopeInput } from '../core/trust';
import { CliCommand, CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { formatOption, output, unconfirmed } from './lifecycleOptions';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';

const SCOPE_LISTS = ['allow-pub', 'allow-sub', 'deny-pub', 'deny-sub'];
const SCOPE_VALUES = [...SCOPE_LISTS, 'allow-pub-response'];

export const signingKeyCommand: CliCommand = {
  summary: 'Add, rotate or delete a signing key of an operator or an account (optionally scoped: a role with a permission template)',
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
    '',
    'Usage: nats-workbench signing-key rotate [--store DIR] [--operator O] [--account A] --key PUBLIC_KEY|ROLE',
    '         [--rm-nkey] [--format text|json]',
    '',
    'Replaces a signing key of account A (without --account: of operator O) by a new one: the new key',
    'takes its place (a scoped key keeps its role and template), every user (account) the old key signed',
    'is signed again by the new one with the same claims, the keystore .creds of those users are',
    'rewritten, and the old key is removed. Revoked users and JWTs that fail verification are not signed',
    'again (they are listed). Push the account(s) afterwards; for an operator key, give servers the new',
    'operator JWT first. Copies of the old .creds kept elsewhere stop working.',
  ].join('\n'),
  async run(args, io) {
    if (args[0] === 'delete') return deleteKey(args.slice(1), io);
    if (args[0] === 'rotate') return rotateKey(args.slice(1), io);
    const parsed = parseArgs(addSubcommand(args, ['delete', 'rotate']), { values: ['store', 'operator', 'account', 'role', 'description', ...SCOPE_VALUES], flags: ['bearer'] });
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

/** The options `delete` and `rotate` share: whose key (`--operator`, `--account`), which (`--key`), `--format`. */
function keyOptions(args: string[], io: CliIo, flags: string[]) {
  const parsed = parseArgs(args, { values: ['store', 'operator', 'account', 'key', 'format'], flags });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = optionValue(parsed, 'account');
  if (account === '') throw new UsageError('--account needs an account name');
  return { parsed, store, operator, account, key: requiredOption(parsed, 'key'), format: formatOption(parsed) };
}

async function deleteKey(args: string[], io: CliIo): Promise<number> {
  const { parsed, store, operator, account, key, format } = keyOptions(args, io, ['rm-nkey', 'yes']);
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

/** The lines `signing-key rotate` prints for a rotation. */
export function rotationLines(r: RotateSigningKeyResult): string[] {
  const owner = r.account === undefined ? `operator '${shown(r.operator)}'` : `account '${shown(r.account)}'`;
  const what = r.account === undefined ? 'account' : 'user';
  const lines = [`Rotated ${r.role === undefined ? 'signing key' : `scoped signing key (role '${shown(r.role)}')`} of ${owner}: ${r.oldKey} -> ${r.newKey}; ${shown(r.jwtPath)} re-signed`];
  lines.push(r.reissued.length ? `Signed again by the new key (${r.reissued.length} ${what}${r.reissued.length === 1 ? '' : 's'}):` : `Nothing in the store was signed by the old key.`);
  for (const e of r.reissued) {
    const creds = e.credsRewritten ? `; creds ${shown(e.credsRewritten)} rewritten` : e.credsStale ? `; creds ${shown(e.credsStale)} still holds the old JWT (the user's seed is not in the keystore)` : '';
    lines.push(`  ${shown(e.name)} ${e.publicKey}${creds}`);
  }
  if (r.skipped.length) lines.push(`Not signed again (they stop working once servers have the new JWT):`, ...r.skipped.map((e) => `  ${shown(e.name)}: ${shown(e.reason)}`));
  if (r.seedRemoved) lines.push(`Deleted the old seed ${shown(r.seedRemoved)}`);
  lines.push(
    r.account === undefined
      ? `Give servers the new operator JWT (their configuration's operator), then push the re-signed accounts.`
      : `Push account '${shown(r.account)}' for servers to apply it; copies of the old .creds kept elsewhere stop working then, and clients still connected with them are disconnected.`,
  );
  return lines;
}

async function rotateKey(args: string[], io: CliIo): Promise<number> {
  const { parsed, store, operator, account, key, format } = keyOptions(args, io, ['rm-nkey']);
  return runTrust('signing-key rotate', io, async () => {
    const r = await rotateSigningKey({ store, operator, account, key, removeSeed: parsed.flags.has('rm-nkey') });
    output(io, format, rotationLines(r), r);
    return 0;
  });
}
