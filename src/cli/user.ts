/** `nats-workbench user add` (a new user with permissions and expiry, and its .creds file) and `user creds`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addUser, checkPermissionSubjects, credsReplacement, displayText as shown, generateUserCreds, inTransaction, parseExpiry, PermissionList, userJwtSizeWarning } from '../core/trust';
import { CliCommand, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';
import { userCreds, userCredsUsage } from './userCreds';
import { userLifecycle, userLifecycleUsage } from './userLifecycle';

const PERMISSION_OPTIONS: readonly PermissionList[] = ['allow-pub', 'deny-pub', 'allow-sub', 'deny-sub'];

export const userCommand: CliCommand = {
  summary: "Add, edit, revoke or delete a user of an account, or rewrite a user's .creds file",
  usage: [
    'Usage: nats-workbench user add [--store DIR] [--operator O] [--account A] --name U --creds FILE',
    '         [--expiry DURATION] [--allow-pub SUBJ]... [--allow-sub SUBJ]... [--deny-pub SUBJ]...',
    '         [--deny-sub SUBJ]... [--bearer] [--signing-key ROLE|PUBLIC_KEY] [--force]',
    '',
    'Adds user U to account A and writes its credentials to FILE (mode 0600). DURATION is a duration',
    '(90m, 12h, 30d, 2w, 1y, or combined: 1d12h), a date (2030-01-31: the user expires at 00:00 UTC',
    'that day) or a date-time with a zone (2030-01-31T12:00:00Z, 2030-01-31T12:00:00+02:00).',
    'Without --allow-pub/--allow-sub the user may publish/subscribe everywhere (minus the denies).',
    "Subjects follow the server's rules (no empty token, no whitespace, '>' only last); a subscribe",
    "subject may name a queue group after one space ('orders.* workers'). FILE is never replaced",
    'unless --force is given. A JWT too large for the default max_control_line is warned about on stderr.',
    'If FILE cannot be written, the user is not created either.',
    'The user is signed by an unscoped account signing key, else the account key; --signing-key picks',
    'the key (a public key, or the role of a scoped key: the user then carries no permissions of its',
    'own, the role\'s template applies, and --allow-*/--deny-*/--bearer are refused).',
    'Without --store, nsc\'s own store and its default operator and account (nsc.json, NSC_HOME) are used.',
    '',
    userCredsUsage,
    '',
    userLifecycleUsage,
  ].join('\n'),
  async run(args, io) {
    if (args[0] === 'creds') return userCreds(args.slice(1), io);
    const lifecycle = userLifecycle(args, io);
    if (lifecycle) return lifecycle;
    const parsed = parseArgs(addSubcommand(args, ['creds', 'edit', 'revoke', 'delete']), {
      values: ['store', 'operator', 'account', 'name', 'creds', 'expiry', 'allow-pub', 'allow-sub', 'deny-pub', 'deny-sub', 'signing-key'],
      flags: ['bearer', 'force'],
    });
    const store = storeOption(parsed, io);
    const operator = entityOption(parsed, io, 'operator');
    const account = entityOption(parsed, io, 'account');
    const name = requiredOption(parsed, 'name');
    const credsFile = path.resolve(io.cwd, requiredOption(parsed, 'creds'));
    const force = parsed.flags.has('force');
    const signWith = optionValue(parsed, 'signing-key');
    if (signWith === '') throw new UsageError('--signing-key needs a role or a public key');
    const list = (option: string): string[] => parsed.options.get(option) ?? [];
    const hints = { replacedWithForce: credsFile, onFailure: 'no user was created' };
    return runTrust('user add', io, () => inTransaction(async () => {
      const expiryText = optionValue(parsed, 'expiry');
      const expires = expiryText === undefined ? undefined : parseExpiry(expiryText);
      for (const option of PERMISSION_OPTIONS) checkPermissionSubjects(option, list(option));
      if (!force && fs.existsSync(credsFile)) {
        const what = credsReplacement(credsFile, store, operator, account, name);
        io.stderr.write(`nats-workbench user add: ${shown(credsFile)} already exists; use --force to replace it${what ? `. ${what}` : ''} (no user was created)\n`);
        return 1;
      }
      const user = await addUser({
        store,
        operator,
        account,
        name,
        expires,
        bearer: parsed.flags.has('bearer'),
        signWith,
        permissions: {
          pub: { allow: list('allow-pub'), deny: list('deny-pub') },
          sub: { allow: list('allow-sub'), deny: list('deny-sub') },
        },
      });
      const creds = await generateUserCreds({ store, operator, account, user: name, outFile: credsFile, overwrite: force });
      const lines = [
        `Created user '${shown(user.name)}' ${user.publicKey} in account '${shown(account)}'${expires ? `, expires ${expires.toISOString()}` : ''}`,
        `  jwt:   ${shown(user.jwtPath)}`,
        `  creds: ${shown(creds.path)} (mode 0600; keep it secret)`,
      ];
      io.stdout.write(lines.join('\n') + '\n');
      const tooLarge = userJwtSizeWarning(user.jwt, user.name);
      if (tooLarge) io.stderr.write(`nats-workbench user add: warning: ${shown(tooLarge)}\n`);
      return 0;
    }), hints);
  },
};
