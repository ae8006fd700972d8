/**
 * When a stream leaves the live view: one rule for every way the view learns about streams
 * (advisories, polls, listings, info requests, reconnects).
 *
 * A stream once shown leaves only when
 * - a `STREAM.DELETED` advisory names it, or
 * - a server answered 10059 "stream not found" and `STREAM.NAMES` (answered by the JetStream meta
 *   leader) no longer names it.
 * (The user's Refresh starts a new listing altogether; it is not a sighting.)
 *
 * Anything else keeps it: a listing that leaves it out or times out, an info request that times out,
 * and a 10059 alone. In a cluster nats-server 2.9 does all of these for a stream whose only server
 * is gone; the stream then stays, as "unavailable", saying where its replicas were.
 */
import { StreamSummary, unknownStream } from './streamList';

/** What one look at the server said about one stream. */
export type StreamSighting =
  /** Described (a listing or an info request); `health: 'unknown'` when it was named but not described. */
  | { kind: 'described'; summary: StreamSummary }
  /** A `STREAM.DELETED` advisory named it. */
  | { kind: 'deleted' }
  /**
   * A server answered 10059 "stream not found". `stillNamed`: whether `STREAM.NAMES` still names it
   * (`undefined` when it could not be asked).
   */
  | { kind: 'not-found'; stillNamed: boolean | undefined }
  /** No answer, or another error: `reason` in words. */
  | { kind: 'unanswered'; reason: string };

export type StreamVerdict = { keep: StreamSummary } | { leave: string } | { ignore: true };

/**
 * A stream the server could not describe now, seen before on known servers: "unavailable", naming
 * where its replicas were. Other summaries pass unchanged.
 */
export function carryPlacement(previous: StreamSummary | undefined, next: StreamSummary): StreamSummary {
  if (next.health !== 'unknown' || !previous || previous.replicas === 0) return next;
  const where = previous.peers.length ? previous.peers.map((p) => p.name) : previous.leader ? [previous.leader] : [];
  if (where.length === 0) return next;
  const reason =
    previous.replicas === 1
      ? `unavailable: its only replica is on server ${where[0]}`
      : `unavailable: no replica answers now (${previous.leader ? `its leader was ${previous.leader}, a new one may be being elected` : `replicas on ${where.join(', ')}`})`;
  return {
    ...previous,
    leader: undefined,
    peers: where.map((name) => ({ name, leader: false, state: 'offline' })),
    health: 'unavailable',
    healthReason: `${reason}; ${next.healthReason}`,
  };
}

/**
 * The rule for one stream: what the view shows for `name` after `sighting`, given what it showed
 * before (`previous`, undefined when not shown). `leave` carries the reason, for the log;
 * `ignore`: not shown and nothing to show.
 */
export function judgeStream(name: string, previous: StreamSummary | undefined, sighting: StreamSighting): StreamVerdict {
  switch (sighting.kind) {
    case 'described':
      return { keep: carryPlacement(previous, sighting.summary) };
    case 'deleted':
      return previous ? { leave: 'deleted (its STREAM.DELETED advisory)' } : { ignore: true };
    case 'not-found':
      if (sighting.stillNamed === false) return previous ? { leave: 'not found, and STREAM.NAMES no longer names it' } : { ignore: true };
      // Unconfirmed: a stream not shown is shown only when STREAM.NAMES vouches for it.
      if (!previous && sighting.stillNamed !== true) return { ignore: true };
      return {
        keep: carryPlacement(
          previous,
          unknownStream(name, sighting.stillNamed ? 'a server did not find it, though the cluster still names it (its servers may be down)' : 'a server did not find it now (its servers may be down)'),
        ),
      };
    case 'unanswered':
      return { keep: carryPlacement(previous, unknownStream(name, `the server could not report this stream (${sighting.reason})`)) };
  }
}

export interface StreamsSeen {
  /** The streams to show, in the order shown before; streams new to the view in name order among them. */
  streams: StreamSummary[];
  /** Streams that left the view, with why. */
  left: { name: string; why: string }[];
  /** Streams new to the view. */
  added: number;
}

const byName = (a: StreamSummary, b: StreamSummary): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The rule applied to a whole look: each sighting judged against the stream shown of its name;
 * streams shown that the look does not mention stay as they are.
 */
export function applySightings(shown: readonly StreamSummary[], sightings: ReadonlyMap<string, StreamSighting>): StreamsSeen {
  const left: StreamsSeen['left'] = [];
  const kept: StreamSummary[] = [];
  const known = new Set<string>();
  for (const s of shown) {
    known.add(s.name);
    const sighting = sightings.get(s.name);
    if (!sighting) {
      kept.push(s);
      continue;
    }
    const verdict = judgeStream(s.name, s, sighting);
    if ('keep' in verdict) kept.push(verdict.keep);
    else if ('leave' in verdict) left.push({ name: s.name, why: verdict.leave });
  }
  const fresh: StreamSummary[] = [];
  for (const [name, sighting] of sightings) {
    if (known.has(name)) continue;
    const verdict = judgeStream(name, undefined, sighting);
    if ('keep' in verdict) fresh.push(verdict.keep);
  }
  if (fresh.length === 0) return { streams: kept, left, added: 0 };
  // Merge the new streams in by name (the streams shown are in the server's, name, order).
  fresh.sort(byName);
  const streams: StreamSummary[] = [];
  let f = 0;
  for (const s of kept) {
    while (f < fresh.length && fresh[f].name < s.name) streams.push(fresh[f++]);
    streams.push(s);
  }
  streams.push(...fresh.slice(f));
  return { streams, left, added: fresh.length };
}
