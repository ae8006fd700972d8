/**
 * The one mapping table from resource shapes to the stream configuration the rules read: NACK's
 * Kubernetes resources (`jetstream.nats.io/v1beta2` and `v1beta1`: `Stream`, `KeyValue`,
 * `ObjectStore`, camelCase fields, Go duration strings) and the JSON key-value bucket config
 * (`KeyValueConfig` of the Go client, as `nats kv add` creates buckets). Field names follow NACK's
 * Go types (pkg/jetstream/apis/jetstream/v1beta2) and the controller's mapping to the server's.
 */

/** How a resource's value becomes the stream config's (and back, for quick fixes). */
export type Convert =
  /** A Go duration string (`1h30m`) ↔ nanoseconds. */
  | 'duration'
  /** A bucket name ↔ the stream name with the resource's prefix (`KV_orders`). */
  | 'bucket'
  /** `compression: true` ↔ `"s2"`. */
  | 'compressionFlag';

export interface FieldMapping {
  /** The key in the resource. */
  readonly key: string;
  /** The stream config's field (a dotted path for fields grouped in an object there: `external.api`). */
  readonly target: string;
  readonly convert?: Convert;
  /** The fields of an object value. */
  readonly object?: readonly FieldMapping[];
  /** The fields of each object in an array value. */
  readonly items?: readonly FieldMapping[];
}

/** The kinds of resource read: streams (buckets are streams too) and consumers. */
export type ResourceKind = 'Stream' | 'KeyValue' | 'ObjectStore' | 'Consumer';

export interface ResourceMapping {
  readonly kind: ResourceKind;
  /** What a person calls one: `stream`, `key-value bucket`, `object store`. */
  readonly noun: string;
  /** The stream name is this prefix plus the bucket's name. */
  readonly prefix: string;
  /** Durations are Go duration strings (NACK) or nanoseconds (JSON configs). */
  readonly durations: 'go' | 'nanoseconds';
  readonly fields: readonly FieldMapping[];
  /** The stream rules that fit this kind of resource (undefined: every rule). */
  readonly rules?: ReadonlySet<string>;
}

const PLACEMENT: readonly FieldMapping[] = [
  { key: 'cluster', target: 'cluster' },
  { key: 'tags', target: 'tags' },
];

const TRANSFORM: readonly FieldMapping[] = [
  { key: 'source', target: 'src' },
  { key: 'dest', target: 'dest' },
];

const SOURCE: readonly FieldMapping[] = [
  { key: 'name', target: 'name' },
  { key: 'optStartSeq', target: 'opt_start_seq' },
  { key: 'optStartTime', target: 'opt_start_time' },
  { key: 'filterSubject', target: 'filter_subject' },
  { key: 'externalApiPrefix', target: 'external.api' },
  { key: 'externalDeliverPrefix', target: 'external.deliver' },
  { key: 'subjectTransforms', target: 'subject_transforms', items: TRANSFORM },
];

const REPUBLISH: readonly FieldMapping[] = [
  { key: 'source', target: 'src' },
  { key: 'destination', target: 'dest' },
  { key: 'headers_only', target: 'headers_only' },
];

const NACK_STREAM: readonly FieldMapping[] = [
  { key: 'name', target: 'name' },
  { key: 'description', target: 'description' },
  { key: 'subjects', target: 'subjects' },
  { key: 'retention', target: 'retention' },
  { key: 'maxConsumers', target: 'max_consumers' },
  { key: 'maxMsgsPerSubject', target: 'max_msgs_per_subject' },
  { key: 'maxMsgs', target: 'max_msgs' },
  { key: 'maxBytes', target: 'max_bytes' },
  { key: 'maxAge', target: 'max_age', convert: 'duration' },
  { key: 'maxMsgSize', target: 'max_msg_size' },
  { key: 'storage', target: 'storage' },
  { key: 'discard', target: 'discard' },
  { key: 'replicas', target: 'num_replicas' },
  { key: 'noAck', target: 'no_ack' },
  { key: 'duplicateWindow', target: 'duplicate_window', convert: 'duration' },
  { key: 'placement', target: 'placement', object: PLACEMENT },
  { key: 'mirror', target: 'mirror', object: SOURCE },
  { key: 'sources', target: 'sources', items: SOURCE },
  { key: 'compression', target: 'compression' },
  { key: 'subjectTransform', target: 'subject_transform', object: TRANSFORM },
  { key: 'republish', target: 'republish', object: REPUBLISH },
  { key: 'sealed', target: 'sealed' },
  { key: 'denyDelete', target: 'deny_delete' },
  { key: 'denyPurge', target: 'deny_purge' },
  { key: 'allowDirect', target: 'allow_direct' },
  { key: 'allowRollup', target: 'allow_rollup_hdrs' },
  { key: 'mirrorDirect', target: 'mirror_direct' },
  { key: 'discardPerSubject', target: 'discard_new_per_subject' },
  { key: 'firstSequence', target: 'first_seq' },
  { key: 'metadata', target: 'metadata' },
  {
    key: 'consumerLimits',
    target: 'consumer_limits',
    object: [
      { key: 'inactiveThreshold', target: 'inactive_threshold', convert: 'duration' },
      { key: 'maxAckPending', target: 'max_ack_pending' },
    ],
  },
  { key: 'allowMsgTtl', target: 'allow_msg_ttl' },
  { key: 'subjectDeleteMarkerTtl', target: 'subject_delete_marker_ttl', convert: 'duration' },
];

