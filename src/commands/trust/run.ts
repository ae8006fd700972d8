/**
 * How a trust command runs: the user cancelling a prompt ends it quietly; a failure is shown with
 * showErrorMessage and logged, both without secrets; the command then returns undefined.
 */
import { redactSeeds, TrustError } from '../../core/trust';
import { Cancelled } from '../wizard';
import type { TrustContext } from './context';
import * as notify from '../../notifications';

export { redactSeeds } from '../../core/trust';
export { Cancelled };

/** The message a person sees for a failure. */
export function errorMessage(title: string, e: unknown): string {
  const text = e instanceof TrustError ? e.message : `${title} failed: ${e instanceof Error ? e.message : String(e)}`;
  return redactSeeds(text);
}

export type TrustHandler = (ctx: TrustContext, arg: unknown) => Promise<unknown>;

/** Wraps a handler into a command callback (see the module comment). */
export function trustCommand(ctx: TrustContext, title: string, handler: TrustHandler): (arg?: unknown) => Promise<unknown> {
  return async (arg?: unknown) => {
    try {
      return await handler(ctx, arg);
    } catch (e) {
      if (e instanceof Cancelled) return undefined;
      const message = errorMessage(title, e);
      ctx.log.error(`${title}: ${message}`);
      void notify.showErrorMessage(message);
      return undefined;
    }
  };
}

/** Logs a line and shows it as a notification (not awaited: buttons must not hold the command). */
export function inform(ctx: TrustContext, message: string, ...actions: { title: string; run: () => unknown }[]): void {
  const text = redactSeeds(message);
  ctx.log.info(text);
  void notify.showInformationMessage(text, ...actions.map((a) => a.title)).then((choice) => actions.find((a) => a.title === choice)?.run());
}

export function warn(ctx: TrustContext, message: string): void {
  const text = redactSeeds(message);
  ctx.log.warn(text);
  void notify.showWarningMessage(text);
}
