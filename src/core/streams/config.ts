/**
 * The JetStream stream configuration as the server reads it (`nats stream add --config FILE`, the
 * `config` of `nats stream info --json`). Field names are the wire names. `StreamConfig` is the
 * configuration after the server's defaults are applied; optional fields have no default.
 * Durations are nanoseconds. Configurations read from documents are read-only (their values are
 * shared and cached).
 */

export type Retention = 'limits' | 'interest' | 'workqueue';
export type Storage = 'file' | 'memory';
export type Discard = 'old' | 'new';
export type Compression = 'none' | 's2';

export interface Placement {
  readonly cluster?: string;
  readonly tags?: readonly string[];
}

export interface ExternalStream {
  readonly api?: string;
  readonly deliver?: string;
}

export interface SubjectTransform {
  readonly src?: string;
  readonly dest?: string;
}

/** One entry of `mirror` or `sources`: the stream copied from. */
export interface StreamSource {
  readonly name?: string;
  readonly opt_start_seq?: number;
  readonly opt_start_time?: string;
  readonly filter_subject?: string;
  readonly subject_transforms?: readonly SubjectTransform[];
  readonly external?: ExternalStream;
}

export interface Republish {
  readonly src?: string;
  readonly dest?: string;
  readonly headers_only?: boolean;
}

export interface ConsumerLimits {
  readonly inactive_threshold?: number;
  readonly max_ack_pending?: number;
}

export interface StreamConfig {
  readonly name?: string;
  readonly description?: string;
  readonly subjects: readonly string[];
  readonly retention: Retention;
  readonly max_consumers: number;
  readonly max_msgs: number;
  readonly max_bytes: number;
  /** Nanoseconds; 0 = unlimited. */
  readonly max_age: number;
  readonly max_msgs_per_subject: number;
  readonly max_msg_size: number;
  readonly discard: Discard;
  readonly discard_new_per_subject: boolean;
  readonly storage: Storage;
  /** As written (0 and absent mean 1 to the server); see `replicaCount`. */
  readonly num_replicas: number;
  readonly no_ack: boolean;
  readonly template_owner?: string;
  /**
   * Nanoseconds, as the server applies it: when absent or 0, the default of 2 minutes lowered to
   * `max_age` when that is shorter (mirrors keep 0).
   */
  readonly duplicate_window: number;
  readonly placement?: Placement;
  readonly mirror?: StreamSource;
  readonly sources: readonly StreamSource[];
  readonly sealed: boolean;
  readonly deny_delete: boolean;
  readonly deny_purge: boolean;
  readonly allow_rollup_hdrs: boolean;
  readonly allow_direct: boolean;
  readonly mirror_direct: boolean;
  readonly republish?: Republish;
  readonly compression: Compression;
  readonly first_seq?: number;
  readonly subject_transform?: SubjectTransform;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly consumer_limits?: ConsumerLimits;
  readonly allow_msg_ttl: boolean;
  readonly subject_delete_marker_ttl?: number;
}

/**
 * A configuration holding only the server's defaults, with every field present (undefined when it
 * has no default) so that all configs share one fast object shape. The schema declares the same
 * defaults; a unit test keeps the two equal.
 */
export function defaultStreamConfig(): StreamConfig {
  return {
    name: undefined,
    description: undefined,
    subjects: [],
    retention: 'limits',
    max_consumers: -1,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    max_msgs_per_subject: -1,
    max_msg_size: -1,
    discard: 'old',
    discard_new_per_subject: false,
    storage: 'file',
    num_replicas: 1,
    no_ack: false,
    template_owner: undefined,
    duplicate_window: 120_000_000_000,
    placement: undefined,
    mirror: undefined,
    sources: [],
    sealed: false,
    deny_delete: false,
    deny_purge: false,
    allow_rollup_hdrs: false,
    allow_direct: false,
    mirror_direct: false,
    republish: undefined,
    compression: 'none',
    first_seq: undefined,
    subject_transform: undefined,
    metadata: undefined,
    consumer_limits: undefined,
    allow_msg_ttl: false,
    subject_delete_marker_ttl: undefined,
  };
}

/** The top-level field names of a stream configuration. */
export type StreamField = keyof StreamConfig;

/** The server's default duplicate window: 2 minutes. */
export const DEFAULT_DUPLICATE_WINDOW = 120_000_000_000;
/** The server's smallest `max_age` and `duplicate_window`: 100 ms. */
export const MIN_DURATION = 100_000_000;
/** The most replicas a stream may have. */
export const MAX_REPLICAS = 5;

/** The number of replicas the server uses: `num_replicas`, with 0 meaning 1. */
export function replicaCount(config: StreamConfig): number {
  return config.num_replicas === 0 ? 1 : config.num_replicas;
}

/** Servers that must agree for a write: floor(R/2)+1. */
export function quorum(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/** Server failures a stream of `replicas` survives with a quorum left: R − quorum(R). */
export function failuresSurvived(replicas: number): number {
  return replicas < 1 ? 0 : replicas - quorum(replicas);
}

/** The duplicate window the server applies when none (or 0) is given. */
export function defaultDuplicateWindow(maxAge: number, mirror: boolean): number {
  if (mirror) return 0;
  return maxAge !== 0 && maxAge < DEFAULT_DUPLICATE_WINDOW ? maxAge : DEFAULT_DUPLICATE_WINDOW;
}

/** True when `mirror` is set to an object (a null mirror is no mirror for the server). */
export function isMirror(config: StreamConfig): boolean {
  return config.mirror !== undefined;
}
