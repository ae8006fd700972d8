/** `nats-workbench server-config`: the operator-mode authorization block of a nats-server config. */
import * as path from 'node:path';
import { displayText as shown, serverConfig, writeFileAtomic } from '../core/trust';
import { CliCommand, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { entityOption, runTrust, storeOption } from './trustCommon';
import { plural } from '../core/plural';

export const serverConfigCommand: CliCommand = {
  summary: 'Write the operator-mode authorization (operator, system account, resolver) for nats-server',
  usage: [
    'Usage: nats-workbench server-config [--store DIR] [--operator O] --out FILE [--resolver memory|full] [--force]',
    '',
    'Writes operator, system_account and the account resolver (default: memory, with every valid',
    'account preloaded) to FILE, to be included from a config that holds ports and JetStream:',
    '  include "auth.conf"',
    'Accounts that fail verification are left out and reported. FILE is replaced only with --force.',
    'Without --store, nsc\'s own store and its default operator (nsc.json, NSC_HOME) are used.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['store', 'operator', 'out', 'resolver'], flags: ['force'] });
    const store = storeOption(parsed, io);
    const operator = entityOption(parsed, io, 'operator');
    const out = path.resolve(io.cwd, requiredOption(parsed, 'out'));
    const resolver = optionValue(parsed, 'resolver') ?? 'memory';
    if (resolver !== 'memory' && resolver !== 'full') throw new UsageError(`--resolver must be memory or full, not '${resolver}'`);
    return runTrust('server-config', io, async () => {
      const config = await serverConfig({ store, operator, resolver });
      writeFileAtomic(out, config.text, { overwrite: parsed.flags.has('force') });
      // Names and messages come from the store: printed through displayText, so no control sequence reaches the terminal.
      for (const s of config.skipped) io.stderr.write(`warning: account "${shown(s.name)}" left out: ${shown(s.problems.map((p) => p.message).join('; '))}\n`);
      for (const w of config.warnings) io.stderr.write(`warning: ${shown(w.message)} (not needed for the config)\n`);
      io.stdout.write(`Wrote ${shown(out)}: operator "${shown(operator)}", ${plural(config.preloaded.length, 'preloaded account')} (${config.preloaded.map((a) => `"${shown(a.name)}"`).join(', ')})\n`);
      return 0;
    }, { replacedWithForce: out });
  },
};
