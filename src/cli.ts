/**
 * The command-line front of the core: `nats-workbench <command> [options]`.
 * Each command lives in its own module under src/cli/ and is listed in the table below.
 */
import { CliCommand, CliIo, UsageError, runCli } from './cli/framework';
import { displayText } from './core/trust/quote';

/**
 * A command whose module is loaded when it is first used: `lint` then starts without the
 * credentials code (keys, JWTs) the other commands need, which is most of the start-up time.
 */
function lazy(load: () => CliCommand): CliCommand {
  let command: CliCommand | undefined;
  const get = (): CliCommand => (command ??= load());
  return {
    get summary() {
      return get().summary;
    },
    get usage() {
      return get().usage;
    },
    run: (args, io) => get().run(args, io),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see lazy) */
const commands: Record<string, CliCommand> = {
  init: lazy(() => (require('./cli/init') as typeof import('./cli/init')).initCommand),
  account: lazy(() => (require('./cli/account') as typeof import('./cli/account')).accountCommand),
  user: lazy(() => (require('./cli/user') as typeof import('./cli/user')).userCommand),
  'server-config': lazy(() => (require('./cli/server-config') as typeof import('./cli/server-config')).serverConfigCommand),
  'signing-key': lazy(() => (require('./cli/signing-key') as typeof import('./cli/signing-key')).signingKeyCommand),
  diagnose: lazy(() => (require('./cli/diagnose') as typeof import('./cli/diagnose')).diagnoseCommand),
  export: lazy(() => (require('./cli/exportsImports') as typeof import('./cli/exportsImports')).exportCommand),
  import: lazy(() => (require('./cli/exportsImports') as typeof import('./cli/exportsImports')).importCommand),
  push: lazy(() => (require('./cli/push') as typeof import('./cli/push')).pushCommand),
  pull: lazy(() => (require('./cli/push') as typeof import('./cli/push')).pullCommand),
  lint: lazy(() => (require('./cli/lint') as typeof import('./cli/lint')).lintCommand),
  drill: lazy(() => (require('./cli/drill') as typeof import('./cli/drill')).drillCommand),
  audit: lazy(() => (require('./cli/audit') as typeof import('./cli/audit')).auditCommand),
  backup: lazy(() => (require('./cli/backup') as typeof import('./cli/backup')).backupCommand),
  restore: lazy(() => (require('./cli/backup') as typeof import('./cli/backup')).restoreCommand),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: string[], io: CliIo): Promise<number> {
  return runCli(commands, argv, io);
}

/**
 * A reader that stops early (`lint … | head -1`) closes the pipe: later writes fail with EPIPE.
 * That is no error of ours: the rest of the output is dropped and the exit code stays the run's.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

if (require.main === module) {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`nats-workbench: ${displayText(e instanceof UsageError ? e.message : String(e))}\n`);
      process.exitCode = 2;
    },
  );
}
