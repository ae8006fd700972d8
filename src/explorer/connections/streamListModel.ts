/**
 * The streams the Connections tree shows for a connection: filled page by page from the core's
 * `listStreams`, the first page as soon as the server answers. Plain TypeScript (no `vscode`), so
 * the memory it holds can be measured in plain Node (test/bench).
 */
import { ClusterError, Connection, Failure, LiveStreamsSink, StreamPage, StreamSighting, StreamSummary, applySightings, carryPlacement, describeFailure, listStreams } from '../../core/cluster';

export type ListState = 'loading' | 'done' | 'failed' | 'cancelled';

export interface StreamListOptions {
  /** Called after each page was added (not for the failure or the end). */
  onPage?: (page: StreamPage, model: StreamListModel) => void;
  /** Called once when the listing ends (done, failed or cancelled). */
  onEnd?: (model: StreamListModel) => void;
  /** Called after live updates changed the streams (see `see`). */
  onLiveChange?: (model: StreamListModel) => void;
  /** Pages requested at the same time (the core's default when absent). */
  concurrency?: number;
  /**
   * The streams shown by the listing this one replaces (a Refresh): a stream listed but not
   * described now is shown "unavailable" where it was (`carryPlacement`). None is kept unlisted.
   */
  placements?: ReadonlyMap<string, StreamSummary>;
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
   * What the live refresh saw of some streams, judged by the core's one rule (`applySightings`):
   * described streams replace those of their names (new ones take their place in name order), a
   * stream leaves only on its deletion advisory or a confirmed "not found", and one the server
   * cannot describe now stays, as "unavailable". Returns the streams that left, with why.
   */
  see(sightings: ReadonlyMap<string, StreamSighting>): { name: string; why: string }[] {
    const seen = applySightings(this.streams, sightings);
    this.streams = seen.streams;
    for (const s of seen.streams) this.byName.set(s.name, s);
    for (const l of seen.left) this.byName.delete(l.name);
    this.total = Math.max(this.streams.length, this.total + seen.added - seen.left.length);
    this.changed();
    return seen.left;
  }

  /** The streams shown, by name (for the listing that replaces this one). */
  placements(): ReadonlyMap<string, StreamSummary> {
    return new Map(this.byName);
  }

  /** The names of the streams shown. */
  names(): string[] {
    return this.streams.map((s) => s.name);
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
      const before = this.options.placements;
      for await (const page of pages) {
        if (before) page.streams = page.streams.map((s) => carryPlacement(before.get(s.name), s));
        for (const s of page.streams) this.byName.set(s.name, s);
        this.streams.push(...page.streams);
        this.total = Math.max(page.total, this.streams.length);
        this.source = page.source;
        this.problems.push(...page.problems);
        firstIn();
        this.options.onPage?.(page, this);
      }
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
