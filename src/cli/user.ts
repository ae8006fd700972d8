/** `nats-workbench user add`: a new user with permissions and expiry, and its .creds file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addUser, generateUserCreds, parseExpiry } from '../core/trust';
import { CliCommand, optionValue, parseArgs, requiredOption } from './framework';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';

export const userCommand: CliCommand = {
  summary: 'Add a user to an account (permissions, expiry) and write its .creds file',
  usage: [
    'Usage: nats-workbench user add [--store DIR] [--operator O] [--account A] --name U --creds FILE',
    '         [--expiry DURATION] [--allow-pub SUBJ]... [--allow-sub SUBJ]... [--deny-pub SUBJ]...',
    '         [--deny-sub SUBJ]... [--bearer] [--force]',
    '',
    'Adds user U to account A and writes its credentials to FILE (mode 0600). DURATION is e.g. 90m,',
    '12h, 30d, 2w, 1y, or a date such as 2030-01-31. Without --allow-pub/--allow-sub the user may',
    'publish/subscribe everywhere (minus the denies). FILE is never replaced unless --force is given.',
    'Without --store, nsc\'s own store and its default operator and account (nsc.json, NSC_HOME) are used.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(addSubcommand(args), {
      values: ['store', 'operator', 'account', 'name', 'creds', 'expiry', 'allow-pub', 'allow-sub', 'deny-pub', 'deny-sub'],
      flags: ['bearer', 'force'],
    });
    const store = storeOption(parsed, io);
    const operator = entityOption(parsed, io, 'operator');
    const account = entityOption(parsed, io, 'account');
    const name = requiredOption(parsed, 'name');
    const credsFile = path.resolve(io.cwd, requiredOption(parsed, 'creds'));
    const force = parsed.flags.has('force');
    const list = (option: string): string[] => parsed.options.get(option) ?? [];
    return runTrust('user add', io, async () => {
      const expiryText = optionValue(parsed, 'expiry');
      const expires = expiryText === undefined ? undefined : parseExpiry(expiryText);
      if (!force && fs.existsSync(credsFile)) {
        io.stderr.write(`nats-workbench user add: ${credsFile} already exists; use --force to replace it (no user was created)\n`);
        return 1;
      }
      const user = await addUser({
        store,
        operator,
        account,
        name,
        expires,
        bearer: parsed.flags.has('bearer'),
        permissions: {
          pub: { allow: list('allow-pub'), deny: list('deny-pub') },
          sub: { allow: list('allow-sub'), deny: list('deny-sub') },
        },
      });
      const creds = await generateUserCreds({ store, operator, account, user: name, outFile: credsFile, overwrite: force });
      const lines = [
        `Created user '${user.name}' ${user.publicKey} in account '${account}'${expires ? `, expires ${expires.toISOString()}` : ''}`,
        `  jwt:   ${user.jwtPath}`,
        `  creds: ${creds.path} (mode 0600; keep it secret)`,
      ];
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    });
  },
};
