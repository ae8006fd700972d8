/**
 * Listing a connection's streams page by page, for a tree that shows the first page at once and
 * the rest as it arrives. Pages are requested a few at a time (the server sends at most 256
 * streams a page) and yielded in order; an `AbortSignal` stops the listing between pages.
 *
 * When the JetStream meta group has no leader (a cluster that lost its quorum), the server refuses
 * to list (10008), and a listing may time out while a server is gone. The listing then asks for each
 * stream known to this connection (its last listing, and every stream described since, also by the
 * live refresh) one by one (stream info still answers without a leader), and says so in
 * `StreamPage.problems`.
 */
import { throwIfAborted } from './cancel';
import { Connection } from './connection';
import { ClusterError } from './errors';
import { JS_ERR, checkListPages, isApiError, jsRequest, listPageSize, listTotal } from './jsApi';
import { RawClusterInfo, ReplicaStatus, StreamHealth, classifyHealth, replicaStatuses } from './streamHealth';
import { plural } from '../plural';

export interface StreamSummary {
  name: string;
  description?: string;
  subjects: string[];
  /** Configured replicas (`num_replicas`). */
  replicas: number;
  storage: 'file' | 'memory';
  retention: string;
  /** The cluster holding the stream (clustered servers only). */
  cluster?: string;
  leader?: string;
  /** Every peer, the leader first; empty on a server without clustering. */
  peers: ReplicaStatus[];
  messages: number;
  bytes: number;
  consumers: number;
  /** Name of the stream this one mirrors. */
  mirror?: string;
  /** Names of the streams this one sources from. */
  sources: string[];
  /** ISO time of creation. */
  created?: string;
  health: StreamHealth;
  healthReason: string;
}

export interface StreamPage {
  /** The streams of this page, in the server's order. */
  streams: StreamSummary[];
  /** 0 for the first page. */
  index: number;
  /** The number of streams the server reported in all (the listing's goal). */
  total: number;
  /** `list`: the server's stream list; `known-names`: one info request per remembered name. */
  source: 'list' | 'known-names';
  /** Things the page could not show, in words (streams the server did not report, a fallback). */
  problems: string[];
}

export interface ListStreamsOptions {
  signal?: AbortSignal;
  /** Pages requested at the same time (default 4). */
  concurrency?: number;
  /** Timeout of each request (default: the connection's). */
  timeoutMs?: number;
  /** Only streams listening on this subject. */
  subject?: string;
}

export interface StreamListing {
  streams: StreamSummary[];
  total: number;
  source: 'list' | 'known-names';
  problems: string[];
}

interface RawStreamInfo {
  config: {
    name: string;
    description?: string;
    subjects?: string[];
    num_replicas?: number;
    storage?: string;
    retention?: string;
    mirror?: { name: string };
    sources?: { name: string }[];
  };
  created?: string;
  state?: { messages?: number; bytes?: number; consumer_count?: number };
  cluster?: RawClusterInfo;
}

interface RawListPage {
  total: number;
  offset: number;
  limit: number;
  streams: RawStreamInfo[] | null;
  missing?: string[];
}

/** A `StreamSummary` from a stream info as the server sends it. */
export function summarizeStream(info: RawStreamInfo): StreamSummary {
  const config = info.config;
  const replicas = config.num_replicas || 1;
  const peers = replicaStatuses(info.cluster);
  const verdict = classifyHealth(replicas, peers, info.cluster !== undefined && (info.cluster.leader !== undefined || (info.cluster.replicas?.length ?? 0) > 0));
  const summary: StreamSummary = {
    name: config.name,
    subjects: config.subjects ?? [],
    replicas,
    storage: config.storage === 'memory' ? 'memory' : 'file',
    retention: config.retention ?? 'limits',
    peers,
    messages: info.state?.messages ?? 0,
    bytes: info.state?.bytes ?? 0,
    consumers: info.state?.consumer_count ?? 0,
    sources: (config.sources ?? []).map((s) => s.name),
    health: verdict.health,
    healthReason: verdict.reason,
  };
  if (config.description) summary.description = config.description;
  if (info.cluster?.name) summary.cluster = info.cluster.name;
  if (info.cluster?.leader) summary.leader = info.cluster.leader;
  if (config.mirror) summary.mirror = config.mirror.name;
  if (info.created) summary.created = info.created;
  return summary;
}

