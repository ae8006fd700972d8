/**
 * The reads behind `predictApplyLoss`: the per-subject message counts of a stream (`STREAM.INFO`
 * with `subjects_filter`), asked for only when a per-subject limit shrinks, within the bounds of
 * every paged listing (MAX_LISTED entries, MAX_PAGES requests).
 */
import { ApplyLoss, StreamStateSnapshot, needsSubjectCounts, predictApplyLoss } from './applyLoss';
import { Connection } from './connection';
import { MAX_LISTED, checkListPages, jsRequest, listTotal } from './jsApi';
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

/** `predictApplyLoss` for the stream as it is now, reading the per-subject counts when they matter. */
export async function liveLoss(conn: Connection, live: StreamConfigDoc, desired: StreamConfigDoc, state: StreamStateSnapshot, options: LiveLossOptions = {}): Promise<ApplyLoss> {
  const serverVersion = conn.server?.version;
  const name = String(live.name);
  const subjectCounts = needsSubjectCounts(live, desired, state, serverVersion) ? await readSubjectCounts(conn, name, state.num_subjects ?? 0, options) : undefined;
  return predictApplyLoss(live, desired, state, { now: options.now ?? Date.now(), ...(serverVersion ? { serverVersion } : {}), ...(subjectCounts ? { subjectCounts } : {}) });
}
