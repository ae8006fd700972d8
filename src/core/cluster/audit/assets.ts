/**
 * Which asset a stream is: a key-value bucket (`KV_<bucket>` listening on `$KV.<bucket>.>`), an
 * object store (`OBJ_<store>` on `$O.<store>.>`), or a plain stream; and text about it in its own
 * terms (`bucket orders`, not `stream KV_orders`).
 */
import type { AssetKind, AuditConsumerInfo, RawStreamConfig } from './types';

export interface StreamAsset {
  kind: Exclude<AssetKind, 'consumer' | 'account'>;
  /** The bucket's or store's name; the stream's for a plain stream. */
  name: string;
  /** What a person calls it: `stream`, `key-value bucket`, `object store`. */
  noun: string;
}

const KINDS = [
  { kind: 'kv', prefix: 'KV_', subject: (n: string) => `$KV.${n}.>`, noun: 'key-value bucket' },
  { kind: 'objectstore', prefix: 'OBJ_', subject: (n: string) => `$O.${n}.`, noun: 'object store' },
] as const;

/**
 * The asset a stream is. Its subjects decide; when they are not known (a stream the server lists
 * but cannot describe, e.g. while its only server is down) its name's prefix does.
 */
export function streamAsset(config: Pick<RawStreamConfig, 'name' | 'subjects'>): StreamAsset {
  for (const k of KINDS) {
    if (!config.name.startsWith(k.prefix)) continue;
    const name = config.name.slice(k.prefix.length);
    const wanted = k.subject(name);
    if (name && (config.subjects === undefined || config.subjects.some((s) => s.startsWith(wanted)))) return { kind: k.kind, name, noun: k.noun };
  }
  return { kind: 'stream', name: config.name, noun: 'stream' };
}

/** `stream ORDERS`, `key-value bucket orders`, `object store files`. */
export function assetLabel(asset: StreamAsset): string {
  return `${asset.noun} ${asset.name}`;
}

/** A consumer's name as the server reports it (its durable name, else its name). */
export function consumerName(consumer: AuditConsumerInfo): string {
  return consumer.name || consumer.config.durable_name || consumer.config.name || '(unnamed)';
}

/**
 * Text written about a stream reworded for its asset: its stream name becomes the bucket's or
 * store's and the word `stream` its noun (as NACK resources' findings are reworded).
 */
export function rewordFor(asset: StreamAsset, streamName: string, text: string): string {
  if (asset.kind === 'stream') return text;
  return text.split(streamName).join(asset.name).replace(/\bstream\b/g, asset.noun);
}

/** A durable consumer (ephemeral ones, such as ordered consumers and watchers, leave with their clients). */
export function isDurable(consumer: AuditConsumerInfo): boolean {
  return Boolean(consumer.config.durable_name);
}
