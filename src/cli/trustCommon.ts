/** What the trust commands (init, account, user, server-config) share: the store option and error reporting. */
import * as path from 'node:path';
import { StoreLocation, storeAt, TrustError } from '../core/trust';
import { CliIo, ParsedArgs, requiredOption, UsageError } from './framework';

/** `--store DIR`: one folder holding `stores/` and `keys/`, relative to the working folder. */
export function storeOption(parsed: ParsedArgs, io: CliIo): StoreLocation {
  return storeAt(path.resolve(io.cwd, requiredOption(parsed, 'store')));
}

/** Splits `add …` into the subcommand and its arguments; anything but `add` is a usage error. */
export function addSubcommand(args: string[]): string[] {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new UsageError(sub === undefined ? 'missing subcommand: add' : `unknown subcommand '${sub}' (expected: add)`);
  return rest;
}

/**
 * Runs a trust operation: a bad name or argument is a usage error (exit 2); any other TrustError
 * (exists, not found, invalid store entry, missing seed) is reported on stderr with exit code 1.
 */
export async function runTrust(command: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof TrustError)) throw e;
    if (e.code === 'invalid-name' || e.code === 'invalid-argument') throw new UsageError(e.message);
    io.stderr.write(`nats-workbench ${command}: ${e.message}\n`);
    return 1;
  }
}
