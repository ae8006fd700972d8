/**
 * Notifications, dialogs and progress of the extension. Their text quotes names (streams,
 * connections, accounts, files) and messages from servers, and VS Code makes a `[label](target)`
 * in a notification a link that runs a `command:` on a click: every message, dialog detail,
 * progress title and progress message goes through inertLinks here. ESLint refuses the
 * `vscode.window` originals elsewhere.
 */
import * as vscode from 'vscode';
import { inertLinks } from './core/trust/quote';

type Item = string | vscode.MessageItem;
type Show = <T extends Item>(message: string, ...rest: (T | vscode.MessageOptions)[]) => Thenable<T | undefined>;

function inertRest<T extends Item>(rest: (T | vscode.MessageOptions)[]): (T | vscode.MessageOptions)[] {
  // The buttons are the extension's own words; the options' detail may quote anything.
  return rest.map((r) => (typeof r === 'object' && r !== null && !('title' in r) && typeof r.detail === 'string' ? { ...r, detail: inertLinks(r.detail) } : r));
}

function shower(show: (...args: unknown[]) => Thenable<unknown>): Show {
  return <T extends Item>(message: string, ...rest: (T | vscode.MessageOptions)[]) => show(inertLinks(message), ...inertRest(rest)) as Thenable<T | undefined>;
}

export const showInformationMessage: Show = shower((...a) => (vscode.window.showInformationMessage as (...args: unknown[]) => Thenable<unknown>)(...a));
export const showWarningMessage: Show = shower((...a) => (vscode.window.showWarningMessage as (...args: unknown[]) => Thenable<unknown>)(...a));
export const showErrorMessage: Show = shower((...a) => (vscode.window.showErrorMessage as (...args: unknown[]) => Thenable<unknown>)(...a));

/** window.withProgress, its title and the messages it reports made inert. */
export function withProgress<R>(
  options: vscode.ProgressOptions,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress({ ...options, ...(options.title !== undefined ? { title: inertLinks(options.title) } : {}) }, (progress, token) =>
    task({ report: (value) => progress.report(value.message === undefined ? value : { ...value, message: inertLinks(value.message) }) }, token),
  );
}
