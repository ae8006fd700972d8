/**
 * Apply to Server and Pull Stream Config. The file is the truth: applying sends the config as
 * written, so a field left out takes the server's default (nats.js's `streams.update` would merge
 * the live values in instead, so the raw API is used).
 */
import { ApplyError, ApplyFailure, toApplyError } from './applyErrors';
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
}

export type ApplyResult =
  | {
      ok: true;
      action: 'created' | 'updated' | 'unchanged';
      /** The stream's configuration after applying, cleaned. */
      config: StreamConfigDoc;
      changes: ConfigChange[];
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

async function liveConfigOf(conn: Connection, name: string, options: ApplyOptions): Promise<StreamConfigDoc | undefined> {
  try {
    const info = await jsRequest<{ config: StreamConfigDoc }>(conn, `STREAM.INFO.${name}`, undefined, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      operation: `the info request for stream ${name}`,
    });
    return cleanConfig(info.config);
  } catch (e) {
    if (isApiError(e, JS_ERR.streamNotFound)) return undefined;
    throw e;
  }
}

/**
 * What applying `doc` (a stream config, or a `nats stream info --json` document) would do: whether
 * the stream exists, its live config and the field-level diff. Throws an `ApplyFailure`.
 */
export async function planApply(conn: Connection, doc: unknown, options: ApplyOptions = {}): Promise<ApplyPlan> {
  const desired = validConfig(doc);
  try {
    const live = await liveConfigOf(conn, desired.name, options);
    const changes = diffConfigs(live ?? { name: desired.name }, desired);
    const diffText = live ? formatChanges(changes) : `new stream ${desired.name}${changes.length ? `, differing from the server's defaults in:\n${formatChanges(changes)}` : ' with the server\'s defaults'}`;
    const plan: ApplyPlan = { name: desired.name, exists: live !== undefined, desired: cleanConfig(desired), changes, diffText };
    if (live) plan.liveConfig = live;
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
    const live = await liveConfigOf(conn, name, options);
    if (options.expectedLive && diffConfigs(options.expectedLive, live ?? {}).length > 0) {
      return { ok: false, error: { kind: 'conflict', message: `Stream ${name} changed on the server since the diff was shown; review the new diff and apply again.` } };
    }
    const changes = diffConfigs(live ?? { name }, config);
    if (live && changes.length === 0) return { ok: true, action: 'unchanged', config: live, changes };
    const verb = live ? 'UPDATE' : 'CREATE';
    const reply = await jsRequest<{ config: StreamConfigDoc }>(conn, `STREAM.${verb}.${name}`, config, {
      ...requestOptions,
      operation: `the ${live ? 'update' : 'create'} request for stream ${name}`,
    });
    return { ok: true, action: live ? 'updated' : 'created', config: cleanConfig(reply.config), changes };
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
