/**
 * NATS: Show Decoded JWT — the claims of an operator, account or user JWT (or of a .jwt / .creds
 * file) in a read-only page of its own, with their meaning and the JWT's validity. Never the seed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkName, paths, StoreLocation } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { DecodedJwtDocuments, DecodedSource } from './decodedDocuments';
import { chooseEntry } from './pickers';

export interface ShowDecodedJwtCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** A .jwt or .creds file to decode instead of a store entry. */
  file: string;
}

export interface ShowDecodedJwtCommandResult {
  uri: vscode.Uri;
  source: DecodedSource;
}

const JWT_FILE = /\.(jwt|creds)$/i;

function storeSource(store: StoreLocation, ref: { operator: string; account?: string; user?: string }): { title: string; source: DecodedSource } {
  // Names become paths: `..` or `a/b` designate no entry.
  checkName(ref.operator, 'operator', true);
  if (ref.account !== undefined) checkName(ref.account, 'account', true);
  if (ref.user !== undefined) checkName(ref.user, 'user', true);
  if (ref.account === undefined) return { title: ref.operator, source: { file: paths.operatorJwt(store, ref.operator) } };
  if (ref.user === undefined) {
    return { title: ref.account, source: { file: paths.accountJwt(store, ref.operator, ref.account), issuer: paths.operatorJwt(store, ref.operator) } };
  }
  return { title: ref.user, source: { file: paths.userJwt(store, ref.operator, ref.account, ref.user), issuer: paths.accountJwt(store, ref.operator, ref.account) } };
}

export async function showDecodedJwtCommand(ctx: TrustContext, arg: unknown): Promise<ShowDecodedJwtCommandResult> {
  const args = invocation<ShowDecodedJwtCommandArgs>(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  const file = args.file ?? args.uri?.fsPath ?? (args.operator === undefined && active?.scheme === 'file' && JWT_FILE.test(active.fsPath) ? active.fsPath : undefined);
  const { title, source } = file
    ? { title: path.basename(file), source: { file: path.resolve(file) } }
    : storeSource(ctx.store(), args.operator !== undefined ? { operator: args.operator, account: args.account, user: args.user } : await chooseEntry(ctx));
  const uri = DecodedJwtDocuments.uri(title, source);
  await ctx.services.pages.show(uri);
  return { uri, source };
}
