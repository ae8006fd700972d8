/**
 * NATS: Back Up Stream and NATS: Restore Stream, on the active connection, in the folder format of
 * `nats stream backup` / `nats stream restore` (src/core/dr/backup.ts), with a cancellable progress
 * notification.
 *
 * Back Up: a live stream's node or `{ name, dir?, maxBytes? }`; without `dir`, the user picks a
 * parent folder and the backup goes into `<stream>-backup-<date>` there; `maxBytes` replaces the
 * bound on what the server may send (twice the stream's bytes plus 64 MiB, see backupBound.ts).
 * Restore: `{ dir?, subjects?, confirm? }` or the folder picked; a backup of a mirror is restored
 * as it was, or promoted (no mirror, the given subjects) when `subjects` are given or the user asks
 * for it. A stream that exists is refused before anything is asked; the confirmation says what will
 * be created and where (restorePlan.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Connection, formatDuration } from '../../core/cluster';
import { BackupError, PromoteError, RestorePlan, TransferProgress, backupStream, checkSubjects, planRestore, promotedConfig, readBackup, restorePlanLines, restoreStream } from '../../core/dr';
import { displayText, pickLabel, quoted } from '../../core/trust/quote';
import { fileNamePart } from '../../core/fileNames';
import { formatBytes, formatCount } from '../../core/streams';
import { StreamNode } from '../../explorer/connections/streamNode';
import type { ClusterContext } from '../cluster/context';
import { CommandError, CommandResult, argObject, stringArg } from '../cluster/run';
import { fileArg, requireConnection } from '../cluster/targets';
import { askText, pickOne } from '../trust/prompts';
import * as notify from '../../notifications';

export const BACKUP_STREAM = 'natsWorkbench.backupStream';
export const RESTORE_STREAM = 'natsWorkbench.restoreStream';

/** `20261203-084512`, for backup folder names. */
function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Runs a transfer under a cancellable notification that shows the bytes moved. */
function withTransferProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (p: TransferProgress) => void) => Promise<T>): Thenable<T> {
  return notify.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let shown = 0;
    return work(abort.signal, (p) => {
      const share = p.total > 0 ? Math.min(100, (p.bytes / p.total) * 100) : 0;
      progress.report({ message: `${formatBytes(p.bytes)}${p.total > 0 ? ` of ${formatBytes(p.total)}` : ''}`, increment: Math.max(0, share - shown) });
      shown = Math.max(shown, share);
    });
  });
}

function asCommandError(e: unknown): unknown {
  return e instanceof BackupError || e instanceof PromoteError ? new CommandError(e.message) : e;
}

async function pickFolder(title: string, openLabel: string): Promise<string> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title, openLabel, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  if (!picked?.[0]) throw new CommandError('No folder was chosen.', 'cancelled');
  return picked[0].fsPath;
}

export async function backupStreamCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = arg instanceof StreamNode ? { name: arg.summary.name } : argObject(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const connection = active.connection as Connection;
  const name = stringArg(args, 'name') ?? (await pickOne((ctx.explorer?.connectionsTree.listing?.streams ?? []).map((s) => ({ label: pickLabel(s.name), description: `${s.storage} · ${formatCount(s.messages)} msgs`, value: s.name })), 'Back up which stream?'));
  const maxBytes = args.maxBytes;
  if (maxBytes !== undefined && !(typeof maxBytes === 'number' && Number.isSafeInteger(maxBytes) && maxBytes > 0)) throw new CommandError(`The argument "maxBytes" must be a positive whole number of bytes, not ${JSON.stringify(maxBytes)}.`);
  const given = fileArg(args, 'dir')?.fsPath;
  const dir = given ?? path.join(await pickFolder(`Back up ${name} into a new folder inside…`, 'Back Up Here'), `${fileNamePart(name)}-backup-${stamp()}`);
  const started = Date.now();
  try {
    const result = await withTransferProgress(`Backing up ${name}`, (signal, onProgress) => backupStream(connection, name, dir, { signal, onProgress, maxBytes }));
    const took = formatDuration((Date.now() - started) * 1e6);
    const messages = Number(result.meta.state.messages ?? 0);
    ctx.log.info(`Back Up Stream: ${name} (${formatCount(messages)} msgs, ${formatBytes(result.bytes)}) into ${dir} in ${took}`);
    void notify.showInformationMessage(`Backed up ${name}: ${formatCount(messages)} messages, ${formatBytes(result.bytes)} in ${dir}. The nats CLI restores it with "nats stream restore ${dir}".`);
    return { ok: true, stream: name, dir, bytes: result.bytes, messages };
  } catch (e) {
    throw asCommandError(e);
  }
}

