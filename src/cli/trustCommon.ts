/** What the trust commands (init, account, user, server-config) share: the store option and error reporting. */
import * as path from 'node:path';
import { FileExistsError, StoreLocation, storeAt, TrustError } from '../core/trust';
import { CliIo, ParsedArgs, requiredOption, UsageError } from './framework';

/** `--store DIR`: one folder holding `stores/` and `keys/`, relative to the working folder. */
export function storeOption(parsed: ParsedArgs, io: CliIo): StoreLocation {
  return storeAt(path.resolve(io.cwd, requiredOption(parsed, 'store')));
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
}

/**
 * Runs a trust operation: a bad name or argument is a usage error (exit 2); any other TrustError
 * (exists, not found, invalid store entry, missing seed) is reported on stderr with exit code 1.
 */
export async function runTrust(command: string, io: CliIo, body: () => Promise<number>, hints: TrustHints = {}): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof TrustError)) throw e;
    if (e.code === 'invalid-name' || e.code === 'invalid-argument') throw new UsageError(e.message);
    const forced = e instanceof FileExistsError && hints.replacedWithForce !== undefined && e.path === hints.replacedWithForce;
    const message = forced ? `${e.path} already exists; use --force to replace it` : e.message;
    io.stderr.write(`nats-workbench ${command}: ${message}${hints.onFailure ? ` (${hints.onFailure})` : ''}\n`);
    return 1;
  }
}
