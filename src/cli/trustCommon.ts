/** What the trust commands (init, account, user, server-config) share: the store option and error reporting. */
import * as path from 'node:path';
import { displayText, FileExistsError, NscEnvironment, nscEnvironment, StoreLocation, storeAt, TrustError } from '../core/trust';
import { CliIo, optionValue, ParsedArgs, UsageError } from './framework';

/**
 * `--store DIR`: one folder holding `stores/` and `keys/`, relative to the working folder. Without
 * it, nsc's own store (NSC_HOME, its nsc.json, XDG folders, NKEYS_PATH; see nscEnvironment).
 */
export function storeOption(parsed: ParsedArgs, io: CliIo): StoreLocation {
  const dir = optionValue(parsed, 'store');
  if (dir === '') throw new UsageError('--store needs a folder');
  return dir === undefined ? nscOf(io).location : storeAt(path.resolve(io.cwd, dir));
}

function nscOf(io: CliIo): NscEnvironment {
  try {
    return nscEnvironment({ env: io.env, home: io.home });
  } catch (e) {
    if (e instanceof TrustError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * `--operator O` or `--account A`; without it, nsc's default from its nsc.json (or the only one
 * there is) when the store is nsc's own (no --store), else a usage error that says so.
 */
export function entityOption(parsed: ParsedArgs, io: CliIo, name: 'operator' | 'account'): string {
  const given = optionValue(parsed, name);
  if (given !== undefined && given !== '') return given;
  if (given === undefined && optionValue(parsed, 'store') === undefined) {
    const nsc = nscOf(io);
    const fallback = nsc[name];
    if (fallback !== undefined && (name === 'operator' || optionValue(parsed, 'operator') === undefined || optionValue(parsed, 'operator') === nsc.operator)) return fallback;
    throw new UsageError(`--${name} is required: nsc's settings (${nsc.configFile}) name no default ${name} that exists in ${nsc.location.storesDir}`);
  }
  throw new UsageError(`--${name} is required${given === undefined ? ' (defaults from nsc.json apply only without --store)' : ''}`);
}

/** Splits `add …` into the subcommand and its arguments; anything but `add` is a usage error (naming `others` too). */
export function addSubcommand(args: string[], others: string[] = []): string[] {
  const [sub, ...rest] = args;
  const expected = ['add', ...others].join(' or ');
  if (sub !== 'add') throw new UsageError(sub === undefined ? `missing subcommand: ${expected}` : `unknown subcommand '${sub}' (expected: ${expected})`);
  return rest;
}

export interface TrustHints {
  /** The file that --force would replace: when it exists, the error says so. */
  replacedWithForce?: string;
  /** Appended to a failure's message, e.g. what was left undone. */
  onFailure?: string;
  /** What replacing `replacedWithForce` would give up, said when it is refused for want of --force. */
  replacing?: () => string | undefined;
}

/**
 * Runs a trust operation: a bad name or argument is a usage error (exit 2); any other TrustError
 * (exists, not found, invalid store entry, missing seed) is reported on stderr with exit code 1.
 * Messages name store entries and paths, so they are printed through displayText.
 */
export async function runTrust(command: string, io: CliIo, body: () => Promise<number>, hints: TrustHints = {}): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof TrustError)) throw e;
    if (e.code === 'invalid-name' || e.code === 'invalid-argument') throw new UsageError(e.message);
    const forced = e instanceof FileExistsError && hints.replacedWithForce !== undefined && e.path === hints.replacedWithForce;
    const what = forced ? hints.replacing?.() : undefined;
    const message = forced ? `${e.path} already exists; use --force to replace it${what ? `. ${what}` : ''}` : e.message;
    io.stderr.write(`nats-workbench ${command}: ${displayText(message)}${hints.onFailure ? ` (${hints.onFailure})` : ''}\n`);
    return 1;
  }
}