/** A stream the server named but could not describe. */
export function unknownStream(name: string, reason: string): StreamSummary {
  return { name, subjects: [], replicas: 0, storage: 'file', retention: 'limits', peers: [], messages: 0, bytes: 0, consumers: 0, sources: [], health: 'unknown', healthReason: reason };
}

/** Stream names seen on each connection, for listing when the server cannot list. */
const knownNames = new WeakMap<Connection, Set<string>>();

/**
 * The stream names this connection has seen (the fallback's input): those of its last full
 * listing, and every stream described since (also one that arrived by advisory), less those gone.
 */
export function knownStreamNames(conn: Connection): string[] {
  return [...(knownNames.get(conn) ?? [])].sort();
}

/** Forgets streams known to be gone (a deletion advisory, or a 10059 confirmed by STREAM.NAMES). */
export function forgetStreamNames(conn: Connection, names: Iterable<string>): void {
  const set = knownNames.get(conn);
  if (set) for (const n of names) set.delete(n);
}

function remember(conn: Connection, names: Iterable<string>, replace = false): void {
  const set = replace ? new Set<string>() : (knownNames.get(conn) ?? new Set<string>());
  for (const n of names) set.add(n);
  knownNames.set(conn, set);
}

/** Info of one stream; a `ClusterError` when the server cannot give it. */
export async function streamInfo(conn: Connection, name: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<StreamSummary> {
  const info = await jsRequest<RawStreamInfo>(conn, `STREAM.INFO.${name}`, undefined, { ...options, operation: `the info request for stream ${name}` });
  remember(conn, [info.config.name]);
  return summarizeStream(info);
}

interface RawNamesPage {
  total: number;
  offset: number;
  limit: number;
  streams: string[] | null;
}

/**
 * Every stream name of the account, from `STREAM.NAMES` (answered by the JetStream meta leader, so
 * it still names a stream whose servers are all gone), page by page.
 */
export async function streamNames(conn: Connection, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Set<string>> {
  const names = new Set<string>();
  const operation = 'the stream names request';
  for (let offset = 0, total = 1, pages = 1; offset < total; pages++) {
    const page = await jsRequest<RawNamesPage>(conn, 'STREAM.NAMES', { offset }, { ...options, operation });
    const got = Array.isArray(page.streams) ? page.streams : [];
    const before = names.size;
    for (const n of got) names.add(n);
    total = listTotal(page.total, operation);
    // A page that names nothing new ends the listing: a server repeating itself would page for ever.
    if (names.size === before) break;
    offset += got.length;
    // Pages of a name or two would take as many requests as names.
    if (offset < total) checkListPages(total, Math.ceil(offset / pages), operation);
  }
  return names;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Infos of named streams; those that fail become `unknown` with the reason. */
async function describeNamed(conn: Connection, names: readonly string[], options: ListStreamsOptions, timeoutMs: number): Promise<StreamSummary[]> {
  return mapLimited(names, 8, async (name) => {
    try {
      return await streamInfo(conn, name, { signal: options.signal, timeoutMs });
    } catch (e) {
      if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
      const why = e instanceof ClusterError ? e.failure.api?.description ?? e.failure.kind : String(e);
      return unknownStream(name, `the server could not report this stream (${why})`);
    }
  });
}

const MISSING_INFO_TIMEOUT_MS = 1000;

/** The page's note on streams the list named but whose state the server could not report. */
export function unreportedText(count: number): string {
  return `${plural(count, 'stream is', 'streams are')} listed by name only: the server could not report ${count === 1 ? 'its state (its leader' : 'their state (their leaders'} may be down).`;
}

async function toPage(conn: Connection, raw: RawListPage, index: number, options: ListStreamsOptions): Promise<StreamPage> {
  const streams = (raw.streams ?? []).map(summarizeStream);
  const problems: string[] = [];
  if (raw.missing?.length) {
    streams.push(...(await describeNamed(conn, raw.missing, options, MISSING_INFO_TIMEOUT_MS)));
    const still = streams.filter((s) => s.health === 'unknown').length;
    if (still) problems.push(unreportedText(still));
  }
  return { streams, index, total: raw.total, source: 'list', problems };
}

function listPayload(offset: number, options: ListStreamsOptions): Record<string, unknown> {
  return options.subject ? { offset, subject: options.subject } : { offset };
}

async function* fallbackPages(conn: Connection, cause: ClusterError, options: ListStreamsOptions, timeoutMs: number): AsyncGenerator<StreamPage> {
  const names = knownStreamNames(conn);
  if (names.length === 0) throw cause;
  const why = cause.failure.api?.description ?? cause.message;
  const problem = `The server cannot list streams now (${why}); showing the ${plural(names.length, 'stream')} seen before, asked one by one.`;
  const pageSize = 256;
  for (let offset = 0, index = 0; offset < names.length; offset += pageSize, index++) {
    throwIfAborted(options.signal, 'listing streams');
    const streams = await describeNamed(conn, names.slice(offset, offset + pageSize), options, timeoutMs);
    yield { streams, index, total: names.length, source: 'known-names', problems: index === 0 ? [problem] : [] };
  }
}

/**
 * The streams of the connection's account, page by page. The first page comes as soon as the
 * server answers; later pages are fetched `concurrency` at a time. Cancelling through `signal`
 * ends the iteration with a `cancelled` ClusterError. Other failures throw a `ClusterError`.
 */
export async function* listStreams(conn: Connection, options: ListStreamsOptions = {}): AsyncGenerator<StreamPage> {
  const operation = 'the stream list request';
  const timeoutMs = options.timeoutMs ?? 5000;
  const request = (offset: number): Promise<RawListPage> =>
    jsRequest<RawListPage>(conn, 'STREAM.LIST', listPayload(offset, options), { signal: options.signal, timeoutMs, operation });
  throwIfAborted(options.signal, 'listing streams');
  let first: RawListPage;
  try {
    first = await request(0);
  } catch (e) {
    if (isApiError(e, JS_ERR.clusterUnavailable) || (e instanceof ClusterError && e.kind === 'timeout')) {
      yield* fallbackPages(conn, e, options, timeoutMs);
      return;
    }
    throw e;
  }
  const seen = new Set<string>();
  const emit = async (raw: RawListPage, index: number): Promise<StreamPage> => {
    const page = await toPage(conn, raw, index, options);
    page.streams = page.streams.filter((s) => !seen.has(s.name) && seen.add(s.name));
    remember(conn, page.streams.map((s) => s.name));
    return page;
  };
  yield await emit(first, 0);
  let total = listTotal(first.total, operation);
  const pageSize = listPageSize(first.limit, first.streams?.length ?? 0, total, operation);
  let nextOffset = (first.streams?.length ?? 0) + (first.missing?.length ?? 0);
  let index = 1;
  const inFlight: Promise<RawListPage>[] = [];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  try {
    while (nextOffset < total || inFlight.length) {
      while (inFlight.length < concurrency && nextOffset < total) {
        inFlight.push(request(nextOffset));
        nextOffset += pageSize;
      }
      const raw = await (inFlight.shift() as Promise<RawListPage>);
      total = Math.max(total, listTotal(raw.total, operation));
      checkListPages(total, pageSize, operation);
      const count = (raw.streams?.length ?? 0) + (raw.missing?.length ?? 0);
      if (count === 0 && !inFlight.length) break;
      yield await emit(raw, index++);
    }
  } finally {
    for (const pending of inFlight) pending.catch(() => undefined);
  }
  if (!options.subject) remember(conn, seen, true);
}

/** The whole listing at once (through `listStreams`), calling `onPage` for each page. */
export async function listAllStreams(conn: Connection, options: ListStreamsOptions & { onPage?: (page: StreamPage) => void } = {}): Promise<StreamListing> {
  const listing: StreamListing = { streams: [], total: 0, source: 'list', problems: [] };
  for await (const page of listStreams(conn, options)) {
    listing.streams.push(...page.streams);
    listing.total = page.total;
    listing.source = page.source;
    listing.problems.push(...page.problems);
    options.onPage?.(page);
  }
  return listing;
}
