/** `nats-workbench account add`: a new account of an operator, JetStream optional. */
import { addAccount, displayText as shown } from '../core/trust';
import { CliCommand, parseArgs, requiredOption } from './framework';
import { accountLifecycle, accountLifecycleUsage } from './accountLifecycle';
import { addSubcommand, entityOption, runTrust, storeOption } from './trustCommon';

export const accountCommand: CliCommand = {
  summary: 'Add, edit or delete an account of an operator (every limit explicit, JetStream optional)',
  usage: [
    'Usage: nats-workbench account add [--store DIR] [--operator O] --name A [--jetstream] [--signing-key]',
    '',
    'Adds account A to operator O of the store in DIR, signed with the operator signing key (or the',
    'operator key when no signing key seed is available). All limits are unlimited (-1);',
    '--jetstream turns JetStream on without limits; --signing-key also creates an account signing key.',
    'Without --store, nsc\'s own store and its default operator (nsc.json, NSC_HOME) are used.',
    '',
    accountLifecycleUsage,
  ].join('\n'),
  async run(args, io) {
    const lifecycle = accountLifecycle(args, io);
    if (lifecycle) return lifecycle;
    const parsed = parseArgs(addSubcommand(args, ['edit', 'delete']), { values: ['store', 'operator', 'name'], flags: ['jetstream', 'signing-key'] });
    const store = storeOption(parsed, io);
    const operator = entityOption(parsed, io, 'operator');
    const name = requiredOption(parsed, 'name');
    return runTrust('account add', io, async () => {
      const r = await addAccount({ store, operator, name, jetstream: parsed.flags.has('jetstream'), signingKey: parsed.flags.has('signing-key') });
      const lines = [
        `Created account '${shown(r.name)}' ${r.publicKey} (JetStream ${parsed.flags.has('jetstream') ? 'on, unlimited' : 'off'})`,
        `  jwt:         ${shown(r.jwtPath)}`,
        `  signed by:   ${r.issuer}`,
      ];
      if (r.signingKey) lines.push(`  signing key: ${r.signingKey}`);
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    });
  },
};
