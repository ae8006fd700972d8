/**
 * The nats.js client, loaded on first use so that activating the extension (and loading this
 * core) costs nothing until the first connection opens. Only type imports of `nats` are allowed
 * elsewhere in the core; values come from `loadNats()`.
 */
type NatsModule = typeof import('nats');

let nats: NatsModule | undefined;

export async function loadNats(): Promise<NatsModule> {
  nats ??= await import('nats');
  return nats;
}

/** Whether `loadNats()` has run in this process. */
export function isNatsLoaded(): boolean {
  return nats !== undefined;
}
