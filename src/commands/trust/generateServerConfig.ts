/**
 * NATS: Generate Server Config — the operator-mode part of a nats-server config (operator,
 * system account, resolver), opened as a document or written to a file.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { serverConfig, writeFileAtomic } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseOperator } from './pickers';
import { mayReplace, pickOne } from './prompts';
import { Cancelled, inform, warn } from './run';

export interface GenerateServerConfigCommandArgs {
  operator: string;
  /** `memory` (accounts preloaded) or `full` (accounts pushed later); asked when omitted. */
  resolver: 'memory' | 'full';
  /** Folder of the full resolver (default `./jwt`). */
  resolverDir: string;
  /** Write the config here (mode 0644) instead of opening it as a document. */
  outFile: string;
  /** Replace an existing outFile (true) or refuse (false); omitted: asked. */
  overwrite: boolean;
  /** `document` opens an unsaved editor; `file` asks where to save; omitted (and no outFile): asked. */
  destination: 'document' | 'file';
}

export interface GenerateServerConfigCommandResult {
  text: string;
  preloaded: { name: string; publicKey: string }[];
  skipped: string[];
  /** The file written, or the opened document. */
  outFile?: string;
  document?: vscode.Uri;
}

async function askResolver(): Promise<'memory' | 'full'> {
  return pickOne<'memory' | 'full'>(
    [
      { label: 'Memory resolver', description: 'every account preloaded; restart the server after changes', value: 'memory' },
      { label: 'Full resolver', description: 'the server stores accounts; push new and changed accounts to it', value: 'full' },
    ],
    'How the server learns accounts',
  );
}

async function askOutFile(operator: string): Promise<string | undefined> {
  const where = await pickOne<'document' | 'file'>(
    [
      { label: '$(file) Open in an Editor', value: 'document' },
      { label: '$(save) Save to a File…', value: 'file' },
    ],
    'Where should the server config go?',
  );
  return where === 'file' ? saveDialog(operator) : undefined;
}

async function saveDialog(operator: string): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, `${operator}-auth.conf`) : undefined;
  const picked = await vscode.window.showSaveDialog({ defaultUri, filters: { 'nats-server config': ['conf'] }, saveLabel: 'Save Server Config' });
  if (!picked) throw new Cancelled();
  return picked.fsPath;
}

export async function generateServerConfigCommand(ctx: TrustContext, arg: unknown): Promise<GenerateServerConfigCommandResult> {
  const args = invocation<GenerateServerConfigCommandArgs>(arg);
  const operator = await chooseOperator(ctx, args.operator);
  const resolver = args.resolver ?? (await askResolver());
  const config = await serverConfig({ store: ctx.store(), operator, resolver, resolverDir: args.resolverDir });
  const result: GenerateServerConfigCommandResult = { text: config.text, preloaded: config.preloaded, skipped: config.skipped.map((s) => s.name) };
  const outFile = args.outFile
    ? path.resolve(args.outFile)
    : args.destination === 'file'
      ? await saveDialog(operator)
      : args.destination === 'document'
        ? undefined
        : await askOutFile(operator);
  if (outFile) {
    const overwrite = await mayReplace(outFile, args.overwrite);
    writeFileAtomic(outFile, config.text, { overwrite, mode: 0o644 });
    result.outFile = outFile;
  } else {
    const doc = await vscode.workspace.openTextDocument({ content: config.text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: false });
    result.document = doc.uri;
  }
  for (const s of config.skipped) warn(ctx, `Server config of '${operator}': account '${s.name}' left out: ${s.problems.map((p) => p.message).join('; ')}`);
  for (const w of config.warnings) warn(ctx, `Server config of '${operator}' (not needed for the config): ${w.message}`);
  const where = outFile ? `written to ${outFile}` : 'opened in an editor';
  const preloaded = config.preloaded.map((p) => p.name).join(', ') || 'none';
  if (resolver === 'full') {
    inform(ctx, `Server config for '${operator}' (full resolver) ${where}. Start the server, then push each account to it.`, {
      title: 'Push Account to Server',
      run: () => vscode.commands.executeCommand('natsWorkbench.pushAccount', { operator }),
    });
  } else {
    inform(ctx, `Server config for '${operator}' (memory resolver, preloaded: ${preloaded}) ${where}`);
  }
  return result;
}
