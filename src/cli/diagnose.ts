/** `nats-workbench diagnose --creds FILE [--server URL] [--store DIR --operator O]`: why a login fails. */
import * as path from 'node:path';
import { checkTrySubject, diagnoseCreds, diagnoseCredsOnServer, Diagnosis, displayText as shown, OperatorEntry, readOperatorEntry, StoreLocation, systemUserCreds, TrustError } from '../core/trust';
import { readContextFile, whyUnreadable } from '../core/cluster/contextRefs';
import { CliCommand, CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { formatOption, output } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

const usage = [
  'Usage: nats-workbench diagnose --creds FILE [--server URL [--sys-creds FILE]] [--store DIR --operator O] [--pub S]… [--sub S]… [--timeout MS] [--format text|json]',
  '',
  'Says why a login with the .creds FILE would fail, each reason with what to do: an unreadable',
  "file, a seed that is not the JWT's user's, a user JWT expired or not yet valid, a signer that",
  "is not the account or one of its signing keys, a scoped signing key's user carrying its own",
  'permissions or limits; with the store (--store, --operator): the account missing, invalid or',
  'expired there, the user revoked by it. With --server, the creds also try to log in there, and',
  "the server's verdict is compared with those reasons. With a system account user's creds",
  "(--sys-creds, default: the store's system user when its seed is in the keystore) the server is",
  "also asked which JWT of the account it holds (full resolver): none, or one older or newer than",
  "the store's. --pub and --sub ask whether the user may publish or subscribe to a subject (the",
  'server is asked too, with --server). The seed is never printed.',
  'Exit code: 0 when the login works (would work), 1 with the reasons when not, 2 on usage errors.',
].join('\n');

/**
 * The text of a .creds file named by an option (`--creds`, `--sys-creds`), relative to the working
 * folder: only a regular file of at most 1 MiB (a pipe would block, a device never end).
 */
export async function readCreds(file: string, io: CliIo, option = '--creds'): Promise<string> {
  try {
    return (await readContextFile(path.resolve(io.cwd, file))).toString('utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${option} ${file}: ${whyUnreadable(e)}`);
  }
}

/** A TrustError of a check as a usage error (exit 2). */
function usable(check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof TrustError) throw new UsageError(e.message);
    throw e;
  }
}

/** The store's system user, when usable: the lookup is an extra, its absence no error. */
function storeSystemCreds(store: StoreLocation, operator: OperatorEntry): string | undefined {
  try {
    return systemUserCreds(store, operator);
  } catch (e) {
    if (e instanceof TrustError) return undefined;
    throw e;
  }
}

function textLines(d: Diagnosis): string[] {
  const lines: string[] = [];
  if (d.user) lines.push(`User ${d.user.name === undefined ? '' : `'${shown(d.user.name)}' `}${d.user.publicKey} of account ${d.account ? `'${shown(d.account.name)}' ` : ''}${d.user.account}`);
  if (d.server) lines.push(`Server ${d.server.url}: ${d.server.said}`);
  if (d.serverAccount) lines.push(`Account on the server: ${d.serverAccount.said}`);
  lines.push(d.ok ? 'The login works.' : `The login fails: ${d.reasons.length} reason${d.reasons.length === 1 ? '' : 's'}`);
  lines.push(...d.reasons.map((r) => `  - ${r.message} [${r.code}]`));
  if (d.notes.length) lines.push('Notes:', ...d.notes.map((n) => `  - ${n.message} [${n.code}]`));
  if (d.mayDo?.length) lines.push('May do:', ...d.mayDo.map((l) => `  ${l.label}: ${l.text}`));
  if (d.tries?.length) lines.push('Tries:', ...d.tries.map((t) => `  ${t.operation} to '${shown(t.subject)}': ${t.forbiddenBy === undefined ? 'allowed' : 'forbidden'} by the store${t.server ? `, ${t.server} by the server` : ''}`));
  return lines;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['creds', 'server', 'sys-creds', 'store', 'operator', 'timeout', 'format', 'pub', 'sub'] });
  if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  const file = requiredOption(parsed, 'creds');
  const format = formatOption(parsed);
  const server = optionValue(parsed, 'server');
  if (server === '') throw new UsageError('--server needs a URL');
  const timeout = optionValue(parsed, 'timeout');
  if (timeout !== undefined && !/^[1-9]\d{0,6}$/.test(timeout)) throw new UsageError(`--timeout takes milliseconds (1 or more), not '${timeout}'`);
  const useStore = optionValue(parsed, 'store') !== undefined || optionValue(parsed, 'operator') !== undefined;
  const tries = { publish: parsed.options.get('pub') ?? [], subscribe: parsed.options.get('sub') ?? [] };
  for (const s of tries.publish) usable(() => checkTrySubject('publish', s));
  for (const s of tries.subscribe) usable(() => checkTrySubject('subscribe', s));
  const sysFile = optionValue(parsed, 'sys-creds');
  if (sysFile !== undefined && server === undefined) throw new UsageError('--sys-creds needs --server');
  const text = await readCreds(file, io);
  let systemCreds = sysFile === undefined ? undefined : await readCreds(sysFile, io, '--sys-creds');
  return runTrust('diagnose', io, async () => {
    let operator: OperatorEntry | undefined;
    if (useStore) {
      const store = storeOption(parsed, io);
      const name = entityOption(parsed, io, 'operator');
      operator = await readOperatorEntry(store, name);
      if (!operator) throw new TrustError('not-found', `no operator '${name}' in ${store.storesDir}`);
      if (server !== undefined) systemCreds ??= storeSystemCreds(store, operator);
    }
    const options = { operator, where: file, ...(tries.publish.length || tries.subscribe.length ? { tries } : {}) };
    const d =
      server === undefined
        ? diagnoseCreds(text, options)
        : await diagnoseCredsOnServer(text, { ...options, serverUrl: server, systemUserCreds: systemCreds, timeoutMs: timeout === undefined ? undefined : Number(timeout) });
    output(io, format, textLines(d), { ok: d.ok, reasons: d.reasons, notes: d.notes, user: d.user, account: d.account, server: d.server, serverAccount: d.serverAccount, mayDo: d.mayDo, tries: d.tries });
    return d.ok ? 0 : 1;
  });
}

export const diagnoseCommand: CliCommand = {
  summary: 'Say why a login with a .creds file fails (and what the server says)',
  usage,
  run,
};
