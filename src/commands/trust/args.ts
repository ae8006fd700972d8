/**
 * What a command was called with: a node of the Operators tree, a Uri (the Explorer's context
 * menu), an argument object (tests, keybindings, other extensions), or nothing (the palette).
 */
import * as vscode from 'vscode';
import { TrustNode, TrustTarget } from '../../explorer/operators/node';

export type Invocation<T> = Partial<T> & TrustTarget & {
  /** The Explorer resource the command was invoked on. */
  uri?: vscode.Uri;
};

export function invocation<T extends object>(arg: unknown): Invocation<T> {
  if (arg instanceof TrustNode) return { ...arg.target } as Invocation<T>;
  if (arg instanceof vscode.Uri) return { uri: arg } as Invocation<T>;
  if (arg && typeof arg === 'object' && !Array.isArray(arg)) return { ...(arg as object) } as Invocation<T>;
  return {} as Invocation<T>;
}
