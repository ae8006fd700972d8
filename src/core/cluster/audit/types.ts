/**
 * What an audit reads and what it reports. The inventory holds the server's own JSON (stream and
 * consumer infos as `$JS.API.STREAM.LIST` and `$JS.API.CONSUMER.LIST.<stream>` send them), the
 * topology a connection sees and the account's JetStream usage, so that the rules are pure
 * functions over data: tests build inventories by hand, the CLI and the editor collect them live.
 */
import type { RuleInfo, Severity } from '../../streams/rules/types';
import type { RawClusterInfo } from '../streamHealth';
import type { ClusterTopology, JetStreamAccount } from '../topology';

/** A mirror's or source's state in a stream info (`mirror`, `sources[]`). */
export interface RawCopyInfo {
  name: string;
  /** Messages behind the stream it copies, as last seen. */
  lag?: number;
  /** Nanoseconds since it last heard from the stream it copies (-1: never). */
  active?: number;
  error?: { code?: number; err_code?: number; description?: string };
  filter_subject?: string;
  external?: { api?: string; deliver?: string };
}

/** A stream's configuration as the server reports it; the audit reads these fields. */
export interface RawStreamConfig {
  name: string;
  subjects?: string[];
  num_replicas?: number;
  storage?: string;
  retention?: string;
  discard?: string;
  max_msgs?: number;
  max_bytes?: number;
  placement?: { cluster?: string; tags?: string[] };
  mirror?: { name: string };
  sources?: { name: string }[];
  [field: string]: unknown;
}

export interface AuditStreamInfo {
  config: RawStreamConfig;
  created?: string;
  state?: { messages?: number; bytes?: number; consumer_count?: number; [field: string]: unknown };
  cluster?: RawClusterInfo;
  mirror?: RawCopyInfo;
  sources?: RawCopyInfo[];
  /** Set when the server named the stream but could not report it (its servers may be down): why. */
  unavailable?: string;
}

/** Delivered / acknowledged positions; `last_active` is an ISO time (servers 2.9+). */
export interface RawSequenceInfo {
  consumer_seq?: number;
  stream_seq?: number;
  last_active?: string;
}

export interface AuditConsumerInfo {
  stream_name: string;
  name: string;
  config: { durable_name?: string; name?: string; num_replicas?: number; mem_storage?: boolean; [field: string]: unknown };
  created?: string;
  delivered?: RawSequenceInfo;
  ack_floor?: RawSequenceInfo;
  /** Messages not yet delivered. */
  num_pending?: number;
  num_ack_pending?: number;
  num_waiting?: number;
  cluster?: RawClusterInfo;
}

export interface AuditInventory {
  streams: AuditStreamInfo[];
  consumers: AuditConsumerInfo[];
  /** What the connection sees of the servers (with the account's JetStream usage), when read. */
  topology?: ClusterTopology;
  /** The account's JetStream usage and limits (default: the topology's). */
  account?: JetStreamAccount;
  /** The connected server's version: version-aware stream rules follow it. */
  serverVersion?: string;
  /** Date.now() when the inventory was collected: idle times are measured from it. */
  at: number;
  /** What could not be collected, in words (a stream whose consumers could not be listed…). */
  problems: string[];
}

/** What a finding is about: a stream, a key-value bucket, an object store, a consumer, or the account. */
export type AssetKind = 'stream' | 'kv' | 'objectstore' | 'consumer' | 'account';

export interface AuditFinding {
  kind: AssetKind;
  /** The stream's name, the bucket's or store's name (without `KV_`/`OBJ_`), the consumer's name; the account: `account`. */
  name: string;
  /** The backing stream (undefined for the account). */
  stream?: string;
  rule: string;
  severity: Severity;
  message: string;
}

/** Thresholds of the live rules; every one has a default. */
export interface AuditOptions {
  /** A consumer idle for longer than this (ms) with `pendingThreshold` messages pending is reported (default 1 hour). */
  idleMs?: number;
  /** Pending messages that make an idle consumer worth reporting (default 1000). */
  pendingThreshold?: number;
  /** A replica, mirror or source this many operations or messages behind is lagging (default 1000). */
  lagThreshold?: number;
  /** A mirror or source that heard nothing from its origin for this long (ms) is stalled (default 60 s). */
  copyStaleMs?: number;
  /** The share of a limit (0–1) from which a stream or the account counts as near it (default 0.9). */
  nearLimit?: number;
  /** Rule id → `off` or another severity. */
  settings?: Readonly<Record<string, Severity | 'off'>>;
}

export const AUDIT_DEFAULTS: Required<Omit<AuditOptions, 'settings'>> = {
  idleMs: 60 * 60 * 1000,
  pendingThreshold: 1000,
  lagThreshold: 1000,
  copyStaleMs: 60 * 1000,
  nearLimit: 0.9,
};

/** One hit of a live rule: the asset is given by the stream (and consumer) it is about. */
export interface AuditHit {
  stream?: AuditStreamInfo;
  consumer?: AuditConsumerInfo;
  message: string;
}

/** A live rule: its page (id, title, explanation…) and a check over the whole inventory. */
export interface AuditRule extends RuleInfo {
  readonly scope: 'audit';
  check(inventory: IndexedInventory, options: Required<Omit<AuditOptions, 'settings'>>, report: (hit: AuditHit) => void): void;
}

/** The inventory with what several rules look up (built once per audit). */
export interface IndexedInventory extends AuditInventory {
  /** Streams by name. */
  readonly byName: ReadonlyMap<string, AuditStreamInfo>;
  /** The account's usage and limits, when known. */
  readonly accountInfo: JetStreamAccount | undefined;
}
