/**
 * NATS: Rotate Signing Key — a new key takes an account's (operator's) signing key's place, what
 * the old key signed is signed again, and the old key is removed; after a confirmation that says
 * what is re-signed and what stops working.
 */
import * as vscode from 'vscode';
import { RotateSigningKeyResult, rotateSigningKey } from '../../core/trust';
import type { TrustContext } from './context';
import { signingKeyTarget } from './deleteEntry';
import { confirm } from './editForm';
import { Cancelled, inform } from './run';

/** The argument object: as Remove Signing Key's (operator, account, signingKey, removeSeed, confirmed). */
export type { RemoveSigningKeyCommandArgs as RotateSigningKeyCommandArgs } from './deleteEntry';

export async function rotateSigningKeyCommand(ctx: TrustContext, arg: unknown): Promise<RotateSigningKeyResult> {
  const { args, operator, key, owner, what, signed: signedList } = await signingKeyTarget(ctx, arg, 'Rotate Signing Key');
  if (!args.confirmed) {
    const signed = await signedList();
    const answer = await confirm(`Rotate signing key ${key.slice(0, 12)}… of ${owner}?`, [
      signed.length ? `The ${what} it signed are signed again by a new key: ${signed.join(', ')}.` : `No ${what.slice(0, -1)} of the store was signed by it.`,
      args.account
        ? `Their keystore .creds are rewritten; once account '${args.account}' is pushed, copies kept elsewhere stop working and clients still connected with the old ones are disconnected.`
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
