/** `nats-workbench user creds`: (re)writes the .creds file of an existing user. */
import * as path from 'node:path';
import { credsReplacement, displayText as shown, generateUserCreds } from '../core/trust';
import { CliIo, parseArgs, requiredOption } from './framework';
import { entityOption, runTrust, storeOption } from './trustCommon';

export const userCredsUsage = [
  'Usage: nats-workbench user creds [--store DIR] [--operator O] [--account A] --name U --creds FILE [--force]',
  '',
  "Writes user U's credentials (its JWT and seed from the store, after checking the chain) to FILE",
  '(mode 0600), e.g. again after a failed or lost write. FILE is replaced only with --force.',
].join('\n');

export async function userCreds(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['store', 'operator', 'account', 'name', 'creds'], flags: ['force'] });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = entityOption(parsed, io, 'account');
  const user = requiredOption(parsed, 'name');
  const outFile = path.resolve(io.cwd, requiredOption(parsed, 'creds'));
  return runTrust(
    'user creds',
    io,
    async () => {
      const r = await generateUserCreds({ store, operator, account, user, outFile, overwrite: parsed.flags.has('force') });
      io.stdout.write(`Wrote ${shown(r.path)} for user '${shown(user)}' ${r.publicKey}${r.expires ? `, expires ${r.expires.toISOString()}` : ''} (mode 0600; keep it secret)\n`);
      return 0;
    },
    { replacedWithForce: outFile, replacing: () => credsReplacement(outFile, store, operator, account, user) },
  );
}
