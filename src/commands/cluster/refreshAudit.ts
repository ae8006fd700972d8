/**
 * Refresh Audit (the Audit node's inline action): audits the active connection again and redraws
 * its Audit node, without writing a report. Arguments: `{ connection? }` (the menu passes the node).
 */
import * as vscode from 'vscode';
import type { ClusterContext } from './context';
import { CommandError, CommandResult, argObject, stringArg } from './run';
import { requireConnection } from './targets';
import { walkthroughDone, WALKTHROUGH_KEYS } from '../walkthrough';
import * as notify from '../../notifications';

export async function refreshAuditCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const active = await requireConnection(ctx, stringArg(argObject(arg), 'connection'));
  const tree = ctx.explorer?.connectionsTree;
  if (!tree) throw new CommandError('The Connections view is not available to show the audit in.');
  const model = tree.auditFor(active).model;
  const result = await notify.withProgress({ location: vscode.ProgressLocation.Window, title: `Auditing ${active.profile.name}` }, () => model.rerun());
  ctx.log.info(`Audit of ${active.profile.name} refreshed: ${result.findings.length} findings`);
  walkthroughDone(WALKTHROUGH_KEYS.audited);
  return { ok: true, findings: result.findings.length, errors: result.findings.filter((f) => f.severity === 'error').length };
}
