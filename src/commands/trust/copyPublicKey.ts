/** NATS: Copy Public Key — the public key of the operator, account, user or signing key clicked. */
import * as vscode from 'vscode';
import { TrustError } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';

export async function copyPublicKeyCommand(ctx: TrustContext, arg: unknown): Promise<string> {
  const { publicKey } = invocation<{ publicKey: string }>(arg);
  if (!publicKey) throw new TrustError('invalid-argument', 'Copy Public Key works on an entry of the Operators view whose JWT could be read');
  await vscode.env.clipboard.writeText(publicKey);
  ctx.log.info(`Copied public key ${publicKey}`);
  return publicKey;
}
