/**
 * NATS: Pull Stream Config. Writes a live stream's configuration into the workspace. Argument: a
 * stream node of the Connections view, or `{ stream, connection?, omitDefaults?, into?, existing?,
 * confirm?, diff?, file?, overwrite? }`. Asks for what is missing.
 *
 * When the workspace already defines the stream (a stream config of that name, as the Workspace
 * Streams view knows them), it offers to update that file (`into: "existing"`, `existing`: which
 * file when several) or to save a new one (`into: "new"`). An update shows the diff of the file and
 * its updated text first and asks (`confirm: true` skips the question; `diff: true` still shows the
 * diff); it changes only the fields that differ and keeps comments and layout. A new file goes to
 * the workspace's `streams/` folder when there is one, else beside the other stream configs, and
 * never replaces a file: the save dialog asks, and without it a free name is taken. `file` names
 * the file to write instead (replaced only after the user agrees, or with `overwrite: true`;
 * `overwrite: false` refuses). Files are written atomically (a temporary file renamed or linked).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigChange, StreamConfigDoc, configText, pullConfig, updateStreamText } from '../../core/cluster';
import { fileNamePart } from '../../core/fileNames';
import { plural } from '../../core/plural';
import { streamAnalysis } from '../../editor/streamAnalysisService';
import { StreamNode } from '../../explorer/connections/streamNode';
import { askText, pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg, withCancellableProgress } from './run';
import { fileArg, requireConnection } from './targets';
import * as notify from '../../notifications';
import { pickLabel } from '../../core/trust/quote';

/** The stream to pull: given, or picked among the listed streams, or typed. */
async function streamName(ctx: ClusterContext, given: string | undefined): Promise<string> {
  if (given) return given;
  const listed = ctx.explorer?.connectionsTree.listing?.streams ?? [];
  if (listed.length) return pickOne(listed.map((s) => ({ label: pickLabel(s.name), description: `R${s.replicas} ${s.storage}`, value: s.name })), 'Pull which stream?');
  return askText({ title: 'Pull Stream Config', prompt: 'Stream name', validateInput: (v) => (v.trim() ? undefined : 'Enter a stream name') });
}

/**
 * Writes `text` to `file` through a temporary file in the same folder, so no reader sees half a
 * file. With `noClobber` the temporary file is linked to its name, which fails when the name
 * exists (EEXIST) instead of replacing it.
 */
async function writeAtomically(file: string, text: string, noClobber = false): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.promises.writeFile(temp, text, { flag: 'wx' });
    if (noClobber) await fs.promises.link(temp, file);
    else await fs.promises.rename(temp, file);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

const exists = (file: string): boolean => fs.existsSync(file);

/** A stream config of the workspace that defines the stream: its file and the stream's position in it. */
interface Definition {
  uri: vscode.Uri;
  index: number;
}

/** The workspace files (on disk) that define stream `name`, as the shared stream analysis knows them. */
async function definitionsOf(ctx: ClusterContext, name: string): Promise<Definition[]> {
  const analysis = streamAnalysis(ctx.services);
  await analysis.whenScanned();
  const out: Definition[] = [];
  for (const doc of analysis.documents()) {
    const uri = vscode.Uri.parse(doc.uri);
    if (uri.scheme !== 'file') continue;
    doc.document.streams.forEach((s, index) => {
      if (s.name === name) out.push({ uri, index });
    });
  }
  return out;
}

/** Where a new stream config goes: the workspace's `streams/` folder, else the folder most stream configs are in, else the workspace root. */
async function newFileFolder(ctx: ClusterContext): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root?.scheme === 'file' && fs.statSync(path.join(root.fsPath, 'streams'), { throwIfNoEntry: false })?.isDirectory()) return vscode.Uri.joinPath(root, 'streams');
  const counts = new Map<string, number>();
  for (const doc of streamAnalysis(ctx.services).documents()) {
    const uri = vscode.Uri.parse(doc.uri);
    if (uri.scheme === 'file' && doc.document.streams.length > 0) counts.set(path.dirname(uri.fsPath), (counts.get(path.dirname(uri.fsPath)) ?? 0) + 1);
  }
  const [busiest] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return busiest ? vscode.Uri.file(busiest[0]) : root;
}

/** `<stream>.stream.json` (the name made safe: fileNamePart) in `folder`, or `<stream>-2.stream.json`… the first name not taken. */
function freeName(folder: string, stream: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(folder, `${fileNamePart(stream)}${n === 1 ? '' : `-${n}`}.stream.json`);
    if (!exists(file)) return file;
  }
}

let diffCount = 0;

