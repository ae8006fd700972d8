/**
 * Which reader a stream file needs: NACK resources in `.yaml`/`.yml` files, key-value bucket
 * configs and stream configs in JSON. Detection is cheap (a text search before any parse), so
 * other YAML and JSON files cost next to nothing.
 */
import { looksLikeStreamConfig } from '../detect';
import { StreamDocument, parseStreamDocument } from '../document';
import { MappedStreamDocument, mayHoldNackResource } from './mappedDocument';

export { MappedStreamDocument, mayHoldNackResource } from './mappedDocument';
export { goDuration, parseGoDuration } from './duration';
export { JSON_KV_MAPPING, KV_MAX_HISTORY, NACK_MAPPINGS } from './mapping';
export type { FieldMapping, ResourceKind, ResourceMapping } from './mapping';

const HEAD = 64 * 1024;
const NACK_KIND = /^kind:[ \t]*["']?(?:Stream|KeyValue|ObjectStore|Consumer)["']?[ \t]*(?:#.*)?$/m;
const KV_BUCKET = /"bucket"\s*:/;
const KV_KEY = /"(?:history|ttl|max_value_size|replicas|storage|max_bytes)"\s*:/;
const CONSUMER_KEY = /"(?:ack_policy|deliver_policy|durable_name|replay_policy|max_ack_pending|idle_heartbeat|ack_wait|max_deliver)"\s*:/;

/** True for a file name ending in `.yaml` or `.yml`. */
export function isYamlPath(uri: string): boolean {
  return /\.ya?ml$/i.test(uri);
}

/** True when YAML text holds a NACK resource (`apiVersion: jetstream.nats.io/…` and a kind read here). */
export function looksLikeNackResource(text: string): boolean {
  return mayHoldNackResource(text) && NACK_KIND.test(text);
}

/** True when JSON text looks like a key-value bucket config (`bucket` and a bucket setting). */
export function looksLikeKvConfig(text: string): boolean {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const first = head.trimStart()[0];
  return (first === '{' || first === '[') && KV_BUCKET.test(head) && KV_KEY.test(head);
}

/** True when JSON text looks like a consumer configuration (`nats consumer add --config`, `nats consumer info --json`). */
export function looksLikeConsumerConfig(text: string): boolean {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const first = head.trimStart()[0];
  return (first === '{' || first === '[') && CONSUMER_KEY.test(head);
}

/** True when a file (by its name and text) holds streams, buckets, consumers or NACK resources. */
export function looksLikeStreamFile(uri: string, text: string): boolean {
  return isYamlPath(uri) ? looksLikeNackResource(text) : looksLikeStreamConfig(text) || looksLikeKvConfig(text) || looksLikeConsumerConfig(text);
}

/** Parses a stream file with the reader its name and content call for; never throws. */
export function parseAnyStreamDocument(text: string, uri = 'untitled'): StreamDocument {
  if (isYamlPath(uri)) return MappedStreamDocument.fromNackYaml(text, uri);
  if (!looksLikeStreamConfig(text) && looksLikeKvConfig(text)) return MappedStreamDocument.fromKvJson(text, uri);
  return parseStreamDocument(text, uri);
}