export async function restoreStreamCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const connection = active.connection as Connection;
  const dir = fileArg(args, 'dir')?.fsPath ?? (await pickFolder('Restore a stream from a backup folder (backup.json, stream.tar.s2)', 'Restore'));
  let backup: ReturnType<typeof readBackup>;
  try {
    backup = readBackup(dir);
  } catch (e) {
    throw asCommandError(e);
  }
  const config = backup.meta.config;
  const name = config.name;
  const mirror = (config.mirror as { name?: string } | undefined)?.name;
  let subjects = args.subjects as string[] | undefined;
  if (subjects !== undefined && (!Array.isArray(subjects) || !subjects.every((s) => typeof s === 'string'))) throw new CommandError('The argument "subjects" must be an array of strings.');
  if (subjects !== undefined && !mirror) throw new CommandError(`The backup of ${name} is not of a mirror: "subjects" promote a mirror only.`);
  if (mirror && subjects === undefined && args.confirm !== true) {
    const promote = await pickOne(
      [
        { label: `Restore ${pickLabel(name)} as a mirror of ${pickLabel(mirror)}`, value: false },
        { label: `Promote ${pickLabel(name)}: restore it as a writable stream with subjects`, description: 'removes its mirror', value: true },
      ],
      `${name} was a mirror of ${mirror}`,
    );
    if (promote) {
      const answer = await askText({ title: `Promote ${name}`, prompt: 'The subjects the restored stream takes writes on, comma separated' });
      subjects = answer.split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
  }
  if (subjects !== undefined) {
    try {
      checkSubjects(subjects);
    } catch (e) {
      throw asCommandError(e);
    }
  }
  const promoted = subjects;
  const promote = promoted ? (c: Parameters<typeof promotedConfig>[0]) => promotedConfig(c, promoted) : undefined;
  let plan: RestorePlan;
  try {
    // Refuses a stream that exists before the user is asked anything.
    plan = await planRestore(connection, dir, { config: promote });
  } catch (e) {
    throw asCommandError(e);
  }
  if (args.confirm !== true) {
    const what = promoted ? ` as a writable stream (no longer a mirror of ${quoted(mirror ?? '', 255)})` : '';
    const choice = await notify.showInformationMessage(
      `Restore stream ${quoted(name, 255)} onto ${displayText(plan.target.server)}${what}?`,
      { modal: true, detail: [...restorePlanLines(plan), 'The restore creates this stream; nothing on the server is replaced.'].join('\n') },
      'Restore',
    );
    if (choice !== 'Restore') return { ok: false, cancelled: true };
  }
  try {
    const result = await withTransferProgress(`Restoring ${name}`, (signal, onProgress) =>
      restoreStream(connection, dir, {
        signal,
        onProgress,
        config: promote,
      }),
    );
    const messages = Number(result.state.messages ?? 0);
    ctx.log.info(`Restore Stream: ${name} (${formatCount(messages)} msgs) from ${dir}${promoted ? `, promoted with subjects ${promoted.join(', ')}` : ''}`);
    ctx.explorer?.connectionsTree.refreshStreams();
    return { ok: true, stream: name, messages, promoted: promoted !== undefined };
  } catch (e) {
    throw asCommandError(e);
  }
}
