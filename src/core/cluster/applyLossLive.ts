/**
 * The reads behind `predictApplyLoss`: the per-subject message counts of a stream (`STREAM.INFO`
 * with `subjects_filter`), asked for only when a per-subject limit shrinks, within the bounds of
 * every paged listing (MAX_LISTED entries, MAX_PAGES requests); and the times of single messages
 * (`STREAM.MSG.GET` with `next_by_subj`), read only when a new `max_age` takes some but not all of
 * them, at most MAX_AGE_PROBES of them.
 */
import { ApplyLoss, LossRange, MessageProbe, StreamStateSnapshot, ageCutoff, countOlderThan, needsSubjectCounts, predictApplyLoss } from './applyLoss';
import { Connection } from './connection';
import { ClusterError } from './errors';
import { JS_ERR, MAX_LISTED, checkListPages, isApiError, jsRequest, listTotal } from './jsApi';
import { StreamConfigDoc } from './streamConfig';

interface RawSubjectsPage {
  total?: number;
  offset?: number;
  limit?: number;
  state?: { subjects?: Record<string, unknown> | null };
}

export interface LiveLossOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** ms since the epoch; default Date.now(). */
  now?: number;
  /** The server's time when it reported the state (its `ts`), preferred to this computer's clock. */
  serverTime?: number | undefined;
}

/**
 * Messages per subject of stream `name`, page by page; undefined when the stream reports more
 * subjects than MAX_LISTED (the prediction then bounds the loss by the subject count alone).
 */
export async function readSubjectCounts(conn: Connection, name: string, subjects: number, options: LiveLossOptions = {}): Promise<Record<string, number> | undefined> {
  if (subjects > MAX_LISTED) return undefined;
  const operation = `the per-subject counts of stream ${name}`;
  const counts: Record<string, number> = {};
  let seen = 0;
  for (let offset = 0, total = 1, pages = 1; offset < total; pages++) {
    const page = await jsRequest<RawSubjectsPage>(conn, `STREAM.INFO.${name}`, { subjects_filter: '>', offset }, { signal: options.signal, timeoutMs: options.timeoutMs, operation });
    const got = Object.entries(page.state?.subjects ?? {});
    for (const [subject, count] of got) {
      if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) counts[subject] = count;
    }
    total = listTotal(page.total, operation);
    const before = seen;
    seen = Object.keys(counts).length;
    // A page that names nothing new ends the listing: a server repeating itself would page for ever.
    if (seen === before) break;
    offset += got.length;
    if (offset < total) checkListPages(total, Math.ceil(offset / pages), operation);
  }
  return counts;
}

/** The first message of stream `name` at or after a sequence (`STREAM.MSG.GET`, `next_by_subj: ">"`). */
function messageProbe(conn: Connection, name: string, options: LiveLossOptions): MessageProbe {
  return async (seq) => {
    try {
      const reply = await jsRequest<{ message?: { seq?: unknown; time?: unknown } }>(conn, `STREAM.MSG.GET.${name}`, { seq, next_by_subj: '>' }, { signal: options.signal, timeoutMs: options.timeoutMs, operation: `reading a message of stream ${name}` });
      const m = reply.message;
      const time = typeof m?.time === 'string' ? Date.parse(m.time) : NaN;
      return typeof m?.seq === 'number' ? { seq: m.seq, time } : undefined;
    } catch (e) {
      if (isApiError(e, JS_ERR.noMessageFound)) return undefined;
      throw e;
    }
  };
}

/**
 * Messages at or before `cutoff`, read from single messages' times; undefined when they cannot be
 * read (no permission, a server that does not answer so) and the prediction keeps its range.
 * Cancellation is passed on.
 */
async function readAged(conn: Connection, name: string, state: StreamStateSnapshot, cutoff: number, options: LiveLossOptions): Promise<LossRange | undefined> {
  try {
    const found = await countOlderThan(state, cutoff, messageProbe(conn, name, options));
    return found ? { min: found.min, max: found.max } : undefined;
  } catch (e) {
    if (e instanceof ClusterError && e.failure.kind === 'cancelled') throw e;
    if (options.signal?.aborted) throw e;
    return undefined;
  }
}

/** `predictApplyLoss` for the stream as it is now, reading the per-subject counts when they matter. */
export async function liveLoss(conn: Connection, live: StreamConfigDoc, desired: StreamConfigDoc, state: StreamStateSnapshot, options: LiveLossOptions = {}): Promise<ApplyLoss> {
  const serverVersion = conn.server?.version;
  const name = String(live.name);
  const subjectCounts = needsSubjectCounts(live, desired, state, serverVersion) ? await readSubjectCounts(conn, name, state.num_subjects ?? 0, options) : undefined;
  const now = options.now ?? options.serverTime ?? Date.now();
  const clock = options.now === undefined && options.serverTime !== undefined ? 'server' : 'local';
  const cutoff = ageCutoff(live, desired, state, now);
  const aged = cutoff !== undefined ? await readAged(conn, name, state, cutoff, options) : undefined;
  return predictApplyLoss(live, desired, state, { now, clock, ...(serverVersion ? { serverVersion } : {}), ...(subjectCounts ? { subjectCounts } : {}), ...(aged ? { aged } : {}) });
}
