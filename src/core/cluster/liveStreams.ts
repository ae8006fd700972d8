/**
 * Keeping a connection's streams current without a click:
 *
 * - JetStream advisories (`<event prefix>.ADVISORY.>`, `$JS.EVENT` by default) name the streams
 *   that changed: a leader elected, a stream or consumer quorum lost, a stream created, updated or
 *   deleted. Names arriving in a burst are coalesced: after the burst (`debounceMs` quiet, at most
 *   `maxDelayMs` after the first), each changed stream is asked for once (one STREAM.INFO request),
 *   a deleted one not at all; when more than `listAbove` changed, one paged listing (a request per
 *   256 streams) replaces them all. Where the account may not subscribe to advisories, nothing breaks.
 * - A poll asks again every `pollMs` (the advisories say nothing when a follower goes away): each
 *   stream (up to `infoPollLimit`, when advisories report new and deleted streams), else the paged
 *   stream list. It is skipped while the connection is down and backed off (doubling up to
 *   `maxBackoffMs`) while it fails; a leader elected or a quorum lost brings it forward, and while
 *   streams are leaderless or unreachable it runs every second.
 *
 * Whatever a look finds is handed to the sink (the tree's model) as sightings, to which the sink
 * applies the one rule of `streamPresence`: a stream leaves the view only on its deletion advisory
 * or a 10059 "not found" that `STREAM.NAMES` confirms (asked here, once per look that met one);
 * one the server cannot describe now stays, as "unavailable" where its replicas were.
 */
import { Connection } from './connection';
import { ClusterError } from './errors';
import { loadNats } from './natsClient';
import { JS_ERR, isApiError } from './jsApi';
import { StreamSighting } from './streamPresence';
import { forgetStreamNames, listAllStreams, streamInfo, streamNames } from './streamList';

/** Healths that mean an election or an outage is under way. */
const UNSETTLED: readonly string[] = ['no-leader', 'unavailable', 'unknown'];
const UNSETTLED_POLL_MS = 1000;

export type AdvisoryKind = 'leader-elected' | 'quorum-lost' | 'created' | 'updated' | 'deleted' | 'consumer-leader-elected' | 'consumer-quorum-lost' | 'other';

export interface Advisory {
  kind: AdvisoryKind;
  /** The stream the advisory is about, when it names one. */
  stream?: string;
}

const STREAM_KINDS: Record<string, AdvisoryKind> = {
  LEADER_ELECTED: 'leader-elected',
  QUORUM_LOST: 'quorum-lost',
  CREATED: 'created',
  UPDATED: 'updated',
  DELETED: 'deleted',
};

/**
 * What an advisory subject says: `<prefix>.ADVISORY.STREAM.<KIND>.<stream>` or
 * `<prefix>.ADVISORY.CONSUMER.<KIND>.<stream>.<consumer>` (stream names hold no dots).
 */
export function parseAdvisorySubject(subject: string, eventPrefix = '$JS.EVENT'): Advisory {
  const head = `${eventPrefix}.ADVISORY.`;
  if (!subject.startsWith(head)) return { kind: 'other' };
  const [scope, kind, stream] = subject.slice(head.length).split('.');
  if (!stream) return { kind: 'other' };
  if (scope === 'STREAM' && STREAM_KINDS[kind]) return { kind: STREAM_KINDS[kind], stream };
  if (scope === 'CONSUMER' && kind === 'LEADER_ELECTED') return { kind: 'consumer-leader-elected', stream };
  if (scope === 'CONSUMER' && kind === 'QUORUM_LOST') return { kind: 'consumer-quorum-lost', stream };
  return { kind: 'other' };
}

export interface LiveStreamsSink {
  /**
   * What a look said about some streams: the sink applies the rule (`applySightings`); streams not
   * named stay as they are. Returns the streams that left the view, with why.
   */
  see(sightings: ReadonlyMap<string, StreamSighting>): { name: string; why: string }[];
  /** The streams shown: up to `infoPollLimit` of them are polled one by one rather than listed. */
  names(): string[];
}

type Sightings = Map<string, StreamSighting>;

const describeError = (e: unknown): string => (e instanceof ClusterError ? e.failure.api?.description ?? e.failure.kind : String(e));

