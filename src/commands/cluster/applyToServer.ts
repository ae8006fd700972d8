/**
 * NATS: Apply to Server. Creates or updates the stream of a config file on the active connection.
 * Argument: a Workspace Streams node, a Uri (editor title / Explorer menus), or `{ file, stream?,
 * connection?, confirm?, diff? }`. It first shows the diff between the live configuration and the
 * file's (a `vscode.diff` of two virtual documents showing only what changes) and asks; `confirm: true` applies without
 * showing or asking (`diff: true` still shows the diff). A refusal is marked in the file at the
 * field it concerns, with the JetStream error code, and the file is shown there.
 */
import * as vscode from 'vscode';
import { ApplyError, ApplyFailure, ApplyLoss, ApplyPlan, apply, diffDocuments, lossIsSerious, planApply } from '../../core/cluster';
import { plural } from '../../core/plural';
import type { ClusterContext } from './context';
import { CommandResult, argObject, stringArg, withCancellableProgress } from './run';
import { StreamTarget, requireConnection, resolveStreamTarget } from './targets';
import * as notify from '../../notifications';

let diffCount = 0;

/**
 * Opens the diff of the live config (left; the server's defaults for a new stream) and the config
 * after applying (right): the fields the file sets and the fields that change, so that the diff
 * shows exactly the changes the confirmation lists (`diffDocuments`).
 */
async function showDiff(ctx: ClusterContext, plan: ApplyPlan, connection: string, target: StreamTarget): Promise<void> {
  const run = ++diffCount;
  const file = vscode.workspace.asRelativePath(target.document.uri, false);
  const docs = diffDocuments(plan.liveConfig, plan.desired);
  const live = ctx.configDocuments.set(`${connection}/${run}/${plan.name}.${plan.exists ? 'live' : 'defaults'}.jsonc`, docs.live);
  const desired = ctx.configDocuments.set(`${connection}/${run}/${plan.name}.jsonc`, docs.desired);
  const title = plan.exists ? `${plan.name}: live on ${connection} ↔ ${file}` : `${plan.name}: server defaults ↔ ${file} (new on ${connection})`;
  await vscode.commands.executeCommand('vscode.diff', live, desired, title, { preview: true, preserveFocus: true });
}

/** The confirmation's button: what it does when the update deletes messages or cannot be undone. */
function confirmButton(plan: ApplyPlan): string {
  if (!plan.exists) return 'Create';
  if ((plan.loss?.deleted.max ?? 0) > 0) return 'Update and Delete Messages';
  if (lossIsSerious(plan.loss)) return 'Update Irreversibly';
  return plan.replicas ? 'Update and Remove Replicas' : 'Update';
}

/** Asks whether to apply the plan, saying first what it deletes or makes permanent; true to go ahead. */
async function confirmPlan(plan: ApplyPlan, connection: string): Promise<boolean> {
  const verb = plan.exists ? 'Update' : 'Create';
  const button = confirmButton(plan);
  const changes = plan.exists ? `${plural(plan.changes.length, 'change')}:\n${plan.diffText}` : plan.diffText;
  const loss = plan.loss;
  const replicas = plan.replicas;
  if (!lossIsSerious(loss) && !replicas) {
    const choice = await notify.showInformationMessage(`${verb} stream ${plan.name} on ${connection}?`, { modal: true, detail: [...(loss?.lines ?? []), changes].join('\n\n') }, button);
    return choice === button;
  }
  const summary = [loss?.summary, replicas?.summary].filter(Boolean).join(' ');
  const detail = [loss?.lines.join('\n'), replicas?.lines.join('\n'), changes].filter(Boolean).join('\n\n');
  const choice = await notify.showWarningMessage(`Update stream ${plan.name} on ${connection}? ${summary}`, { modal: true, detail }, button);
  return choice === button;
}

/** The prediction as the command's result carries it. */
function lossResult(loss: ApplyLoss): Record<string, unknown> {
  return { summary: loss.summary, deleted: loss.deleted, messages: loss.messages, causes: loss.causes.map((c) => ({ field: c.field, messages: c.messages })), oneWay: loss.oneWay.map((o) => o.field), later: loss.later };
}

/** Marks the refusal in the file and shows it there, at the field. */
async function refused(ctx: ClusterContext, target: StreamTarget, error: ApplyError): Promise<CommandResult> {
  if (error.kind === 'refused' || error.kind === 'invalid') {
    const mark = ctx.applyDiagnostics.mark(target.document.uri, target.entry, error);
    await vscode.window.showTextDocument(target.document, { selection: mark.range, preview: false });
  }
  ctx.log.error(`Apply to Server: ${error.message}${error.field ? ` (at ${error.field})` : ''}`);
  void notify.showErrorMessage(error.message);
  const out: Record<string, unknown> = { kind: error.kind, message: error.message };
  if (error.errCode !== undefined) out.errCode = error.errCode;
  if (error.field !== undefined) out.field = error.field;
  return { ok: false, error: out as { kind: string; message: string } };
}

export async function applyToServerCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const args = argObject(arg);
  const target = await resolveStreamTarget(arg);
  const active = await requireConnection(ctx, stringArg(args, 'connection'));
  const connection = active.connection!;
  const name = active.profile.name;
  const doc = target.parsed.tree.toValue(target.entry.node);
  let plan: ApplyPlan;
  try {
    plan = await withCancellableProgress(`Comparing stream ${target.entry.label} with ${name}`, (signal) => planApply(connection, doc, { signal }));
  } catch (e) {
    if (e instanceof ApplyFailure && e.error.kind !== 'unavailable') return refused(ctx, target, e.error);
    throw e;
  }
  if (plan.exists && plan.changes.length === 0) {
    ctx.applyDiagnostics.clear(target.document.uri, target.entry);
    void notify.showInformationMessage(`Stream ${plan.name} on ${name} already matches the file.`);
    return { ok: true, action: 'unchanged', stream: plan.name, changes: [] };
  }
  const confirmed = args.confirm === true;
  if (!confirmed || args.diff === true) await showDiff(ctx, plan, name, target);
  if (!confirmed && !(await confirmPlan(plan, name))) return { ok: false, cancelled: true };
  const result = await withCancellableProgress(`Applying stream ${plan.name} to ${name}`, (signal) => apply(connection, doc, { signal, expectedLive: plan.liveConfig, ...(plan.loss ? { expectedLoss: plan.loss } : {}) }));
  if (!result.ok) {
    if (result.error.kind === 'unavailable' && result.error.failure?.kind === 'cancelled') return { ok: false, cancelled: true };
    return refused(ctx, target, result.error);
  }
  ctx.applyDiagnostics.clear(target.document.uri, target.entry);
  const changes = result.changes.map((c) => c.text);
  ctx.log.info(`Apply to Server: stream ${plan.name} ${result.action} on ${name}${changes.length ? `: ${changes.join('; ')}` : ''}${result.loss?.summary ? ` (${result.loss.summary})` : ''}`);
  void notify.showInformationMessage(`Stream ${plan.name} ${result.action} on ${name}.`);
  ctx.explorer?.connectionsTree.refreshStreams();
  const out: CommandResult = { ok: true, action: result.action, stream: plan.name, changes };
  if (plan.loss) out.plannedLoss = lossResult(plan.loss);
  if (plan.replicas) out.plannedReplicas = { from: plan.replicas.from, to: plan.replicas.to, leader: plan.replicas.leader, kept: plan.replicas.kept, dropped: plan.replicas.dropped, summary: plan.replicas.summary };
  if (result.loss) out.loss = lossResult(result.loss);
  return out;
}
