/**
 * Consumer configurations read from a stream document: a `nats consumer add --config` file (the
 * server's `ConsumerConfig`), a `nats consumer info --json` document (`stream_name` and `config`),
 * or a NACK `Consumer` resource (mapped to the latter). Values are read as written (durations in
 * nanoseconds); the rules check their own types.
 */
import { JsonTree, goFoldKey } from '../jsonTree';
import { Span } from '../lineIndex';
import { KNOWN_KEYS } from '../schema';

/** The fields the consumer rules read, with the server's names. */
export interface ConsumerConfig {
  readonly name?: unknown;
  readonly durable_name?: unknown;
  readonly deliver_subject?: unknown;
  readonly ack_policy?: unknown;
  readonly max_ack_pending?: unknown;
  readonly filter_subject?: unknown;
  readonly filter_subjects?: unknown;
  readonly inactive_threshold?: unknown;
  readonly flow_control?: unknown;
  readonly idle_heartbeat?: unknown;
  readonly num_replicas?: unknown;
  readonly mem_storage?: unknown;
  readonly description?: unknown;
  readonly deliver_policy?: unknown;
  readonly opt_start_seq?: unknown;
  readonly opt_start_time?: unknown;
  readonly replay_policy?: unknown;
  readonly rate_limit_bps?: unknown;
  readonly max_waiting?: unknown;
  readonly max_batch?: unknown;
  readonly max_expires?: unknown;
  readonly max_deliver?: unknown;
  readonly backoff?: unknown;
  readonly sample_freq?: unknown;
}

export type ConsumerField = keyof ConsumerConfig;

/** Keys only a consumer configuration has. */
const CONSUMER_KEYS = new Set(['ack_policy', 'deliver_policy', 'durable_name', 'replay_policy', 'max_ack_pending', 'idle_heartbeat', 'ack_wait', 'max_deliver', 'deliver_subject', 'mem_storage', 'inactive_threshold']);
/** Keys a stream configuration has and a consumer's has not. */
const STREAM_KEYS = new Set(['subjects', 'retention', 'storage', 'max_age', 'max_msgs', 'max_bytes', 'mirror', 'sources']);

/** What a key says about the object holding it (see objectRole). */
const OTHER = 0;
const CONFIG = 1;
const STREAM_NAME = 2;
const CONSUMER_KEY = 3;
const STREAM_KEY = 4;

/** A key's role, given its name as Go folds it (see goFoldKey). */
function keyRole(name: string): number {
  if (name === 'config') return CONFIG;
  if (name === 'stream_name') return STREAM_NAME;
  if (CONSUMER_KEYS.has(name)) return CONSUMER_KEY;
  return STREAM_KEYS.has(name) ? STREAM_KEY : OTHER;
}

/** The role of each key the tree matched to one of KNOWN_KEYS, by its index there (read without a string). */
const ROLE_OF_KNOWN_KEY = Int8Array.from(KNOWN_KEYS, (key) => keyRole(goFoldKey(key)));

/** What an object of a stream document holds (see objectRole). */
export type ObjectRole =
  /** A consumer: `config` is its configuration object (the object itself, or an info document's `config`). */
  | { kind: 'consumer'; config: number }
  /** A `nats stream info --json` document: `config` is the stream's configuration object. */
  | { kind: 'stream-info'; config: number }
  /** A stream configuration. */
  | { kind: 'stream' };

const STREAM_ROLE: ObjectRole = Object.freeze({ kind: 'stream' });

/**
 * What object `node` of a document holds, from its keys, in one pass (every object of a document
 * is asked): a consumer info document (`stream_name` and a `config` object), a consumer
 * configuration (consumer keys and no stream keys), a stream info document (a `config` object), or
 * else a stream configuration. Keys are matched as Go matches them (see goFoldKey); the last of
 * repeated keys wins.
 */
export function objectRole(tree: JsonTree, node: number): ObjectRole {
  let config = -1;
  let streamName = false;
  let consumerKey = false;
  let streamKey = false;
  for (let k = tree.firstChild(node); k >= 0; k = tree.nextSibling(tree.nextSibling(k))) {
    const known = tree.knownKeyIndex(k);
    const role = known >= 0 ? ROLE_OF_KNOWN_KEY[known] : keyRole(goFoldKey(tree.value(k) as string));
    if (role === CONFIG) config = tree.nextSibling(k);
    else if (role === STREAM_NAME) streamName = true;
    else if (role === CONSUMER_KEY) consumerKey = true;
    else if (role === STREAM_KEY) streamKey = true;
  }
  const configObject = config >= 0 && tree.isObject(config);
  if (streamName && configObject) return { kind: 'consumer', config };
  if (config >= 0) return configObject ? { kind: 'stream-info', config } : STREAM_ROLE;
  return consumerKey && !streamKey ? { kind: 'consumer', config: node } : STREAM_ROLE;
}

export class ConsumerEntry {
  /** The configuration as written. */
  readonly config: ConsumerConfig;
  /** The stream it belongs to, when the document names it (`stream_name`). */
  readonly streamName: string | undefined;

  constructor(
    readonly document: { readonly tree: JsonTree },
    /** 0-based position among the document's consumers. */
    readonly index: number,
    /** The document's object for this consumer (the info document, or the configuration itself). */
    readonly outer: number,
    /** The configuration object. */
    readonly node: number,
  ) {
    const tree = document.tree;
    this.config = tree.toValue(node) as ConsumerConfig;
    const stream = outer !== node ? tree.findValue(outer, 'stream_name') : -1;
    this.streamName = stream >= 0 && tree.kind(stream) === 'string' ? (tree.value(stream) as string) : undefined;
  }

  /** A readable label: the durable name, the name, or `consumer #N`. */
  get label(): string {
    const { durable_name: durable, name } = this.config;
    return typeof durable === 'string' && durable ? durable : typeof name === 'string' && name ? name : `consumer #${this.index + 1}`;
  }

  /** True when `field` is written (with any value but null). */
  has(field: ConsumerField): boolean {
    const v = this.config[field];
    return v !== undefined && v !== null;
  }

  /** The span of `field`'s key, or of the configuration's opening brace when it is not written. */
  keySpan(field: ConsumerField): Span {
    const tree = this.document.tree;
    const key = tree.findKey(this.node, field);
    return key >= 0 ? { offset: tree.offset(key), length: tree.length(key) } : { offset: tree.offset(this.node), length: 1 };
  }
}