export interface LiveStreamsOptions {
  /** Poll period; 0 turns polling off (default 5000 ms). */
  pollMs?: number;
  /** Longest wait between polls while the connection is down or failing (default 60000 ms). */
  maxBackoffMs?: number;
  /** Quiet time that ends a burst of advisories (default 250 ms). */
  debounceMs?: number;
  /** Longest wait after the first advisory of a burst, for a storm that never goes quiet (default 3000 ms). */
  maxDelayMs?: number;
  /** STREAM.INFO requests at the same time (default 8). */
  concurrency?: number;
  /** Timeout of each request (default 2000 ms). */
  timeoutMs?: number;
  /** Subscribe to advisories (default true). */
  advisories?: boolean;
  /**
   * With advisories on, up to this many streams are polled with one STREAM.INFO each (default 64);
   * more, or without advisories, with the paged stream list.
   */
  infoPollLimit?: number;
  /** A burst naming more changed streams than this is refreshed by one paged listing (default 64). */
  listAbove?: number;
  /** Told about what happens, for the log (never a secret). */
  onNote?: (note: string) => void;
}

export type AdvisoryState = 'off' | 'subscribing' | 'subscribed' | 'denied';

export class LiveStreams {
  /** STREAM.INFO requests made for advisories (one per changed stream per burst). */
  infoRequests = 0;
  /** STREAM.LIST requests made for bursts naming more than `listAbove` streams. */
  listRequests = 0;
  /** Polls made, and their requests (about, for a listing: one per page). */
  polls = 0;
  pollRequests = 0;
  /** Bursts of advisories flushed. */
  flushes = 0;
  advisoryState: AdvisoryState = 'off';
  private readonly pending = new Map<string, AdvisoryKind>();
  private burstTimer: NodeJS.Timeout | undefined;
  private burstStarted = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollDelay: number;
  private stopped = false;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private stopWatching: (() => void) | undefined;
  private readonly o: Required<Omit<LiveStreamsOptions, 'onNote'>> & Pick<LiveStreamsOptions, 'onNote'>;

  constructor(
    private readonly conn: Connection,
    private readonly sink: LiveStreamsSink,
    options: LiveStreamsOptions = {},
  ) {
    this.o = { pollMs: 5000, maxBackoffMs: 60_000, debounceMs: 250, maxDelayMs: 3000, concurrency: 8, timeoutMs: 2000, advisories: true, infoPollLimit: 64, listAbove: 64, ...options };
    this.pollDelay = this.o.pollMs;
  }

