/**
 * NATS: Audit Connection: audits what the active connection runs (the Audit node shows the same
 * result) and writes the findings as a Markdown report into the workspace, never replacing a file
 * without asking. Arguments: `{ connection?, file?, overwrite?: boolean, open?: boolean }`.
 * Also Show in Connections (`natsWorkbench.revealAuditAsset`, `{ stream }`): selects an audited
 * asset's stream in the Connections tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { displayServers } from '../../core/cluster';
import { auditMarkdown } from '../../core/cluster/audit';
import { writeFileAtomic } from '../../core/trust';
import { AuditModel } from '../../explorer/connections/auditNodes';
import { walkthroughDone, WALKTHROUGH_KEYS } from '../walkthrough';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg } from './run';
import { fileArg, requireConnection } from './targets';
import * as notify from '../../notifications';

/** `nats-audit-<connection>.md` in the first workspace folder. */
function defaultFile(connection: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== 'file') throw new CommandError('Open a workspace folder to write the audit report into, or pass a file.');
  return vscode.Uri.joinPath(root, `nats-audit-${connection.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`);
}

export async function auditConnectionCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const model = ctx.explorer?.connectionsTree.auditFor(active).model ?? new AuditModel(active.connection!, () => undefined);
  const uri = fileArg(args, 'file') ?? defaultFile(active.profile.name);
  if (uri.scheme !== 'file') throw new CommandError(`The audit report is written to local files only, not ${uri.toString()}.`);
  const file = uri.fsPath;
  const result = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Auditing ${active.profile.name}` }, () => model.rerun());
  if (fs.existsSync(file) && args.overwrite !== true) {
    if (args.overwrite === false) throw new CommandError(`${file} exists; pass overwrite: true to replace it.`, 'exists');
    const choice = await notify.showWarningMessage(`${path.basename(file)} exists. Replace it with the new audit report of ${active.profile.name}?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return { ok: false, cancelled: true };
  }
  const text = auditMarkdown(result, { connection: active.profile.name, servers: displayServers(active.profile.servers), at: model.at ?? new Date() });
  writeFileAtomic(file, text, { overwrite: true, mode: 0o644 });
  ctx.log.info(`Audit of ${active.profile.name}: ${result.findings.length} findings, report written to ${file}`);
  walkthroughDone(WALKTHROUGH_KEYS.audited);
  if (args.open !== false) await vscode.window.showTextDocument(uri, { preview: false });
  return { ok: true, file, findings: result.findings.length, errors: result.findings.filter((f) => f.severity === 'error').length };
}

export async function revealAuditAssetCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const stream = stringArg(argObject(arg), 'stream');
  if (!stream) throw new CommandError('Name the stream to show: { stream }.');
  const shown = (await ctx.explorer?.connectionsTree.revealStream(stream)) ?? false;
  if (!shown) void notify.showInformationMessage(`Stream ${stream} is not shown in the Connections view (it may be unavailable, or not listed yet).`);
  return { ok: true, shown };
}
