/**
 * The JetStream stream configuration as the server reads it (`nats stream add --config FILE`, the
 * `config` of `nats stream info --json`). Field names are the wire names. `StreamConfig` is the
 * configuration after the server's defaults are applied; optional fields have no default.
 * Durations are nanoseconds.
 */

export type Retention = 'limits' | 'interest' | 'workqueue';
export type Storage = 'file' | 'memory';
export type Discard = 'old' | 'new';
export type Compression = 'none' | 's2';

export interface Placement {
  cluster?: string;
  tags?: string[];
}

export interface ExternalStream {
  api?: string;
  deliver?: string;
}

export interface SubjectTransform {
  src?: string;
  dest?: string;
}

/** One entry of `mirror` or `sources`: the stream copied from. */
export interface StreamSource {
  name?: string;
  opt_start_seq?: number;
  opt_start_time?: string;
  filter_subject?: string;
  subject_transforms?: SubjectTransform[];
  external?: ExternalStream;
}

export interface Republish {
  src?: string;
  dest?: string;
  headers_only?: boolean;
}

export interface ConsumerLimits {
  inactive_threshold?: number;
  max_ack_pending?: number;
}

export interface StreamConfig {
  name?: string;
  description?: string;
  subjects: string[];
  retention: Retention;
  max_consumers: number;
  max_msgs: number;
  max_bytes: number;
  /** Nanoseconds; 0 = unlimited. */
  max_age: number;
  max_msgs_per_subject: number;
  max_msg_size: number;
  discard: Discard;
  discard_new_per_subject: boolean;
  storage: Storage;
  /** As written (0 and absent mean 1 to the server); see `replicaCount`. */
  num_replicas: number;
  no_ack: boolean;
  template_owner?: string;
  /**
   * Nanoseconds, as the server applies it: when absent or 0, the default of 2 minutes lowered to
   * `max_age` when that is shorter (mirrors keep 0).
   */
  duplicate_window: number;
  placement?: Placement;
  mirror?: StreamSource;
  sources: StreamSource[];
  sealed: boolean;
  deny_delete: boolean;
  deny_purge: boolean;
  allow_rollup_hdrs: boolean;
  allow_direct: boolean;
  mirror_direct: boolean;
  republish?: Republish;
  compression: Compression;
  first_seq?: number;
  subject_transform?: SubjectTransform;
  metadata?: Record<string, string>;
  consumer_limits?: ConsumerLimits;
  allow_msg_ttl: boolean;
  subject_delete_marker_ttl?: number;
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
