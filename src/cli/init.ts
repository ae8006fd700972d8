/** `nats-workbench init`: a new operator with its signing key, system account and system user. */
import { createOperator, displayText as shown } from '../core/trust';
import { CliCommand, parseArgs, requiredOption } from './framework';
import { runTrust, storeOption } from './trustCommon';

export const initCommand: CliCommand = {
  summary: 'Create an operator (with a signing key, system account SYS and its user) in an nsc-layout store',
  usage: [
    'Usage: nats-workbench init [--store DIR] --operator NAME',
    '',
    'Creates operator NAME in DIR/stores (nsc layout), with an operator signing key, the system',
    'account SYS and its user sys (for pushing accounts). Seeds go to DIR/keys (mode 0600); the',
    "system user's .creds to DIR/keys/creds/NAME/SYS/sys.creds. Seeds are never printed.",
    'Fails if the operator already exists. Without --store, nsc\'s own store (nsc.json, NSC_HOME) is used.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['store', 'operator'] });
    const store = storeOption(parsed, io);
    const name = requiredOption(parsed, 'operator');
    return runTrust('init', io, async () => {
      const r = await createOperator({ store, name });
      const lines = [`Created operator '${shown(r.operator.name)}' ${r.operator.publicKey}`, `  jwt:            ${shown(r.operator.jwtPath)}`];
      if (r.operator.signingKey) lines.push(`  signing key:    ${r.operator.signingKey}`);
      if (r.systemAccount) lines.push(`  system account: ${shown(r.systemAccount.name)} ${r.systemAccount.publicKey}`);
      if (r.systemUser) lines.push(`  system user:    ${shown(r.systemUser.name)} ${r.systemUser.publicKey} (creds: ${shown(r.systemUser.credsPath)})`);
      lines.push(`  seeds:          ${shown(store.keysDir)} (mode 0600)`);
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    });
  },
};
