/**
 * NATS: Pull Stream Config. Writes a live stream's configuration into a workspace file. Argument: a
 * stream node of the Connections view, or `{ stream, file?, overwrite?, connection?, omitDefaults? }`
 * (file: workspace-relative or absolute). Asks for what is missing; an existing file is replaced
 * only after the user agrees or with `overwrite: true` (`overwrite: false` refuses). The file is
 * written atomically (a temporary file renamed over it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pullConfig } from '../../core/cluster';
import { StreamNode } from '../../explorer/connections/streamNode';
import { askText, pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg, withCancellableProgress } from './run';
import { fileArg, requireConnection } from './targets';

/** The stream to pull: given, or picked among the listed streams, or typed. */
async function streamName(ctx: ClusterContext, given: string | undefined): Promise<string> {
  if (given) return given;
  const listed = ctx.explorer?.connectionsTree.listing?.streams ?? [];
  if (listed.length) return pickOne(listed.map((s) => ({ label: s.name, description: `R${s.replicas} ${s.storage}`, value: s.name })), 'Pull which stream?');
  return askText({ title: 'Pull Stream Config', prompt: 'Stream name', validateInput: (v) => (v.trim() ? undefined : 'Enter a stream name') });
}

/** Writes `text` to `file` through a temporary file in the same folder, so no reader sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.promises.writeFile(temp, text, { flag: 'wx' });
    await fs.promises.rename(temp, file);
  } catch (e) {
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}

const exists = (file: string): boolean => fs.existsSync(file);

export async function pullStreamConfigCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const stream = await streamName(ctx, arg instanceof StreamNode ? arg.name : stringArg(args, 'stream'));
  const text = await withCancellableProgress(`Reading stream ${stream} from ${active.profile.name}`, (signal) =>
    pullConfig(active.connection!, stream, { signal, omitDefaults: args.omitDefaults === true }),
  );
  let uri = fileArg(args, 'file');
  let asked = false;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    uri = await vscode.window.showSaveDialog({
      title: `Pull stream ${stream} into`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${stream}.stream.json`) : undefined,
      filters: { 'Stream config': ['json', 'jsonc'] },
    });
    if (!uri) return { ok: false, cancelled: true };
    asked = true; // the save dialog asks before replacing a file
  }
  if (uri.scheme !== 'file') throw new CommandError(`Pull Stream Config writes local files only, not ${uri.toString()}.`);
  const file = uri.fsPath;
  if (exists(file) && !asked && args.overwrite !== true) {
    if (args.overwrite === false) throw new CommandError(`${file} exists; pass overwrite: true to replace it.`, 'exists');
    const choice = await vscode.window.showWarningMessage(`${path.basename(file)} exists. Replace it with the live configuration of ${stream}?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return { ok: false, cancelled: true };
  }
  await writeAtomically(file, text);
  ctx.log.info(`Pull Stream Config: stream ${stream} from ${active.profile.name} written to ${file}`);
  await vscode.window.showTextDocument(uri, { preview: false });
  return { ok: true, stream, file };
}
