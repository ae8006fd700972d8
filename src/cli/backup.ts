/**
 * `nats-workbench backup STREAM DIR` and `nats-workbench restore DIR [--subjects S,…]`: a stream to
 * or from a folder in the `nats stream backup` format (src/core/dr/backup.ts).
 */
import { BackupError, PromoteError, backupStream, checkSubjects, planRestore, promotedConfig, restorePlanLines, restoreStream } from '../core/dr';
import { formatBytes, formatCount } from '../core/streams';
import { CliCommand, CliIo, optionValue, parseArgs, UsageError } from './framework';
import { formatOption, output } from './lifecycleOptions';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, withConnection } from './connectionOptions';
import * as path from 'node:path';
import { parseSize } from './lint';
import { displayText, quoted } from '../core/trust/quote';

const backupUsage = [
  `Usage: nats-workbench backup ${CONNECTION_USAGE} STREAM DIR [--consumers] [--max-size SIZE] [--format text|json]`,
  '',
  'Backs STREAM up into the folder DIR (created; it must be new or empty) in the format of',
  '`nats stream backup`: backup.json (config and state) and stream.tar.s2 (the snapshot). The folder',
  'is written whole or not at all, 0700, its files 0600. Memory streams have no snapshot.',
  'A server that sends more than twice the bytes it reports for the stream plus 64 MiB is stopped',
  '(nothing is kept); --max-size (e.g. 2G, 512M) sets that bound instead.',
  'Exit code: 0 done, 1 refused by the server or the folder, 2 usage or connection errors.',
].join('\n');

const restoreUsage = [
  `Usage: nats-workbench restore ${CONNECTION_USAGE} DIR [--subjects S[,S]…] [--dry-run] [--format text|json]`,
  '',
  'Restores the stream backed up in DIR (by this command or `nats stream backup`); the stream must',
  'not exist (one that does is refused before anything is sent), nor may its subjects overlap',
  'another stream\'s of the account (refused before anything is sent). With --subjects, a backup of a',
  'mirror is restored promoted: without its mirror, taking writes on those subjects. First prints',
  'what will be created (name, subjects, replicas, storage, messages and bytes from backup.json)',
  'and where (server, connection, credentials); --dry-run stops there.',
  'Exit code: 0 done, 1 refused by the server or the folder, 2 usage or connection errors.',
].join('\n');

function refused(command: string, io: CliIo, e: unknown): number {
  if (e instanceof BackupError || e instanceof PromoteError) {
    io.stderr.write(`nats-workbench ${command}: ${displayText(e.message)}\n`);
    return 1;
  }
  throw e;
}

async function runBackup(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECTION_OPTIONS, 'format', 'max-size'], flags: ['consumers'] });
  const format = formatOption(parsed);
  const sizeText = optionValue(parsed, 'max-size');
  const maxBytes = sizeText === undefined ? undefined : parseSize(sizeText);
  if (sizeText !== undefined && maxBytes === undefined) throw new UsageError(`--max-size must be a size such as 2G, 512M or 1048576, not ${quoted(sizeText)}`);
  const [stream, dir, extra] = parsed.positionals;
  if (!stream || !dir) throw new UsageError('give the STREAM and the DIR to back it up into');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const target = path.resolve(io.cwd, dir);
  return withConnection('backup', parsed, io, async (conn) => {
    try {
      const r = await backupStream(conn, stream, target, { consumers: parsed.flags.has('consumers'), maxBytes });
      const messages = Number(r.meta.state.messages ?? 0);
      output(io, format, [`Backed up ${stream}: ${formatCount(messages)} messages, ${formatBytes(r.bytes)} in ${r.dir}`], { stream, dir: r.dir, messages, bytes: r.bytes, chunks: r.chunks });
      return 0;
    } catch (e) {
      return refused('backup', io, e);
    }
  });
}

async function runRestore(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECTION_OPTIONS, 'format', 'subjects'], flags: ['dry-run'] });
  const format = formatOption(parsed);
  const [dir, extra] = parsed.positionals;
  if (!dir) throw new UsageError('give the backup DIR');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const subjectsText = optionValue(parsed, 'subjects');
  const subjects = subjectsText?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (subjects) {
    try {
      checkSubjects(subjects);
    } catch (e) {
      throw new UsageError(`--subjects: ${(e as Error).message}`);
    }
  }
  const dryRun = parsed.flags.has('dry-run');
  return withConnection('restore', parsed, io, async (conn) => {
    try {
      const config = subjects ? (c: Parameters<typeof promotedConfig>[0]) => promotedConfig(c, subjects) : undefined;
      const plan = await planRestore(conn, path.resolve(io.cwd, dir), { config });
      const planned = { stream: plan.name, subjects: plan.subjects, replicas: plan.replicas, storage: plan.storage, messages: plan.messages, bytes: plan.bytes, dataBytes: plan.dataBytes, ...(plan.mirror !== undefined ? { mirror: plan.mirror } : {}), server: plan.target.server, connection: plan.target.connection, account: plan.target.account };
      const planText = [dryRun ? 'Would restore (--dry-run: nothing is sent):' : 'Restoring:', ...restorePlanLines(plan).map((l) => `  ${l}`)];
      if (dryRun) {
        output(io, format, planText, { dryRun: true, plan: planned });
        return 0;
      }
      if (format === 'text') output(io, format, planText, undefined);
      const r = await restoreStream(conn, plan.dir, { config });
      const messages = Number(r.state.messages ?? 0);
      output(io, format, [`Restored ${r.stream}: ${formatCount(messages)} messages${subjects ? `, promoted to take writes on ${subjects.join(', ')}` : ''}`], { stream: r.stream, messages, promoted: subjects !== undefined, plan: planned });
      return 0;
    } catch (e) {
      return refused('restore', io, e);
    }
  });
}

export const backupCommand: CliCommand = { summary: 'Back a stream up into a folder (the nats stream backup format)', usage: backupUsage, run: runBackup };
export const restoreCommand: CliCommand = { summary: 'Restore a stream from a backup folder, a mirror optionally promoted', usage: restoreUsage, run: runRestore };
