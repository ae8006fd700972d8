/**
 * The streams the Connections tree shows for a connection: filled page by page from the core's
 * `listStreams`, the first page as soon as the server answers. Plain TypeScript (no `vscode`), so
 * the memory it holds can be measured in plain Node (test/bench).
 */
import { ClusterError, Connection, Failure, LiveStreamsSink, StreamPage, StreamSummary, carryPlacement, describeFailure, listStreams } from '../../core/cluster';

export type ListState = 'loading' | 'done' | 'failed' | 'cancelled';

export interface StreamListOptions {
  /** Called after each page was added (not for the failure or the end). */
  onPage?: (page: StreamPage, model: StreamListModel) => void;
  /** Called once when the listing ends (done, failed or cancelled). */
  onEnd?: (model: StreamListModel) => void;
  /** Called after live updates changed the streams (see `update`, `remove`, `replaceAll`). */
  onLiveChange?: (model: StreamListModel) => void;
  /** Pages requested at the same time (the core's default when absent). */
  concurrency?: number;
  /**
   * The streams shown before the connection was lost: those the new listing leaves out (nats-server
   * 2.9 lists no stream whose only server is gone) stay, as they were, for the live refresh to ask
   * about one by one.
   */
  carried?: readonly StreamSummary[];
}

export class StreamListModel implements LiveStreamsSink {
  streams: StreamSummary[] = [];
  /** Date.now() of the last change to the streams (listing or live update). */
  updatedAt = Date.now();
  /** The number of streams the server reported (the listing's goal). */
  total = 0;
  state: ListState = 'loading';
  /** Why it failed (or was cancelled). */
  failure?: Failure;
  /** Things the listing could not show, in words. */
  readonly problems: string[] = [];
  source: StreamPage['source'] = 'list';
  /** Resolves once the first page is in, or the listing ended without one. Never rejects. */
  readonly firstPage: Promise<void>;
  /** Resolves when the listing ends. Never rejects. */
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly byName = new Map<string, StreamSummary>();

  constructor(
    readonly connection: Connection,
    private readonly options: StreamListOptions = {},
  ) {
    let firstIn: () => void = () => undefined;
    this.firstPage = new Promise<void>((resolve) => (firstIn = resolve));
    this.done = this.run(firstIn);
  }

  get loading(): boolean {
    return this.state === 'loading';
  }

  /** The stream named `name`, once listed. */
  stream(name: string): StreamSummary | undefined {
    return this.byName.get(name);
  }

  /**
   * Streams refreshed after advisories: each replaces the one of its name (a new one is added in
   * name order). A stream the server no longer describes keeps where it was, as "unavailable".
   */
  update(streams: StreamSummary[]): void {
    for (const next of streams) {
      const merged = carryPlacement(this.byName.get(next.name), next);
      const at = this.streams.findIndex((s) => s.name === next.name);
      if (at >= 0) this.streams[at] = merged;
      else {
        const after = this.streams.findIndex((s) => s.name > next.name);
        this.streams.splice(after < 0 ? this.streams.length : after, 0, merged);
        this.total++;
      }
      this.byName.set(next.name, merged);
    }
    this.changed();
  }

  /** The names of the streams shown. */
  names(): string[] {
    return this.streams.map((s) => s.name);
  }

  /** Streams deleted. */
  remove(names: string[]): void {
    const gone = new Set(names.filter((n) => this.byName.delete(n)));
    if (gone.size === 0) return;
    this.streams = this.streams.filter((s) => !gone.has(s.name));
    this.total = Math.max(0, this.total - gone.size);
    this.changed();
  }

  /** A whole new listing (a poll); streams it could not describe keep where they were. */
  replaceAll(streams: StreamSummary[]): void {
    if (this.state === 'loading') return;
    this.streams = streams.map((s) => carryPlacement(this.byName.get(s.name), s));
    this.byName.clear();
    for (const s of this.streams) this.byName.set(s.name, s);
    this.total = this.streams.length;
    this.changed();
  }

  private changed(): void {
    this.updatedAt = Date.now();
    this.options.onLiveChange?.(this);
  }

  /** Stops the listing; the streams listed so far stay. */
  cancel(): void {
    this.abort.abort();
  }

  private async run(firstIn: () => void): Promise<void> {
    try {
      const pages = listStreams(this.connection, { signal: this.abort.signal, concurrency: this.options.concurrency });
      for await (const page of pages) {
        for (const s of page.streams) this.byName.set(s.name, s);
        this.streams.push(...page.streams);
        this.total = Math.max(page.total, this.streams.length);
        this.source = page.source;
        this.problems.push(...page.problems);
        firstIn();
        this.options.onPage?.(page, this);
      }
      const carried = (this.options.carried ?? []).filter((s) => !this.byName.has(s.name));
      if (carried.length) this.update(carried);
      this.state = 'done';
    } catch (e) {
      this.failure = e instanceof ClusterError ? e.failure : describeFailure(e, { operation: 'listing streams' });
      this.state = this.failure.kind === 'cancelled' ? 'cancelled' : 'failed';
    } finally {
      firstIn();
      this.options.onEnd?.(this);
    }
  }
}
