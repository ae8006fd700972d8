/**
 * The command-line front of the core: `nats-workbench <command> [options]`.
 * Each command lives in its own module under src/cli/ and is listed in the table below.
 */
import { CliCommand, CliIo, UsageError, runCli } from './cli/framework';
import { displayText } from './core/trust/quote';
import { accountCommand } from './cli/account';
import { initCommand } from './cli/init';
import { lintCommand } from './cli/lint';
import { serverConfigCommand } from './cli/server-config';
import { signingKeyCommand } from './cli/signing-key';
import { userCommand } from './cli/user';

const commands: Record<string, CliCommand> = {
  init: initCommand,
  account: accountCommand,
  user: userCommand,
  'server-config': serverConfigCommand,
  'signing-key': signingKeyCommand,
  lint: lintCommand,
};

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
