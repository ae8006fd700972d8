/**
 * How a cluster command runs: the user cancelling a prompt ends it quietly; a failure is shown with
 * showErrorMessage and logged (never with a secret). Every command resolves to a result object with
 * `ok`, so tests and other extensions learn what happened without reading notifications.
 */
import * as vscode from 'vscode';
import { ApplyFailure, ClusterError, FailureKind } from '../../core/cluster';
import { Cancelled } from '../trust/run';
import type { ClusterContext } from './context';
import * as notify from '../../notifications';

export { Cancelled };

export type CommandResult = { ok: true; [key: string]: unknown } | { ok: false; cancelled?: boolean; error?: { kind: FailureKind | string; message: string; [key: string]: unknown } };

export type ClusterHandler = (ctx: ClusterContext, arg: unknown) => Promise<CommandResult>;

/** A failure a command reports to the user as it is (already phrased for a person). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly kind = 'invalid',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Kind and message of anything thrown by a command. */
export function errorOf(title: string, e: unknown): { kind: string; message: string } {
  if (e instanceof ClusterError) return { kind: e.kind, message: e.message };
  if (e instanceof ApplyFailure) return { kind: e.error.kind, message: e.message };
  if (e instanceof CommandError) return { kind: e.kind, message: e.message };
  return { kind: 'unknown', message: `${title} failed: ${e instanceof Error ? e.message : String(e)}` };
}

/** Wraps a handler into a command callback (see the module comment). */
export function clusterCommand(ctx: ClusterContext, title: string, handler: ClusterHandler): (arg?: unknown) => Promise<CommandResult> {
  return async (arg?: unknown) => {
    try {
      return await handler(ctx, arg);
    } catch (e) {
      const error = errorOf(title, e);
      if (e instanceof Cancelled || error.kind === 'cancelled') return { ok: false, cancelled: true };
      ctx.log.error(`${title}: ${error.message}`);
      void notify.showErrorMessage(error.message);
      return { ok: false, error };
    }
  };
}

/** The argument as a plain object (a tree node's own fields are read by the callers). */
export function argObject(arg: unknown): Record<string, unknown> {
  return arg && typeof arg === 'object' && !Array.isArray(arg) && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : {};
}

/** An optional string field of an argument object; a wrong type is an error naming the field. */
export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new CommandError(`The argument "${key}" must be a string, not ${JSON.stringify(value)}.`);
  return value;
}

/** Runs `work` under a cancellable notification; cancelling aborts its signal. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return notify.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return work(abort.signal);
  });
}
