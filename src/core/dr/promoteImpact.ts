/**
 * What promoting a mirror gives up, said before it is done. Measured on nats-server 2.9.10:
 * - it is one-way: the server refuses to add a mirror to a stream, as it refuses to remove one
 *   ("stream mirror configuration can not be updated", 10055); following the origin again takes a
 *   new mirror, which copies everything again;
 * - the promoted stream no longer copies anything from the origin: what the mirror had not copied
 *   yet (its `mirror.lag`) and what the origin stores later are not in it;
 * - while the origin exists with subjects overlapping the promoted stream's, the server refuses to
 *   create the promoted stream (10065 "subjects overlap with an existing stream").
 * The figures come from the mirror's and the origin's STREAM.INFO when a connection is at hand.
 */
import type { Connection } from '../cluster/connection';
import { JS_ERR, isApiError, jsRequest } from '../cluster/jsApi';
import { formatCount } from '../streams/format';
import { subjectsOverlap } from '../streams/subjects';
import { quoted } from '../trust/quote';
import { MIRROR_UPDATE_REFUSED } from './promote';

/** The error code nats-server gives a stream whose subjects overlap another stream's. */
export const SUBJECTS_OVERLAP = 10065;

/** The mirror and its origin as the server has them now. */
export interface MirrorLiveState {
  /** The mirror's messages now; undefined when it does not exist on the server. */
  messages?: number;
  /** Messages of the origin the mirror has not copied yet (`mirror.lag`). */
  lag?: number;
  /** The origin on the server: undefined when it does not exist there (or could not be read). */
  origin?: { subjects: string[]; messages: number };
  /** Where the figures come from, e.g. the connection's name. */
  where: string;
}

/** The origin's subjects that overlap the promoted stream's: while the origin exists, the server refuses the promoted stream. */
export function originOverlap(subjects: readonly string[], live: MirrorLiveState | undefined): string[] {
  return live?.origin?.subjects.filter((o) => subjects.some((p) => subjectsOverlap(o, p))) ?? [];
}

/** The consequences of promoting `stream` (a mirror of `mirror`) to a writable stream on `subjects`, one per line. */
export function promoteConsequences(stream: string, mirror: string, subjects: readonly string[], live?: MirrorLiveState): string[] {
  const s = quoted(stream, 255);
  const m = quoted(mirror, 255);
  const lines = [
    `One-way: ${s} stops copying from ${m} for good. nats-server refuses to add a mirror to a stream (${MIRROR_UPDATE_REFUSED}); to follow ${m} again, delete ${s} and create a new mirror, which copies everything again.`,
  ];
  if (live?.messages !== undefined) {
    const lag = live.lag ?? 0;
    lines.push(
      lag > 0
        ? `On ${live.where} now: ${s} holds ${formatCount(live.messages)} messages and has not copied ${formatCount(lag)} of ${m}'s yet: a promoted ${s} never gets them, nor what ${m} stores later.`
        : `On ${live.where} now: ${s} holds ${formatCount(live.messages)} messages and is up to date with ${m}; what ${m} stores after the promotion is not in it.`,
    );
  } else {
    lines.push(`What ${m} stores after the promotion is not in ${s}.`);
  }
  const overlap = originOverlap(subjects, live);
  if (overlap.length) {
    lines.push(
      `${m} still exists on ${live!.where} with overlapping subjects (${overlap.map((o) => quoted(o, 255)).join(', ')}): nats-server refuses to create the promoted ${s} (${SUBJECTS_OVERLAP}) until ${m} is deleted or its subjects change.`,
    );
  }
  return lines;
}

interface RawInfo {
  config?: { subjects?: unknown };
  state?: { messages?: unknown };
  mirror?: { lag?: unknown };
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/** A stream's info, or undefined when the stream does not exist. */
async function info(conn: Connection, name: string, signal?: AbortSignal): Promise<RawInfo | undefined> {
  try {
    return await jsRequest<RawInfo>(conn, `STREAM.INFO.${name}`, undefined, { signal, timeoutMs: 2000, operation: `the info request for stream ${name}` });
  } catch (e) {
    if (isApiError(e, JS_ERR.streamNotFound)) return undefined;
    throw e;
  }
}

/** The mirror's and the origin's state on `conn` (see MirrorLiveState). */
export async function readMirrorState(conn: Connection, stream: string, mirror: string, where: string, signal?: AbortSignal): Promise<MirrorLiveState> {
  const [own, origin] = await Promise.all([info(conn, stream, signal), info(conn, mirror, signal)]);
  const state: MirrorLiveState = { where };
  const messages = count(own?.state?.messages);
  if (messages !== undefined) state.messages = messages;
  const lag = count(own?.mirror?.lag);
  if (lag !== undefined) state.lag = lag;
  if (origin) {
    const subjects = Array.isArray(origin.config?.subjects) ? origin.config.subjects.filter((x): x is string => typeof x === 'string') : [];
    state.origin = { subjects, messages: count(origin.state?.messages) ?? 0 };
  }
  return state;
}
