/**
 * NATS: Promote Mirror. Turns a mirror's stream config file into a writable stream (no `mirror`,
 * `subjects` set), after showing the diff and asking; the file is edited in place and saved.
 * Argument: a Workspace Streams node, a Uri, `{ file, stream?, subjects?, confirm? }`, or a live
 * mirror's node in the Connections view: nats-server refuses to remove a live stream's mirror by an
 * update (10055), so there it explains the way (back up, delete, restore with subjects) and offers
 * the stream's config file when the workspace has one.
 */
import * as vscode from 'vscode';
import { MIRROR_UPDATE_REFUSED, MirrorLiveState, PromotePlan, promoteConsequences, promoteMirror, readMirrorState } from '../../core/dr';
import { StreamNode } from '../../explorer/connections/streamNode';
import type { ClusterContext } from '../cluster/context';
import { CommandError, CommandResult, argObject } from '../cluster/run';
import { resolveStreamTarget } from '../cluster/targets';
import { askText } from '../trust/prompts';
import type { StreamAnalysisService } from '../../editor';
import * as notify from '../../notifications';

export const PROMOTE_MIRROR = 'natsWorkbench.promoteMirror';

/** What the UI says about promoting a live mirror. */
export function liveMirrorAdvice(stream: string, mirror: string): string {
  return (
    `nats-server does not remove a mirror from a live stream: an update without "mirror" is refused ` +
    `("stream mirror configuration can not be updated", JetStream error ${MIRROR_UPDATE_REFUSED}). ` +
    `To make ${stream} writable on the server: 1. Back Up Stream ${stream}; 2. delete ${stream}; ` +
    `3. Restore Stream from the backup with the promoted config (Restore asks for subjects when the backup is a mirror of ${mirror}). ` +
    `Or promote its config file in the workspace and create it again from the file.`
  );
}

/** The subjects a promoted copy of `mirror` takes by default: those of the mirrored stream, from the workspace or the live listing. */
function originSubjects(ctx: ClusterContext, analysis: StreamAnalysisService, mirror: string): string[] {
  for (const doc of analysis.documents()) {
    const origin = doc.workspace.byName(mirror).find((s) => s.config.subjects.length > 0 && !s.config.mirror);
    if (origin) return [...origin.config.subjects];
  }
  return ctx.explorer?.connectionsTree.listing?.stream(mirror)?.subjects ?? [];
}

/** A string array argument, or undefined; anything else is an error naming it. */
function subjectsArg(args: Record<string, unknown>): string[] | undefined {
  const value = args.subjects;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw new CommandError('The argument "subjects" must be an array of strings.');
  return value as string[];
}

let diffCount = 0;

/** The mirror and its origin on the active connection, when there is one; undefined when they cannot be read. */
async function liveState(ctx: ClusterContext, plan: PromotePlan): Promise<MirrorLiveState | undefined> {
  const active = ctx.manager.active;
  if (active?.state !== 'connected' || !active.connection) return undefined;
  try {
    return await readMirrorState(active.connection, plan.stream, plan.mirror, active.profile.name);
  } catch (e) {
    ctx.log.warn(`Promote Mirror: the state of ${plan.stream} and ${plan.mirror} on ${active.profile.name} could not be read: ${(e as Error).message}`);
    return undefined;
  }
}

async function showDiff(ctx: ClusterContext, uri: vscode.Uri, plan: PromotePlan): Promise<void> {
  const run = ++diffCount;
  const file = vscode.workspace.asRelativePath(uri, false);
  const before = ctx.configDocuments.set(`promote/${run}/${plan.stream}.mirror.jsonc`, plan.before);
  const after = ctx.configDocuments.set(`promote/${run}/${plan.stream}.promoted.jsonc`, plan.after);
  await vscode.commands.executeCommand('vscode.diff', before, after, `Promote ${plan.stream}: ${file} (mirror ↔ writable)`, { preview: true, preserveFocus: true });
}

async function liveMirror(ctx: ClusterContext, analysis: StreamAnalysisService, node: StreamNode): Promise<CommandResult> {
  const { name, mirror } = node.summary;
  if (!mirror) throw new CommandError(`${name} is not a mirror: there is nothing to promote.`);
  const advice = liveMirrorAdvice(name, mirror);
  const file = analysis.documents().find((d) => d.streams.some((r) => r.entry.name === name && r.entry.config.mirror));
  const actions = [file ? 'Promote Config File' : undefined, 'Back Up Stream'].filter((a): a is string => a !== undefined);
  const choice = await notify.showWarningMessage(`Promote ${name} on the server?`, { modal: true, detail: advice }, ...actions);
  if (choice === 'Back Up Stream') await vscode.commands.executeCommand('natsWorkbench.backupStream', node);
  if (choice === 'Promote Config File' && file) return promoteMirrorCommand(ctx, analysis, { file: file.uri, stream: name });
  return { ok: false, error: { kind: 'live-mirror', message: advice, errCode: MIRROR_UPDATE_REFUSED } };
}

export async function promoteMirrorCommand(ctx: ClusterContext, analysis: StreamAnalysisService, arg: unknown): Promise<CommandResult> {
  if (arg instanceof StreamNode) return liveMirror(ctx, analysis, arg);
  const args = argObject(arg);
  const target = await resolveStreamTarget(arg);
  const { entry, document } = target;
  const mirror = entry.config.mirror?.name;
  if (!mirror) throw new CommandError(`${entry.label} in ${vscode.workspace.asRelativePath(document.uri, false)} is not a mirror: there is nothing to promote.`);
  let subjects = subjectsArg(args);
  if (!subjects) {
    const answer = await askText({
      title: `Promote ${entry.label} (a mirror of ${mirror})`,
      prompt: 'The subjects the promoted stream takes writes on, comma separated',
      value: originSubjects(ctx, analysis, mirror).join(', '),
    });
    subjects = answer.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  let plan: PromotePlan;
  try {
    plan = promoteMirror(entry, subjects);
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
  const consequences = promoteConsequences(plan.stream, plan.mirror, plan.subjects, await liveState(ctx, plan));
  if (args.confirm !== true) {
    await showDiff(ctx, document.uri, plan);
    const verb = 'Promote';
    const choice = await notify.showWarningMessage(
      `Promote ${plan.stream} to a writable stream? It stops copying from ${plan.mirror} for good.`,
      {
        modal: true,
        detail: [
          `Its mirror of ${plan.mirror} is removed and it takes writes on ${plan.subjects.join(', ')}. The file is changed in place; apply it to the server afterwards (a live mirror must be backed up, deleted and restored: the server refuses the update).`,
          ...consequences,
        ].join('\n'),
      },
      verb,
    );
    if (choice !== verb) return { ok: false, cancelled: true };
  }
  if (document.getText() !== plan.before) throw new CommandError(`${vscode.workspace.asRelativePath(document.uri, false)} changed while promoting; run Promote Mirror again.`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(plan.edit.offset), document.positionAt(plan.edit.offset + plan.edit.length)), plan.edit.newText);
  if (!(await vscode.workspace.applyEdit(edit))) throw new CommandError(`The edit of ${vscode.workspace.asRelativePath(document.uri, false)} was refused.`);
  await document.save();
  ctx.log.info(`Promote Mirror: ${plan.stream} in ${vscode.workspace.asRelativePath(document.uri, false)} no longer mirrors ${plan.mirror}; subjects ${plan.subjects.join(', ')}`);
  return { ok: true, stream: plan.stream, mirror: plan.mirror, subjects: plan.subjects, file: document.uri.toString(), consequences };
}
