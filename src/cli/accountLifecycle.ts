/** `nats-workbench account edit` and `account delete`. */
import { accountDeletionImpact, deleteAccount, displayText as shown, editAccount, JetStreamLimitsInput } from '../core/trust';
import { CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { countOption, formatOption, listEditOption, onOffOption, output, sizeOption, unconfirmed } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

export const accountLifecycleUsage = [
  'Usage: nats-workbench account edit [--store DIR] [--operator O] --name A [--jetstream on|off]',
  '         [--js-tier R1|R3|R5] [--js-disk BYTES] [--js-mem BYTES] [--js-streams N] [--js-consumers N]',
  '         [--rm-js-tier R1|R3|R5] [--conns N] [--subs N] [--data BYTES] [--payload BYTES]',
  '         [--description TEXT] [--tag T]... [--rm-tag T]... [--format text|json]',
  '',
  'Changes account A and re-signs it with the operator key that signed it. The --js-* limits are the',
  'flat ones, or those of the tier given with --js-tier (per-tier limits replace flat ones).',
  'N and BYTES take -1 for no limit; BYTES also 1GiB, 500MB, 512K. The account is then marked',
  '"changed since last push": servers apply the change once it is pushed.',
  '',
  'Usage: nats-workbench account delete [--store DIR] [--operator O] --name A [--rm-creds] [--yes] [--format text|json]',
  '',
  'Removes account A and its users from the store (never the system account). Servers that hold it',
  'keep it. Without --yes, says what would stop working and changes nothing.',
].join('\n');

async function edit(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, {
    values: ['store', 'operator', 'name', 'format', 'jetstream', 'js-tier', 'rm-js-tier', 'js-disk', 'js-mem', 'js-streams', 'js-consumers', 'conns', 'subs', 'data', 'payload', 'description', 'tag', 'rm-tag'],
  });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const name = requiredOption(parsed, 'name');
  const format = formatOption(parsed);
  const tier = optionValue(parsed, 'js-tier');
  const dropTier = optionValue(parsed, 'rm-js-tier');
  return runTrust('account edit', io, async () => {
    const js: JetStreamLimitsInput = { diskStorage: sizeOption(parsed, 'js-disk'), memStorage: sizeOption(parsed, 'js-mem'), streams: countOption(parsed, 'js-streams'), consumers: countOption(parsed, 'js-consumers') };
    const jsGiven = Object.values(js).some((v) => v !== undefined);
    if (tier !== undefined && !jsGiven) throw new UsageError('--js-tier names the tier that the --js-* limits given with it apply to');
    const tiers: Record<string, JetStreamLimitsInput | null> = {};
    if (tier !== undefined) tiers[tier] = js;
    if (dropTier !== undefined) tiers[dropTier] = null;
    const limits = { connections: countOption(parsed, 'conns'), subscriptions: countOption(parsed, 'subs'), data: sizeOption(parsed, 'data'), payload: sizeOption(parsed, 'payload') };
    const r = await editAccount({
      store,
      operator,
      name,
      jetstream: onOffOption(parsed, 'jetstream'),
      jetstreamLimits: jsGiven && tier === undefined ? js : undefined,
      tiers: Object.keys(tiers).length ? tiers : undefined,
      limits: Object.values(limits).some((v) => v !== undefined) ? limits : undefined,
      description: optionValue(parsed, 'description'),
      tags: listEditOption(parsed, 'tag'),
    });
    const lines = [`Edited account '${shown(name)}' ${r.publicKey}, re-signed by ${r.issuer}:`, ...r.changes.map((c) => `  ${shown(c)}`), `  jwt: ${shown(r.jwtPath)}`, `Changed since last push: push account '${shown(name)}' for servers to apply it.`];
    output(io, format, lines, r);
    return 0;
  });
}

async function remove(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['store', 'operator', 'name', 'format'], flags: ['rm-creds', 'yes'] });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const name = requiredOption(parsed, 'name');
  const format = formatOption(parsed);
  return runTrust('account delete', io, async () => {
    const refused = unconfirmed(io, parsed, 'account delete', (await accountDeletionImpact(store, operator, name)).map((l) => shown(l)));
    if (refused !== undefined) return refused;
    const r = await deleteAccount({ store, operator, name, removeCreds: parsed.flags.has('rm-creds') });
    const lines = [`Deleted account '${shown(name)}' of operator '${shown(operator)}' (${r.removed.length} files)`];
    if (r.importers) lines.push(`Accounts that import from it: ${r.importers.map((a) => `'${shown(a)}'`).join(', ')} (their imports name an account the store no longer has: remove them with 'import rm --from-account PUBLIC_KEY')`);
    output(io, format, lines, r);
    return 0;
  });
}

/** Runs `account edit|delete`, or returns undefined for another subcommand. */
export function accountLifecycle(args: string[], io: CliIo): Promise<number> | undefined {
  const [sub, ...rest] = args;
  if (sub === 'edit') return edit(rest, io);
  if (sub === 'delete') return remove(rest, io);
  return undefined;
}
