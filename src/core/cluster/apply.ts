/**
 * Apply to Server and Pull Stream Config. The file is the truth: applying sends the config as
 * written, so a field left out takes the server's default (nats.js's `streams.update` would merge
 * the live values in instead, so the raw API is used).
 */
import { ApplyError, ApplyFailure, toApplyError } from './applyErrors';
import { ApplyLoss, StreamStateSnapshot, lossIsSerious, rangeText } from './applyLoss';
import { liveLoss } from './applyLossLive';
import { ReplicaReduction, predictReplicaReduction } from './applyReplicas';
import { RawClusterInfo } from './streamHealth';
import { formatCount } from '../streams/format';
import { Connection } from './connection';
import { JS_ERR, isApiError, jsRequest } from './jsApi';
import { CleanConfigOptions, ConfigChange, StreamConfigDoc, cleanConfig, configOf, configText, diffConfigs, formatChanges } from './streamConfig';

export interface ApplyPlan {
  name: string;
  /** Whether a stream of that name exists. */
  exists: boolean;
  /** The live configuration, cleaned (config fields only), when it exists. */
  liveConfig?: StreamConfigDoc;
  /** The configuration that will be sent. */
  desired: StreamConfigDoc;
  /** Field-level changes (server-filled defaults ignored); when creating, the differences from the server's defaults. */
  changes: ConfigChange[];
  /** The changes as text, one per line. */
  diffText: string;
  /** What the update deletes and which changes cannot be undone, as of the plan (updates only). */
  loss?: ApplyLoss;
  /** What lowering num_replicas gives up: fault tolerance, and the copies of the peers left out (updates only). */
  replicas?: ReplicaReduction;
}

export type ApplyResult =
  | {
      ok: true;
      action: 'created' | 'updated' | 'unchanged';
      /** The stream's configuration after applying, cleaned. */
      config: StreamConfigDoc;
      changes: ConfigChange[];
      /** What the update deleted, predicted from the state read just before it (updates only). */
      loss?: ApplyLoss;
    }
  | { ok: false; error: ApplyError };

export interface ApplyOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * The live configuration the user saw in the plan; when the stream changed since, `apply` stops
   * with a `conflict` instead of overwriting someone else's change.
   */
  expectedLive?: StreamConfigDoc;
  /**
   * The prediction the user saw. When it deleted nothing and changed nothing for good, but the
   * stream's state at apply time means the update would delete messages, `apply` stops with a
   * `conflict`: a plain "Update" was never consent to deletions. A prediction that already deleted
   * messages stands for the limits it named: messages stored since count against them too.
   */
  expectedLoss?: ApplyLoss;
}

const STREAM_NAME_FORBIDDEN = /[\s.*>/\\]/;

/** The config of a document, or an `invalid` ApplyFailure naming what is wrong. */
function validConfig(doc: unknown): StreamConfigDoc & { name: string } {
  const config = configOf(doc);
  if (!config) throw new ApplyFailure({ kind: 'invalid', message: 'A stream config must be a JSON object.' });
  const name = config.name;
  if (typeof name !== 'string' || name === '') {
    throw new ApplyFailure({ kind: 'invalid', field: 'name', message: 'The stream config has no "name".' });
  }
  if (STREAM_NAME_FORBIDDEN.test(name)) {
    throw new ApplyFailure({ kind: 'invalid', field: 'name', message: `The stream name "${name}" may not contain whitespace, ".", "*", ">", "/" or "\\".` });
  }
  return config as StreamConfigDoc & { name: string };
}

interface LiveStream {
  config: StreamConfigDoc;
  state: StreamStateSnapshot;
  /** The server's time of the reply (`ts`, nats-server 2.10 on), ms since the epoch. */
  serverTime?: number;
  cluster?: RawClusterInfo;
}

async function liveStreamOf(conn: Connection, name: string, options: ApplyOptions): Promise<LiveStream | undefined> {
  try {
    const info = await jsRequest<{ config: StreamConfigDoc; state?: Partial<StreamStateSnapshot>; ts?: unknown; cluster?: RawClusterInfo }>(conn, `STREAM.INFO.${name}`, undefined, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      operation: `the info request for stream ${name}`,
    });
    const stream: LiveStream = { config: cleanConfig(info.config), state: stateOf(info.state) };
    const serverTime = typeof info.ts === 'string' ? Date.parse(info.ts) : NaN;
    if (Number.isFinite(serverTime) && serverTime > 0) stream.serverTime = serverTime;
    if (info.cluster && typeof info.cluster === 'object') stream.cluster = info.cluster;
    return stream;
  } catch (e) {
    if (isApiError(e, JS_ERR.streamNotFound)) return undefined;
    throw e;
  }
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

