/** Options the lifecycle commands (edit, revoke, delete) share: on/off, counts, sizes, list edits, --format, --yes. */
import { ListEdit, parseSize } from '../core/trust';
import { displayLine } from '../core/trust/quote';
import { CliIo, optionValue, ParsedArgs, UsageError } from './framework';

export type OutputFormat = 'text' | 'json';

/** `--format text|json` (default text). */
export function formatOption(parsed: ParsedArgs): OutputFormat {
  const format = optionValue(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  return format;
}

/**
 * Prints `lines` (text, each line shown by displayLine: no control characters, nothing a CI runner
 * reads as a command; parts already shown by displayText stay as they are) or `value` (json, dates
 * as ISO text) on stdout.
 */
export function output(io: CliIo, format: OutputFormat, lines: string[], value: unknown): void {
  io.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n').split('\n').map(displayLine).join('\n')}\n`);
}

/** `--NAME on|off` as a boolean, or undefined when not given. */
export function onOffOption(parsed: ParsedArgs, name: string): boolean | undefined {
  const value = optionValue(parsed, name);
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new UsageError(`--${name} takes on or off, not '${value}'`);
}

/** `--NAME N`: a whole number of 0 or more, or -1 for no limit. */
export function countOption(parsed: ParsedArgs, name: string): number | undefined {
  const value = optionValue(parsed, name);
  if (value === undefined) return undefined;
  if (!/^(-1|\d{1,15})$/.test(value.trim())) throw new UsageError(`--${name} takes a whole number of 0 or more, or -1 for no limit, not '${value}'`);
  return Number(value.trim());
}

/** `--NAME BYTES`: 1GiB, 500MB, 1048576, -1 (see parseSize). */
export function sizeOption(parsed: ParsedArgs, name: string): number | undefined {
  const value = optionValue(parsed, name);
  return value === undefined ? undefined : parseSize(value, `--${name}`);
}

/** `--ADD X`… and `--rm-ADD X`… as a list edit, or undefined when neither was given. */
export function listEditOption(parsed: ParsedArgs, add: string): ListEdit | undefined {
  const added = parsed.options.get(add) ?? [];
  const removed = parsed.options.get(`rm-${add}`) ?? [];
  return added.length || removed.length ? { add: added, remove: removed } : undefined;
}

/**
 * A destructive command without `--yes`: prints what would stop working and that nothing was done,
 * and returns 1; with `--yes` it returns undefined and the command goes on.
 */
export function unconfirmed(io: CliIo, parsed: ParsedArgs, command: string, impact: string[]): number | undefined {
  if (parsed.flags.has('yes')) return undefined;
  io.stderr.write(`nats-workbench ${command}:\n${impact.map((l) => `  ${l}`).join('\n')}\nNothing was changed: add --yes to go ahead.\n`);
  return 1;
}
