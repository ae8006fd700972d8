/** The small frame every CLI command plugs into: argument parsing, usage errors, exit codes. */
import { displayText } from '../core/trust/quote';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** The environment (default process.env) and home folder (default the user's): nsc's settings. */
  env?: Record<string, string | undefined>;
  home?: string;
}

export interface CliCommand {
  /** One line for the overall help. */
  summary: string;
  /** Full usage text for `nats-workbench <command> --help`. */
  usage: string;
  /** Returns the exit code: 0 success, 1 findings/failure, 2 usage error or unreadable input. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Wrong arguments: reported with the command's usage and exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  /** --name value / --name=value; repeated options collect every value. */
  options: Map<string, string[]>;
  /** --flag without a value. */
  flags: Set<string>;
  positionals: string[];
}

/**
 * Parses `args` given which options take a value and which are bare flags; anything else starting
 * with `--` is a usage error.
 */
export function parseArgs(args: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set(spec.flags ?? []);
  const parsed: ParsedArgs = { options: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.has(name) && eq === -1) {
      parsed.flags.add(name);
    } else if (values.has(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return parsed;
}

/** The single value of an option, or undefined; a usage error when it was given twice. */
export function optionValue(parsed: ParsedArgs, name: string): string | undefined {
  const all = parsed.options.get(name);
  if (all && all.length > 1) throw new UsageError(`--${name} given more than once`);
  return all?.[0];
}

export function requiredOption(parsed: ParsedArgs, name: string): string {
  const value = optionValue(parsed, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function helpText(commands: Record<string, CliCommand>): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  return [
    'Usage: nats-workbench <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`),
    '',
    "Run 'nats-workbench <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export async function runCli(commands: Record<string, CliCommand>, argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(helpText(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`nats-workbench: unknown command '${displayText(name)}'\n\n${helpText(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      // Usage errors quote arguments and names: printed through displayText like every other message.
      io.stderr.write(`nats-workbench ${name}: ${displayText(e.message)}\n\n${command.usage}\n`);
      return 2;
    }
    throw e;
  }
}
