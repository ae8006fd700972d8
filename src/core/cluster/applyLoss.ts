/**
 * What updating a stream deletes, said before it happens. nats-server enforces shrunk limits at
 * once when it takes the update (`UpdateConfig` of its file and memory stores): `max_msgs` and
 * `max_bytes` drop the oldest messages until the stream fits, `max_age` drops the messages older
 * than the new age, and a smaller `max_msgs_per_subject` drops the oldest messages of each subject
 * beyond it. Some changes cannot be undone: the server refuses to unseal a stream or to lift
 * `deny_delete` / `deny_purge` once set.
 *
 * The prediction reads the stream's state (the `STREAM.INFO` reply's `state`) and, only when a
 * per-subject limit shrinks, the per-subject counts. It is exact where the state decides it
 * (`max_msgs`, per-subject counts, a `max_age` older or younger than every message) and a range
 * otherwise: which messages `max_bytes` or `max_age` removes depends on sizes and times of single
 * messages that the state does not give.
 */
import { formatBytes, formatCount, formatDuration } from '../streams/format';
import { ServerVersion, parseServerVersion, versionAtLeast } from '../streams/serverVersion';
import { StreamConfigDoc, effectiveValue } from './streamConfig';

/** The part of a `STREAM.INFO` reply's `state` the prediction reads. */
export interface StreamStateSnapshot {
  messages: number;
  bytes: number;
  first_seq: number;
  last_seq: number;
  /** RFC 3339 time of the first message (the server sends `0001-01-01T00:00:00Z` for none). */
  first_ts?: string;
  last_ts?: string;
  num_subjects?: number;
  /** Interior deletes between first_seq and last_seq. */
  num_deleted?: number;
}

/** A message count: exact when `min === max`. */
export interface LossRange {
  min: number;
  max: number;
}

export type LossField = 'max_msgs' | 'max_bytes' | 'max_age' | 'max_msgs_per_subject';

/** One shrinking limit and what it deletes on its own. */
export interface LossCause {
  field: LossField;
  /** The limits as the server works with them (-1 or 0: unlimited). */
  live: number;
  desired: number;
  /** Messages this limit deletes on its own. */
  messages: LossRange;
  /** For `max_bytes`: the count if all messages were of the average size. */
  estimate?: number;
  /** `max_msgs 1,000,000 → 1,000` */
  change: string;
  /** Which messages go and how sure the figure is, in words. */
  text: string;
}

/** A change that cannot be taken back by another update. */
export interface OneWayChange {
  field: 'sealed' | 'deny_delete' | 'deny_purge';
  text: string;
}

export interface ApplyLoss {
  /** When the state was read (ms since the epoch, by the server's clock when it says, else this computer's). */
  at: number;
  /** The stream's state then. */
  messages: number;
  bytes: number;
  /** Messages the update deletes at once, as of `at`. */
  deleted: LossRange;
  /** The stream's first sequence after the update, when the state decides it. */
  firstSeqAfter?: LossRange;
  causes: LossCause[];
  /** Limits that shrink without deleting at once on this server (they delete later). */
  later: string[];
  oneWay: OneWayChange[];
  /** The first line: what the update deletes or makes permanent; '' when neither. */
  summary: string;
  /** The details, one per line: each cause, each one-way change, what happens later, the moment. */
  lines: string[];
}

/** Whether the user must be told before the update: it deletes messages or cannot be undone. */
export function lossIsSerious(loss: ApplyLoss | undefined): boolean {
  return loss !== undefined && (loss.deleted.max > 0 || loss.oneWay.length > 0);
}