  /** Subscribes to advisories (when allowed) and starts polling. */
  async start(): Promise<void> {
    // Advisories sent while the connection was down are lost: the poll after a reconnect lists everything.
    const watch = this.conn.onStatus((event) => {
      if (event.type === 'reconnected') {
        this.mustList = true;
        this.pollSoon();
      }
    });
    this.stopWatching = () => watch.dispose();
    if (this.o.advisories) await this.subscribe();
    // A stream created between the listing the sink holds and the subscription sent no advisory
    // we heard: the first poll lists everything, at once.
    this.mustList = true;
    if (this.advisoryState === 'subscribed') this.pollSoon();
    else this.schedulePoll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.burstTimer);
    clearTimeout(this.pollTimer);
    this.unsubscribe?.();
    this.stopWatching?.();
  }

  /** Notes that `stream` changed (as an advisory would); it is refreshed after the burst. */
  changed(stream: string, kind: AdvisoryKind = 'updated'): void {
    if (this.stopped) return;
    // A deletion stays a deletion unless the stream is created again in the same burst.
    if (this.pending.get(stream) !== 'deleted' || kind === 'created') this.pending.set(stream, kind);
    if (kind === 'created') this.deletedAt.delete(stream);
    const now = Date.now();
    if (!this.burstTimer) this.burstStarted = now;
    clearTimeout(this.burstTimer);
    const wait = Math.max(0, Math.min(this.o.debounceMs, this.burstStarted + this.o.maxDelayMs - now));
    this.burstTimer = setTimeout(() => {
      this.burstTimer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, wait);
  }

  /** Resolves once every advisory received so far has been acted on (for tests). */
  async settled(): Promise<void> {
    while (this.burstTimer || this.pending.size) {
      await new Promise((r) => setTimeout(r, Math.max(10, this.o.debounceMs / 2)));
      await this.flushing;
    }
    await this.flushing;
  }

  private async subscribe(): Promise<void> {
    const subject = `${this.conn.jetStreamEventPrefix}.ADVISORY.>`;
    this.advisoryState = 'subscribing';
    const nats = this.conn.nats;
    try {
      await loadNats();
      const sub = nats.subscribe(subject);
      this.unsubscribe = () => sub.unsubscribe();
      // A denied subscription is refused by the server after a round trip; flush() waits for it.
      await nats.flush();
      this.advisoryState = sub.isClosed() ? 'denied' : 'subscribed';
      void (async () => {
        try {
          for await (const m of sub) {
            const advisory = parseAdvisorySubject(m.subject, this.conn.jetStreamEventPrefix);
            if (advisory.stream) this.changed(advisory.stream, advisory.kind);
          }
        } catch (e) {
          this.advisoryState = 'denied';
          this.o.onNote?.(`advisories on ${subject} are not allowed for this user (${(e as Error).message}); polling every ${this.o.pollMs / 1000} s instead`);
        }
      })();
      if (this.advisoryState === 'subscribed') this.o.onNote?.(`listening to JetStream advisories on ${subject}`);
    } catch (e) {
      this.advisoryState = 'denied';
      this.o.onNote?.(`advisories on ${subject} are not available (${(e as Error).message}); polling instead`);
    }
  }

  private async flush(): Promise<void> {
    if (this.stopped || this.pending.size === 0) return;
    this.flushes++;
    await this.inLook((look) => this.flushLook(look));
  }

  private async flushLook(look: number): Promise<void> {
    const sightings: Sightings = new Map();
    for (const [name, kind] of [...this.pending]) {
      if (kind !== 'deleted') continue;
      this.pending.delete(name);
      sightings.set(name, { kind: 'deleted' });
      this.deletedAt.set(name, look);
    }
    // A leader elected or a quorum lost usually means a server went away: list everything soon,
    // for what no advisory reports (a follower gone, an R1 stream on that server).
    if ([...this.pending.values()].some((kind) => kind === 'leader-elected' || kind === 'quorum-lost')) this.pollSoon();
    const changed = this.pending.size;
    if (changed > this.o.listAbove) {
      // Many streams changed at once (a server gone with its leaders): one paged listing (256 streams a request) costs less.
      this.pending.clear();
      try {
        for (const [name, sighting] of await this.listEverything(() => this.listRequests++)) if (!sightings.has(name)) sightings.set(name, sighting);
      } catch (e) {
        this.o.onNote?.(`listing ${changed} changed streams failed (${e instanceof ClusterError ? e.message : String(e)}); the next poll tries again`);
      }
    } else {
      // Names are taken from `pending` when their request is sent, so that an advisory arriving for a
      // stream not asked yet joins this flush instead of costing a second request.
      for (const [name, sighting] of await this.describe(() => this.takePending(), () => this.infoRequests++)) sightings.set(name, sighting);
    }
    await this.show(sightings, look);
  }

  /** Numbers each look (a flush, a poll), so that one started before a deletion advisory cannot bring the stream back. */
  private looks = 0;
  private readonly running = new Set<number>();
  /** Streams deleted by advisory, with the look that removed them (kept while an older look runs). */
  private readonly deletedAt = new Map<string, number>();

  private async inLook(run: (look: number) => Promise<void>): Promise<void> {
    const look = ++this.looks;
    this.running.add(look);
    try {
      await run(look);
    } finally {
      this.running.delete(look);
      const oldest = this.running.size ? Math.min(...this.running) : Infinity;
      for (const [name, at] of this.deletedAt) if (at <= oldest) this.deletedAt.delete(name);
    }
  }

  /**
   * Hands a look to the sink, after asking `STREAM.NAMES` about the streams a server said it does
   * not have (only that confirms a deletion); notes the streams that left the view.
   */
  private async show(sightings: Sightings, look: number): Promise<void> {
    // What a look saw of a stream deleted (by advisory) after it started is out of date.
    for (const [name, at] of this.deletedAt) if (at > look) sightings.delete(name);
    const notFound = [...sightings].filter(([, s]) => s.kind === 'not-found').map(([name]) => name);
    if (notFound.length && !this.stopped) {
      try {
        const names = await streamNames(this.conn, { timeoutMs: this.o.timeoutMs });
        for (const name of notFound) sightings.set(name, { kind: 'not-found', stillNamed: names.has(name) });
      } catch (e) {
        this.o.onNote?.(`not found now: ${notFound.join(', ')}; kept, as STREAM.NAMES could not confirm it (${describeError(e)})`);
      }
    }
    if (this.stopped || sightings.size === 0) return;
    const left = this.sink.see(sightings);
    if (left.length === 0) return;
    forgetStreamNames(this.conn, left.map((l) => l.name));
    this.o.onNote?.(`left the view: ${left.map((l) => `${l.name} (${l.why})`).join(', ')}`);
  }

  /**
   * A look at every stream: the paged listing, and each stream shown that it leaves out asked one
   * by one (nats-server 2.9 may leave out a stream whose only server is gone). `count` is called per request.
   */
  private async listEverything(count: () => void): Promise<Sightings> {
    const shown = this.sink.names();
    const listing = await listAllStreams(this.conn, { timeoutMs: Math.max(this.o.timeoutMs, 5000) });
    for (let i = 0; i < Math.max(1, Math.ceil(listing.total / 256)); i++) count();
    const sightings: Sightings = new Map(listing.streams.map((summary) => [summary.name, { kind: 'described', summary }]));
    const absent = shown.filter((name) => !sightings.has(name));
    if (absent.length) for (const [name, sighting] of await this.describe(absent, count)) sightings.set(name, sighting);
    return sightings;
  }

  /** The next changed (not deleted) stream to ask for, taken out of `pending`. */
  private takePending(): string | undefined {
    for (const [name, kind] of this.pending) {
      if (kind === 'deleted') continue;
      this.pending.delete(name);
      return name;
    }
    return undefined;
  }

  /** Info of each named stream (`concurrency` at a time), as sightings. */
  private async describe(names: string[] | (() => string | undefined), count: () => void): Promise<Sightings> {
    const sightings: Sightings = new Map();
    let next = 0;
    const take = typeof names === 'function' ? names : () => (next < names.length ? names[next++] : undefined);
    const workers = typeof names === 'function' ? this.o.concurrency : Math.min(this.o.concurrency, names.length);
    const worker = async (): Promise<void> => {
      for (let name = take(); name !== undefined && !this.stopped; name = take()) {
        count();
        try {
          sightings.set(name, { kind: 'described', summary: await streamInfo(this.conn, name, { timeoutMs: this.o.timeoutMs }) });
        } catch (e) {
          sightings.set(name, isApiError(e, JS_ERR.streamNotFound) ? { kind: 'not-found', stillNamed: undefined } : { kind: 'unanswered', reason: describeError(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    return sightings;
  }

  private polling = false;
  /**
   * Advisories may have been missed (before the subscription, while disconnected): the next poll
   * lists everything, to find streams created meanwhile, rather than asking the shown ones.
   */
  private mustList = true;
  /** The last poll saw streams without a leader or an answer. */
  private unsettled = false;

  /** Runs the next poll now, unless one is running. */
  private pollSoon(): void {
    if (this.stopped || this.o.pollMs <= 0 || this.polling) return;
    this.pollDelay = this.o.pollMs;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), 0);
  }

  private schedulePoll(): void {
    if (this.stopped || this.o.pollMs <= 0) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), this.pollDelay);
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    if (!this.conn.isConnected) {
      this.mustList = true;
      this.pollDelay = Math.min(this.o.maxBackoffMs, this.pollDelay * 2);
      this.schedulePoll();
      return;
    }
    this.polling = true;
    try {
      await this.inLook((look) => this.pollLook(look));
      this.polls++;
      // While streams are leaderless or unreachable (elections under way), look again every second.
      this.pollDelay = this.unsettled ? Math.min(this.o.pollMs, UNSETTLED_POLL_MS) : this.o.pollMs;
    } catch (e) {
      this.pollDelay = Math.min(this.o.maxBackoffMs, this.pollDelay * 2);
      this.o.onNote?.(`polling the streams failed (${e instanceof ClusterError ? e.message : String(e)}); next try in ${Math.round(this.pollDelay / 1000)} s`);
    } finally {
      this.polling = false;
    }
    this.schedulePoll();
  }

  /** One poll: every stream listed, or the shown ones asked one by one. */
  private async pollLook(look: number): Promise<void> {
    const names = this.sink.names();
    // Few streams, and advisories tell of new and deleted ones: ask each one, so that a dead
    // server holds up only its own streams' answers, not the whole listing.
    const oneByOne = this.advisoryState === 'subscribed' && names.length > 0 && names.length <= this.o.infoPollLimit;
    let sightings: Sightings | undefined;
    if (this.mustList || !oneByOne) {
      try {
        sightings = await this.listEverything(() => this.pollRequests++);
        this.mustList = false;
      } catch (e) {
        // A listing waits for every server: while one is gone it may not answer in time. The
        // streams shown are still asked one by one; the listing is tried again at the next poll.
        if (!oneByOne) throw e;
        this.o.onNote?.(`listing the streams failed (${e instanceof ClusterError ? e.message : String(e)}); asking the ${names.length} streams shown one by one`);
      }
    }
    sightings ??= await this.describe(names, () => this.pollRequests++);
    if (this.stopped) return;
    await this.show(sightings, look);
    this.unsettled = [...sightings.values()].some((s) => s.kind !== 'described' || UNSETTLED.includes(s.summary.health));
  }
}