/** The state's figures, zero where the reply has none. */
function stateOf(raw: Partial<StreamStateSnapshot> | undefined): StreamStateSnapshot {
  const state: StreamStateSnapshot = { messages: count(raw?.messages), bytes: count(raw?.bytes), first_seq: count(raw?.first_seq), last_seq: count(raw?.last_seq) };
  if (typeof raw?.first_ts === 'string') state.first_ts = raw.first_ts;
  if (typeof raw?.last_ts === 'string') state.last_ts = raw.last_ts;
  if (raw?.num_subjects !== undefined) state.num_subjects = count(raw.num_subjects);
  if (raw?.num_deleted !== undefined) state.num_deleted = count(raw.num_deleted);
  return state;
}

/**
 * What applying `doc` (a stream config, or a `nats stream info --json` document) would do: whether
 * the stream exists, its live config and the field-level diff. Throws an `ApplyFailure`.
 */
export async function planApply(conn: Connection, doc: unknown, options: ApplyOptions = {}): Promise<ApplyPlan> {
  const desired = validConfig(doc);
  try {
    const stream = await liveStreamOf(conn, desired.name, options);
    const live = stream?.config;
    const changes = diffConfigs(live ?? { name: desired.name }, desired);
    const diffText = live ? formatChanges(changes) : `new stream ${desired.name}${changes.length ? `, differing from the server's defaults in:\n${formatChanges(changes)}` : ' with the server\'s defaults'}`;
    const plan: ApplyPlan = { name: desired.name, exists: live !== undefined, desired: cleanConfig(desired), changes, diffText };
    if (stream) {
      plan.liveConfig = stream.config;
      if (changes.length) plan.loss = await liveLoss(conn, stream.config, desired, stream.state, { ...options, serverTime: stream.serverTime });
      const replicas = predictReplicaReduction(stream.config, desired, stream.cluster);
      if (replicas) plan.replicas = replicas;
    }
    return plan;
  } catch (e) {
    throw new ApplyFailure(toApplyError(e, desired, `planning stream ${desired.name}`));
  }
}

/** Creates the stream, or updates it to `doc`. Refusals come back as an `ApplyError`; never throws. */
export async function apply(conn: Connection, doc: unknown, options: ApplyOptions = {}): Promise<ApplyResult> {
  let config: StreamConfigDoc & { name: string };
  try {
    config = validConfig(doc);
  } catch (e) {
    return { ok: false, error: toApplyError(e, doc, 'applying') };
  }
  const name = config.name;
  const requestOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  try {
    const stream = await liveStreamOf(conn, name, options);
    const live = stream?.config;
    if (options.expectedLive && diffConfigs(options.expectedLive, live ?? {}).length > 0) {
      return { ok: false, error: { kind: 'conflict', message: `Stream ${name} changed on the server since the diff was shown; review the new diff and apply again.` } };
    }
    const changes = diffConfigs(live ?? { name }, config);
    if (live && changes.length === 0) return { ok: true, action: 'unchanged', config: live, changes };
    const loss = stream ? await liveLoss(conn, stream.config, config, stream.state, { ...options, serverTime: stream.serverTime }) : undefined;
    if (options.expectedLoss && !lossIsSerious(options.expectedLoss) && loss && loss.deleted.max > 0) {
      const what = `would now delete ${rangeText(loss.deleted)} of its ${formatCount(loss.messages)} messages`;
      return { ok: false, error: { kind: 'conflict', message: `Stream ${name} changed on the server since the diff was shown: the update ${what}; review the new diff and apply again.` } };
    }
    const verb = live ? 'UPDATE' : 'CREATE';
    const reply = await jsRequest<{ config: StreamConfigDoc }>(conn, `STREAM.${verb}.${name}`, config, {
      ...requestOptions,
      operation: `the ${live ? 'update' : 'create'} request for stream ${name}`,
    });
    const result: ApplyResult = { ok: true, action: live ? 'updated' : 'created', config: cleanConfig(reply.config), changes };
    if (loss) result.loss = loss;
    return result;
  } catch (e) {
    return { ok: false, error: toApplyError(e, config, `applying stream ${name}`) };
  }
}

/**
 * The live configuration of stream `name` as file text: config fields only, in the server's order,
 * two-space JSON; applying it again changes nothing. Throws a `ClusterError` (10059 when the stream
 * does not exist).
 */
export async function pullConfig(conn: Connection, name: string, options: CleanConfigOptions & { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
  const info = await jsRequest<{ config: StreamConfigDoc }>(conn, `STREAM.INFO.${name}`, undefined, {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    operation: `the info request for stream ${name}`,
  });
  return configText(info.config, options);
}