/** The stream rules that fit a bucket (its subjects, retention and limits are the client's). */
const BUCKET_RULES: ReadonlySet<string> = new Set([
  'parse-error',
  'invalid-type',
  'invalid-name',
  'replicas-negative',
  'replicas-over-max',
  'replicas-even',
  'memory-single-replica',
  'single-replica',
  'memory-unbounded',
  'max-age-too-small',
  'kv-history-over-max',
  'source-cycle',
  'mirror-same-cluster',
  'replicas-standalone',
  'replicas-exceed-cluster',
  'placement-unmatched',
]);

const NACK_KV: readonly FieldMapping[] = [
  { key: 'bucket', target: 'name', convert: 'bucket' },
  { key: 'description', target: 'description' },
  { key: 'maxValueSize', target: 'max_msg_size' },
  { key: 'history', target: 'max_msgs_per_subject' },
  { key: 'ttl', target: 'max_age', convert: 'duration' },
  { key: 'maxBytes', target: 'max_bytes' },
  { key: 'storage', target: 'storage' },
  { key: 'replicas', target: 'num_replicas' },
  { key: 'placement', target: 'placement', object: PLACEMENT },
  { key: 'republish', target: 'republish', object: REPUBLISH },
  { key: 'mirror', target: 'mirror', object: SOURCE },
  { key: 'sources', target: 'sources', items: SOURCE },
  { key: 'compression', target: 'compression', convert: 'compressionFlag' },
];

const NACK_OBJECT_STORE: readonly FieldMapping[] = [
  { key: 'bucket', target: 'name', convert: 'bucket' },
  { key: 'description', target: 'description' },
  { key: 'ttl', target: 'max_age', convert: 'duration' },
  { key: 'maxBytes', target: 'max_bytes' },
  { key: 'storage', target: 'storage' },
  { key: 'replicas', target: 'num_replicas' },
  { key: 'placement', target: 'placement', object: PLACEMENT },
  { key: 'compression', target: 'compression', convert: 'compressionFlag' },
  { key: 'metadata', target: 'metadata' },
];

/** The JSON `KeyValueConfig` (snake_case, durations in nanoseconds). */
const JSON_KV: readonly FieldMapping[] = [
  { key: 'bucket', target: 'name', convert: 'bucket' },
  { key: 'description', target: 'description' },
  { key: 'max_value_size', target: 'max_msg_size' },
  { key: 'history', target: 'max_msgs_per_subject' },
  { key: 'ttl', target: 'max_age' },
  { key: 'max_bytes', target: 'max_bytes' },
  { key: 'storage', target: 'storage' },
  { key: 'replicas', target: 'num_replicas' },
  { key: 'placement', target: 'placement', object: PLACEMENT },
  { key: 'compression', target: 'compression', convert: 'compressionFlag' },
];

/** A NACK consumer, mapped to the shape of `nats consumer info --json`: `stream_name` and `config`. */
const NACK_CONSUMER: readonly FieldMapping[] = [
  { key: 'streamName', target: 'stream_name' },
  ...(
    [
      ['durableName', 'durable_name'],
      ['description', 'description'],
      ['deliverPolicy', 'deliver_policy'],
      ['optStartSeq', 'opt_start_seq'],
      ['optStartTime', 'opt_start_time'],
      ['ackPolicy', 'ack_policy'],
      ['ackWait', 'ack_wait', 'duration'],
      ['maxDeliver', 'max_deliver'],
      ['filterSubject', 'filter_subject'],
      ['filterSubjects', 'filter_subjects'],
      ['replayPolicy', 'replay_policy'],
      ['rateLimitBps', 'rate_limit_bps'],
      ['sampleFreq', 'sample_freq'],
      ['maxWaiting', 'max_waiting'],
      ['maxAckPending', 'max_ack_pending'],
      ['flowControl', 'flow_control'],
      ['heartbeatInterval', 'idle_heartbeat', 'duration'],
      ['headersOnly', 'headers_only'],
      ['maxRequestBatch', 'max_batch'],
      ['maxRequestExpires', 'max_expires', 'duration'],
      ['inactiveThreshold', 'inactive_threshold', 'duration'],
      ['replicas', 'num_replicas'],
      ['memStorage', 'mem_storage'],
      ['deliverSubject', 'deliver_subject'],
      ['deliverGroup', 'deliver_group'],
      ['metadata', 'metadata'],
    ] as const
  ).map(([key, target, convert]): FieldMapping => (convert ? { key, target: `config.${target}`, convert } : { key, target: `config.${target}` })),
];

export const NACK_MAPPINGS: Readonly<Record<ResourceKind, ResourceMapping>> = {
  Stream: { kind: 'Stream', noun: 'stream', prefix: '', durations: 'go', fields: NACK_STREAM },
  KeyValue: { kind: 'KeyValue', noun: 'key-value bucket', prefix: 'KV_', durations: 'go', fields: NACK_KV, rules: BUCKET_RULES },
  ObjectStore: { kind: 'ObjectStore', noun: 'object store', prefix: 'OBJ_', durations: 'go', fields: NACK_OBJECT_STORE, rules: BUCKET_RULES },
  Consumer: { kind: 'Consumer', noun: 'consumer', prefix: '', durations: 'go', fields: NACK_CONSUMER },
};

export const JSON_KV_MAPPING: ResourceMapping = { kind: 'KeyValue', noun: 'key-value bucket', prefix: 'KV_', durations: 'nanoseconds', fields: JSON_KV, rules: BUCKET_RULES };

/** The most values per key a bucket keeps (the Go client refuses more: `ErrHistoryTooLarge`). */
export const KV_MAX_HISTORY = 64;

/** NACK's API groups and versions read here. */
export const NACK_API_VERSION = /^jetstream\.nats\.io\/v1beta[12]$/;