/** Updates the definition's file to the live config after showing the diff and asking. */
async function updateDefinition(ctx: ClusterContext, args: Record<string, unknown>, definition: Definition, live: StreamConfigDoc, connection: string): Promise<CommandResult> {
  const stream = live.name as string;
  const document = await vscode.workspace.openTextDocument(definition.uri);
  const where = vscode.workspace.asRelativePath(definition.uri, false);
  const version = document.version;
  let update: { text: string; changes: ConfigChange[] };
  try {
    update = updateStreamText(document.getText(), definition.index, live);
  } catch (e) {
    throw new CommandError(`${where} cannot be updated: ${e instanceof Error ? e.message : String(e)}; fix it first, or save the live configuration as a new file.`);
  }
  const file = definition.uri.fsPath;
  if (update.changes.length === 0) {
    void notify.showInformationMessage(`${where} already matches stream ${stream} on ${connection}.`);
    return { ok: true, action: 'unchanged', stream, file, changes: [] };
  }
  const confirmed = args.confirm === true;
  if (!confirmed || args.diff === true) {
    // Named .jsonc so that the file's comments are not flagged in the diff.
    const updated = ctx.configDocuments.set(`pull/${++diffCount}/${path.basename(file).replace(/\.jsonc?$/, '')}.jsonc`, update.text);
    await vscode.commands.executeCommand('vscode.diff', definition.uri, updated, `${where} ↔ ${stream} live on ${connection}`, { preview: true, preserveFocus: true });
  }
  if (!confirmed) {
    const detail = `${plural(update.changes.length, 'change')}:\n${update.changes.map((c) => c.text).join('\n')}`;
    const choice = await notify.showInformationMessage(`Update ${where} with the live configuration of ${stream} on ${connection}?`, { modal: true, detail }, 'Update');
    if (choice !== 'Update') return { ok: false, cancelled: true };
  }
  if (document.version !== version) throw new CommandError(`${where} changed while the diff was shown; pull again.`, 'conflict');
  // Unsaved edits of the user's stay unsaved: the update joins them in the editor (undo works).
  const dirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(definition.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), update.text);
  if (!(await vscode.workspace.applyEdit(edit)) || (!dirty && !(await document.save()))) throw new CommandError(`${where} could not be updated.`);
  const changes = update.changes.map((c) => c.text);
  ctx.log.info(`Pull Stream Config: ${where} updated to stream ${stream} on ${connection}${dirty ? ' (not saved: it had unsaved edits)' : ''}: ${changes.join('; ')}`);
  return { ok: true, action: 'updated', stream, file, changes, saved: !dirty };
}

/** What to do when the workspace defines the stream already: update one of its files, or save a new file. */
async function chooseTarget(args: Record<string, unknown>, definitions: Definition[], stream: string, folder: vscode.Uri | undefined): Promise<Definition | 'new'> {
  const into = stringArg(args, 'into');
  if (into !== undefined && into !== 'existing' && into !== 'new') throw new CommandError(`The argument "into" must be "existing" or "new", not ${JSON.stringify(into)}.`);
  if (into === 'new') return 'new';
  const named = fileArg(args, 'existing');
  if (named) {
    const hit = definitions.find((d) => d.uri.fsPath === named.fsPath);
    if (!hit) throw new CommandError(`${vscode.workspace.asRelativePath(named, false)} does not define stream ${stream}.`, 'not-found');
    return hit;
  }
  if (into === 'existing' && definitions.length === 1) return definitions[0];
  const newPlace = folder ? vscode.workspace.asRelativePath(folder, false) : 'the workspace';
  return pickOne<Definition | 'new'>(
    [
      ...definitions.map((d) => ({
        label: `$(edit) Update ${vscode.workspace.asRelativePath(d.uri, false)}`,
        description: 'shows the diff first',
        value: d,
      })),
      { label: '$(new-file) Save as a new file…', description: `in ${newPlace}: a second definition of ${stream}`, value: 'new' as const },
    ],
    `The workspace defines stream ${stream} already. Update its file with the live configuration?`,
    `Pull Stream Config: ${stream}`,
  );
}

export async function pullStreamConfigCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const stream = await streamName(ctx, arg instanceof StreamNode ? arg.name : stringArg(args, 'stream'));
  const liveText = await withCancellableProgress(`Reading stream ${stream} from ${active.profile.name}`, (signal) => pullConfig(active.connection!, stream, { signal }));
  const live = JSON.parse(liveText) as StreamConfigDoc;
  const text = configText(live, { omitDefaults: args.omitDefaults === true });
  let uri = fileArg(args, 'file');
  let asked = false;
  if (!uri) {
    const folder = await newFileFolder(ctx);
    const definitions = await definitionsOf(ctx, stream);
    if (definitions.length > 0) {
      const target = await chooseTarget(args, definitions, stream, folder);
      if (target !== 'new') return updateDefinition(ctx, args, target, live, active.profile.name);
    }
    if (args.into === 'new') {
      if (!folder || folder.scheme !== 'file') throw new CommandError('Open a workspace folder to pull a stream config into.');
      uri = vscode.Uri.file(freeName(folder.fsPath, stream));
      asked = true; // a free name: nothing is replaced
    } else {
      uri = await vscode.window.showSaveDialog({
        title: `Pull stream ${stream} into`,
        defaultUri: folder ? vscode.Uri.file(freeName(folder.fsPath, stream)) : undefined,
        filters: { 'Stream config': ['json', 'jsonc'] },
      });
      if (!uri) return { ok: false, cancelled: true };
      asked = true; // the save dialog asks before replacing a file
    }
  }
  if (uri.scheme !== 'file') throw new CommandError(`Pull Stream Config writes local files only, not ${uri.toString()}.`);
  const file = uri.fsPath;
  if (exists(file) && !asked && args.overwrite !== true) {
    if (args.overwrite === false) throw new CommandError(`${file} exists; pass overwrite: true to replace it.`, 'exists');
    const choice = await notify.showWarningMessage(`${path.basename(file)} exists. Replace it with the live configuration of ${stream}?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return { ok: false, cancelled: true };
  }
  const replacing = exists(file);
  await writeAtomically(file, text, !replacing);
  ctx.log.info(`Pull Stream Config: stream ${stream} from ${active.profile.name} written to ${file}`);
  await vscode.window.showTextDocument(uri, { preview: false });
  return { ok: true, action: replacing ? 'replaced' : 'created', stream, file };
}
