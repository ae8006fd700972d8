/**
 * NATS: Rotate Signing Key — a new key takes an account's (operator's) signing key's place, what
 * the old key signed is signed again, and the old key is removed; after a confirmation that says
 * what is re-signed and what stops working.
 */
import * as vscode from 'vscode';
import { RotateSigningKeyResult, rotateSigningKey, signedBy } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { confirm } from './editForm';
import { chooseOperator } from './pickers';
import { Cancelled, inform } from './run';

export interface RotateSigningKeyCommandArgs {
  operator: string;
  /** The account whose key is rotated; without it, the operator's. */
  account: string;
  /** The old key's public key (or the role of a scoped account key). */
  signingKey: string;
  /** Also delete the old key's seed. */
  removeSeed: boolean;
  /** Given, nothing is asked. */
  confirmed: boolean;
}

export async function rotateSigningKeyCommand(ctx: TrustContext, arg: unknown): Promise<RotateSigningKeyResult> {
  const args = invocation<RotateSigningKeyCommandArgs>(arg);
  const operator = await chooseOperator(ctx, args.operator);
  const key = args.signingKey;
  if (!key) throw new Error('Rotate Signing Key works on a signing key of the Operators view (or an argument object naming one)');
  const owner = args.account ? `account '${args.account}'` : `operator '${operator}'`;
  if (!args.confirmed) {
    const signed = await signedBy(ctx.store(), operator, args.account, key);
    const what = args.account ? 'users' : 'accounts';
    const answer = await confirm(`Rotate signing key ${key.slice(0, 12)}… of ${owner}?`, [
      signed.length ? `The ${what} it signed are signed again by a new key: ${signed.join(', ')}.` : `No ${what.slice(0, -1)} of the store was signed by it.`,
      args.account
        ? `Their keystore .creds are rewritten; copies kept elsewhere stop working once account '${args.account}' is pushed.`
        : 'Servers need the new operator JWT in their configuration before the re-signed accounts are pushed.',
    ], 'Rotate');
    if (answer !== 'Rotate') throw new Cancelled();
  }
  const result = await rotateSigningKey({ store: ctx.store(), operator, account: args.account, key, removeSeed: args.removeSeed });
  ctx.changed();
  const skipped = result.skipped.length ? ` Not signed again: ${result.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : '';
  const push = { title: 'Push to Cluster', run: () => vscode.commands.executeCommand('natsWorkbench.pushToCluster', { operator, ...(args.account ? { account: args.account } : {}) }) };
  inform(ctx, `Rotated signing key of ${owner}: ${result.newKey} replaces ${result.oldKey}; ${result.reissued.length} signed again.${skipped}`, push);
  return result;
}
