/**
 * Cancellation: long operations take a standard `AbortSignal` (the editor turns a
 * `CancellationToken` into one with an `AbortController`).
 */
import { ClusterError, cancelledFailure } from './errors';

/** Throws a `cancelled` ClusterError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, operation?: string): void {
  if (signal?.aborted) throw new ClusterError(cancelledFailure(operation));
}

/**
 * Resolves like `work`, or rejects with a `cancelled` ClusterError as soon as `signal` fires. The
 * abandoned promise is given a handler so that its later rejection is never unhandled.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, operation?: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new ClusterError(cancelledFailure(operation)));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(new ClusterError(cancelledFailure(operation)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
