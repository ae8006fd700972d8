/** `nats-workbench diagnose --creds FILE [--server URL] [--store DIR --operator O]`: why a login fails. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnoseCreds, diagnoseCredsOnServer, Diagnosis, displayText as shown, OperatorEntry, readOperatorEntry, TrustError } from '../core/trust';
import { CliCommand, CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { formatOption, output } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

const usage = [
  'Usage: nats-workbench diagnose --creds FILE [--server URL] [--store DIR --operator O] [--timeout MS] [--format text|json]',
  '',
  'Says why a login with the .creds FILE would fail, each reason with what to do: an unreadable',
  "file, a seed that is not the JWT's user's, a user JWT expired or not yet valid, a signer that",
  "is not the account or one of its signing keys, a scoped signing key's user carrying its own",
  'permissions or limits; with the store (--store, --operator): the account missing, invalid or',
  'expired there, the user revoked by it. With --server, the creds also try to log in there, and',
  "the server's verdict is compared with those reasons. The seed is never printed.",
  'Exit code: 0 when the login works (would work), 1 with the reasons when not, 2 on usage errors.',
].join('\n');

/** The text of a .creds file named by an option (`--creds`, `--sys-creds`), relative to the working folder. */
export function readCreds(file: string, io: CliIo, option = '--creds'): string {
  try {
    return fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${option} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function textLines(d: Diagnosis): string[] {
  const lines: string[] = [];
  if (d.user) lines.push(`User ${d.user.name === undefined ? '' : `'${shown(d.user.name)}' `}${d.user.publicKey} of account ${d.account ? `'${shown(d.account.name)}' ` : ''}${d.user.account}`);
  if (d.server) lines.push(`Server ${d.server.url}: ${d.server.said}`);
  lines.push(d.ok ? 'The login works.' : `The login fails: ${d.reasons.length} reason${d.reasons.length === 1 ? '' : 's'}`);
  lines.push(...d.reasons.map((r) => `  - ${r.message} [${r.code}]`));
  if (d.notes.length) lines.push('Notes:', ...d.notes.map((n) => `  - ${n.message} [${n.code}]`));
  return lines;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['creds', 'server', 'store', 'operator', 'timeout', 'format'] });
  if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  const file = requiredOption(parsed, 'creds');
  const format = formatOption(parsed);
  const server = optionValue(parsed, 'server');
  if (server === '') throw new UsageError('--server needs a URL');
  const timeout = optionValue(parsed, 'timeout');
  if (timeout !== undefined && !/^[1-9]\d{0,6}$/.test(timeout)) throw new UsageError(`--timeout takes milliseconds (1 or more), not '${timeout}'`);
  const useStore = optionValue(parsed, 'store') !== undefined || optionValue(parsed, 'operator') !== undefined;
  const text = readCreds(file, io);
  return runTrust('diagnose', io, async () => {
    let operator: OperatorEntry | undefined;
    if (useStore) {
      const store = storeOption(parsed, io);
      const name = entityOption(parsed, io, 'operator');
      operator = await readOperatorEntry(store, name);
      if (!operator) throw new TrustError('not-found', `no operator '${name}' in ${store.storesDir}`);
    }
    const options = { operator, where: file };
    const d = server === undefined ? diagnoseCreds(text, options) : await diagnoseCredsOnServer(text, { ...options, serverUrl: server, timeoutMs: timeout === undefined ? undefined : Number(timeout) });
    output(io, format, textLines(d), { ok: d.ok, reasons: d.reasons, notes: d.notes, user: d.user, account: d.account, server: d.server });
    return d.ok ? 0 : 1;
  });
}

export const diagnoseCommand: CliCommand = {
  summary: 'Say why a login with a .creds file fails (and what the server says)',
  usage,
  run,
};