function limitOf(config: StreamConfigDoc, key: LossField): number {
  const v = effectiveValue(config, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : -1;
}

/** A new limit that is set and below the old one (or the old one unlimited). */
function shrinks(live: number, desired: number): boolean {
  return desired > 0 && (live <= 0 || desired < live);
}

const exactly = (n: number): LossRange => ({ min: n, max: n });

function timeOf(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  // The server writes Go's zero time for an empty stream.
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

const LIMIT_TEXT: Record<LossField, (n: number) => string> = {
  max_msgs: (n) => (n > 0 ? formatCount(n) : 'unlimited'),
  max_bytes: (n) => (n > 0 ? formatBytes(n) : 'unlimited'),
  max_age: (n) => (n > 0 ? formatDuration(n) : 'unlimited'),
  max_msgs_per_subject: (n) => (n > 0 ? formatCount(n) : 'unlimited'),
};

function changeText(field: LossField, live: number, desired: number): string {
  return `${field} ${LIMIT_TEXT[field](live)} → ${LIMIT_TEXT[field](desired)}`;
}

/** `4,999,000`, `between 1 and 5,000,000`, `none`. */
export function rangeText(range: LossRange): string {
  if (range.max === 0) return 'none';
  if (range.min === range.max) return formatCount(range.min);
  return `between ${formatCount(range.min)} and ${formatCount(range.max)}`;
}

function messagesText(range: LossRange, total: number): string {
  if (range.min === total && range.max === total) return total === 1 ? 'the only message' : `all ${formatCount(total)} messages`;
  return `${rangeText(range)} of ${formatCount(total)} ${total === 1 ? 'message' : 'messages'}`;
}

function maxMsgsCause(state: StreamStateSnapshot, live: number, desired: number): LossCause | undefined {
  if (!shrinks(live, desired) || state.messages <= desired) return undefined;
  const n = state.messages - desired;
  return {
    field: 'max_msgs',
    live,
    desired,
    messages: exactly(n),
    change: changeText('max_msgs', live, desired),
    text: `the oldest ${formatCount(n)}, keeping the newest ${formatCount(desired)} (exact)`,
  };
}

function maxBytesCause(state: StreamStateSnapshot, live: number, desired: number): LossCause | undefined {
  if (!shrinks(live, desired) || state.bytes <= desired || state.messages === 0) return undefined;
  const average = state.bytes / state.messages;
  const estimate = Math.min(state.messages, Math.ceil((state.bytes - desired) / average));
  return {
    field: 'max_bytes',
    live,
    desired,
    messages: { min: 1, max: state.messages },
    estimate,
    change: changeText('max_bytes', live, desired),
    text:
      `the oldest until ${formatBytes(state.bytes)} fit in ${formatBytes(desired)}: at least 1, up to all ${formatCount(state.messages)}; ` +
      `about ${formatCount(estimate)} if they are of the average size (${formatBytes(Math.round(average))}); the sizes of single messages decide`,
  };
}

/** The moment before which messages go, when the new max_age takes some but not all of the stream's messages (by the state's first and last times). */
export function ageCutoff(live: StreamConfigDoc, desired: StreamConfigDoc, state: StreamStateSnapshot, now: number): number | undefined {
  const before = limitOf(live, 'max_age');
  const after = limitOf(desired, 'max_age');
  if (effectiveValue(desired, 'sealed') === true || !shrinks(before, after) || state.messages < 2) return undefined;
  const cutoff = now - after / 1e6;
  const first = timeOf(state.first_ts);
  const last = timeOf(state.last_ts);
  return first !== undefined && last !== undefined && first <= cutoff && last > cutoff ? cutoff : undefined;
}

/** The first message at or after a sequence: its sequence and time (ms); undefined when there is none. */
export type MessageProbe = (seq: number) => Promise<{ seq: number; time: number } | undefined>;

/** The most messages `countOlderThan` reads: a binary search over 2^53 sequences needs 53. */
export const MAX_AGE_PROBES = 64;

/**
 * How many messages were stored at or before `cutoff` (ms), by a binary search over the stream's
 * sequences reading one message's time per step (messages are stored in time order, and the server
 * expires them from the first on, stopping at the first younger one). Exact when the stream has no
 * interior deletes, else a range of `num_deleted`. Undefined when a probe fails to answer sensibly
 * or MAX_AGE_PROBES are used up.
 */
export async function countOlderThan(state: StreamStateSnapshot, cutoff: number, probe: MessageProbe): Promise<(LossRange & { probes: number }) | undefined> {
  // lo: a live message at or before the cutoff; hi: every live message from hi on is younger.
  let lo = state.first_seq;
  let hi = state.last_seq;
  let probes = 0;
  while (hi - lo > 1) {
    if (++probes > MAX_AGE_PROBES) return undefined;
    const mid = lo + Math.floor((hi - lo) / 2);
    const m = await probe(mid);
    if (!m || !Number.isSafeInteger(m.seq) || m.seq < mid || m.seq > hi || !Number.isFinite(m.time)) return undefined;
    if (m.time > cutoff) hi = mid;
    else if (m.seq < hi) lo = m.seq;
    else return undefined; // an old message where only younger ones should be: not in time order
  }
  const upTo = lo - state.first_seq + 1;
  const gaps = state.num_deleted ?? 0;
  return { min: Math.max(1, upTo - gaps), max: Math.min(upTo, state.messages - 1), probes };
}

function maxAgeCause(state: StreamStateSnapshot, live: number, desired: number, sealing: boolean, now: number, aged: LossRange | undefined): LossCause | undefined {
  if (sealing || !shrinks(live, desired) || state.messages === 0) return undefined;
  const cutoff = now - desired / 1e6;
  const first = timeOf(state.first_ts);
  const last = timeOf(state.last_ts);
  const change = changeText('max_age', live, desired);
  const older = `those stored before ${clock(cutoff)}`;
  if (last !== undefined && last <= cutoff) {
    return { field: 'max_age', live, desired, messages: exactly(state.messages), change, text: `${older}: every message is older than ${formatDuration(desired)} (exact)` };
  }
  if (first !== undefined && first > cutoff) return undefined;
  if (aged) {
    const how = aged.min === aged.max ? 'exact' : 'a range: the stream has deleted messages in between';
    return { field: 'max_age', live, desired, messages: { min: aged.min, max: aged.max }, change, text: `${older} (${how}, found by reading the times of single messages)` };
  }
  // The first message is old enough to go, the last one is not: which ones in between are, only their times tell.
  const max = last === undefined ? state.messages : Math.max(1, state.messages - 1);
  return { field: 'max_age', live, desired, messages: { min: 1, max }, change, text: `${older}: at least the first (${first !== undefined ? clock(first) : 'time unknown'}), at most all but the newest; their times decide` };
}

function perSubjectCause(state: StreamStateSnapshot, live: number, desired: number, subjectCounts: Readonly<Record<string, number>> | undefined): LossCause | undefined {
  const change = changeText('max_msgs_per_subject', live, desired);
  if (subjectCounts) {
    let n = 0;
    let subjects = 0;
    for (const count of Object.values(subjectCounts)) {
      if (typeof count === 'number' && count > desired) {
        n += count - desired;
        subjects++;
      }
    }
    if (n === 0) return undefined;
    return {
      field: 'max_msgs_per_subject',
      live,
      desired,
      messages: exactly(n),
      change,
      text: `the oldest of ${subjects === 1 ? '1 subject' : `${formatCount(subjects)} subjects`} holding more than ${formatCount(desired)} (exact, from the per-subject counts)`,
    };
  }
  // Without the counts: every subject keeps at least one message, and at most `desired` each remain.
  const subjects = state.num_subjects ?? 0;
  const min = subjects > 0 ? Math.max(0, state.messages - subjects * desired) : 0;
  const max = subjects > 0 ? Math.max(0, state.messages - subjects) : state.messages;
  if (max === 0) return undefined;
  return {
    field: 'max_msgs_per_subject',
    live,
    desired,
    messages: { min, max },
    change,
    text: `the oldest of each subject beyond ${formatCount(desired)}; the per-subject counts were not read, so only the ${formatCount(subjects)} subjects bound it`,
  };
}

/**
 * Whether this server trims every subject to a new per-subject limit when it takes the update.
 * Servers before 2.12.10 do so only when the old limit was a number: from unlimited, nothing goes
 * until a subject receives its next message (`fileStore.UpdateConfig`, `memStore.UpdateConfig`).
 */
function trimsPerSubjectAtUpdate(live: number, desired: number, version: ServerVersion | undefined): boolean {
  if (!shrinks(live, desired)) return false;
  return live > 0 || versionAtLeast(version, 2, 12, 10);
}

/**
 * What a per-subject limit set where there was none does on a server that does not enforce it at
 * the update (nats-server 2.9.10's stores): a memory stream trims a subject when it receives its
 * next message; a file stream replaces a subject's oldest message with each new one and trims every
 * subject only when the server restarts (recovery).
 */
function deferredPerSubjectText(before: number, after: number, version: ServerVersion | undefined, memory: boolean): string {
  const limit = formatCount(after);
  const when = memory
    ? `each subject holding more than ${limit} is trimmed to ${limit} when it receives its next message`
    : `subjects holding more than ${limit} keep their messages (each new message on one replaces its oldest) until the server restarts, which trims each to ${limit}`;
  return `${changeText('max_msgs_per_subject', before, after)} deletes nothing now on nats-server ${version?.text ?? '(version unknown)'}: before 2.12.10 a per-subject limit set where there was none is not enforced at the update; ${when}`;
}

/** Whether the prediction needs the per-subject counts (`subjects_filter`): a per-subject limit shrinks with effect now. */
export function needsSubjectCounts(live: StreamConfigDoc, desired: StreamConfigDoc, state: StreamStateSnapshot, serverVersion?: string): boolean {
  const version = serverVersion ? parseServerVersion(serverVersion) : undefined;
  const before = limitOf(live, 'max_msgs_per_subject');
  const after = limitOf(desired, 'max_msgs_per_subject');
  return state.messages > after && trimsPerSubjectAtUpdate(before, after, version);
}

const ONE_WAY: { field: OneWayChange['field']; text: string }[] = [
  { field: 'sealed', text: 'sealed false → true: the stream takes no more messages and no deletes or purges, and can never be unsealed' },
  { field: 'deny_delete', text: 'deny_delete false → true: messages can no longer be deleted, and this cannot be turned off again' },
  { field: 'deny_purge', text: 'deny_purge false → true: the stream can no longer be purged, and this cannot be turned off again' },
];

function oneWayChanges(live: StreamConfigDoc, desired: StreamConfigDoc): OneWayChange[] {
  const sealing = effectiveValue(desired, 'sealed') === true && effectiveValue(live, 'sealed') !== true;
  return ONE_WAY.filter(({ field }) => effectiveValue(desired, field) === true && effectiveValue(live, field) !== true)
    .filter(({ field }) => field === 'sealed' || !sealing) // sealing implies both; say it once
    .map(({ field, text }) => ({ field, text }));
}

function combine(causes: readonly LossCause[], total: number): LossRange {
  // max_msgs, max_bytes and max_age each drop a run of the oldest messages: together, the longest run.
  const prefix = causes.filter((c) => c.field !== 'max_msgs_per_subject');
  const perSubject = causes.find((c) => c.field === 'max_msgs_per_subject');
  const run: LossRange = { min: Math.max(0, ...prefix.map((c) => c.messages.min)), max: Math.max(0, ...prefix.map((c) => c.messages.max)) };
  if (!perSubject) return run;
  return { min: Math.max(run.min, perSubject.messages.min), max: Math.min(total, run.max + perSubject.messages.max) };
}

/**
 * The count when `max_bytes` decides it and the messages are of the average size: the longest run
 * of the oldest-first limits, taking the estimate for max_bytes; undefined when the range is exact
 * or a per-subject limit or an unread age also decides.
 */
function estimateOf(causes: readonly LossCause[], deleted: LossRange): number | undefined {
  if (deleted.min === deleted.max || !causes.some((c) => c.estimate !== undefined)) return undefined;
  if (causes.some((c) => c.field === 'max_msgs_per_subject' || (c.estimate === undefined && c.messages.min !== c.messages.max))) return undefined;
  return Math.min(deleted.max, Math.max(...causes.map((c) => c.estimate ?? c.messages.min)));
}

export interface PredictLossOptions {
  /** ms since the epoch; the moment `max_age` is measured from. */
  now: number;
  /** Whose clock `now` is: the server's (its reply's `ts`, 2.10 on) or this computer's (default). */
  clock?: 'server' | 'local';
  /** The server's version (`INFO`), for the per-subject rule that changed in 2.12.10. */
  serverVersion?: string;
  /** Messages per subject (`STREAM.INFO` with `subjects_filter: ">"`), when read. */
  subjectCounts?: Readonly<Record<string, number>>;
  /** Messages at or before the `max_age` cutoff (`countOlderThan`), when read. */
  aged?: LossRange;
}

/**
 * What updating a stream from `live` to `desired` deletes at once, given its `state`, and which
 * changes cannot be undone. Pure: the caller reads the state.
 */
export function predictApplyLoss(live: StreamConfigDoc, desired: StreamConfigDoc, state: StreamStateSnapshot, options: PredictLossOptions): ApplyLoss {
  const version = options.serverVersion ? parseServerVersion(options.serverVersion) : undefined;
  const sealing = effectiveValue(desired, 'sealed') === true;
  const causes: LossCause[] = [];
  const later: string[] = [];
  const push = (c: LossCause | undefined): void => {
    if (c) causes.push(c);
  };
  const limits = (field: LossField): [number, number] => [limitOf(live, field), limitOf(desired, field)];
  if (state.messages > 0) {
    push(maxMsgsCause(state, ...limits('max_msgs')));
    push(maxBytesCause(state, ...limits('max_bytes')));
    push(maxAgeCause(state, ...limits('max_age'), sealing, options.now, options.aged));
    const [before, after] = limits('max_msgs_per_subject');
    if (trimsPerSubjectAtUpdate(before, after, version)) push(perSubjectCause(state, before, after, options.subjectCounts));
    else if (shrinks(before, after) && state.messages > after) {
      later.push(deferredPerSubjectText(before, after, version, effectiveValue(live, 'storage') === 'memory'));
    }
  }
  const deleted = combine(causes, state.messages);
  const oneWay = oneWayChanges(live, desired);
  const loss: ApplyLoss = { at: options.now, messages: state.messages, bytes: state.bytes, deleted, causes, later, oneWay, summary: '', lines: [] };
  const onlyOldest = causes.every((c) => c.field !== 'max_msgs_per_subject');
  if (onlyOldest && !state.num_deleted && state.first_seq > 0) {
    const next = (n: number): number => (n >= state.messages ? state.last_seq + 1 : state.first_seq + n);
    loss.firstSeqAfter = { min: next(deleted.min), max: next(deleted.max) };
  }
  const parts: string[] = [];
  if (deleted.max > 0) {
    const about = estimateOf(causes, deleted);
    const estimate = about !== undefined ? ` (about ${formatCount(about)} if the messages are of the average size)` : '';
    parts.push(`Deletes ${messagesText(deleted, state.messages)}${estimate} now: ${causes.map((c) => c.change).join(', ')}.`);
  }
  if (oneWay.length) parts.push(`Cannot be undone: ${oneWay.map((o) => `${o.field} false → true`).join(', ')}.`);
  loss.summary = parts.join(' ');
  const lines = [...causes.map((c) => `${c.change}: deletes ${c.text}.`), ...oneWay.map((o) => `${o.text}.`), ...later.map((l) => `${l}.`)];
  if (deleted.max > 0) {
    lines.push(`Figures as of ${clock(options.now)} (${options.clock === 'server' ? "the server's clock" : "this computer's clock"}), from ${formatCount(state.messages)} messages, ${formatBytes(state.bytes)}; messages stored before the update count against the new limits too.`);
  }
  loss.lines = lines;
  return loss;
}
