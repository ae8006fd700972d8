/**
 * Collecting what an audit reads from a live connection: every stream info (`$JS.API.STREAM.LIST`,
 * pages requested several at a time), the consumers of every stream that has some
 * (`$JS.API.CONSUMER.LIST.<stream>`), and the topology with the account's JetStream usage
 * (`readTopology`). Streams the list names but cannot describe are asked for once more, then kept
 * as unavailable with the reason.
 */
import { throwIfAborted } from '../cancel';
import { Connection } from '../connection';
import { ClusterError } from '../errors';
import { jsRequest, listPageSize, listTotal } from '../jsApi';
import { readTopology } from '../topologyProbe';
import type { ClusterTopology } from '../topology';
import type { AuditConsumerInfo, AuditInventory, AuditStreamInfo } from './types';

export interface CollectOptions {
  signal?: AbortSignal;
  /** Timeout of each request (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Told what is being collected, for a progress display. */
  onProgress?: (text: string) => void;
}

interface ListPage<T> {
  total: number;
  offset: number;
  limit: number;
  missing?: string[];
  [list: string]: unknown;
  items?: T[];
}

/** Runs tasks with at most `limit` at a time, in the order they were given. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            queue.shift()?.();
          });
      };
      if (running < limit) start();
      else queue.push(start);
    });
}

type Limit = ReturnType<typeof limiter>;

/**
 * Every item of a paged JetStream list (`key`: the array's field), later pages requested together;
 * `onItems` sees each page's items as it arrives.
 */
async function listAll<T>(conn: Connection, api: string, key: 'streams' | 'consumers', options: CollectOptions, limit: Limit, operation: string, onItems?: (items: T[]) => void): Promise<{ items: T[]; missing: string[] }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const request = (offset: number): Promise<ListPage<T>> => limit(() => jsRequest<ListPage<T>>(conn, api, { offset }, { signal: options.signal, timeoutMs, operation }));
  const items: T[] = [];
  const missing: string[] = [];
  const take = (page: ListPage<T>): number => {
    const got = (page[key] as T[] | null) ?? [];
    items.push(...got);
    missing.push(...(page.missing ?? []));
    onItems?.(got);
    return got.length + (page.missing?.length ?? 0);
  };
  const first = await request(0);
  const firstCount = take(first);
  const total = listTotal(first.total, operation);
  const pageSize = listPageSize(first.limit, firstCount, total, operation);
  const offsets: number[] = [];
  for (let at = firstCount; at < total; at += pageSize) offsets.push(at);
  await Promise.all(offsets.map((at) => request(at).then(take)));
  return { items, missing };
}

function reason(e: unknown): string {
  return e instanceof ClusterError ? (e.failure.api?.description ?? e.message) : String(e);
}

function unavailableStream(name: string, e: unknown): AuditStreamInfo {
  return { config: { name }, unavailable: `the server lists it but cannot report it (${reason(e)}); its servers may be down` };
}

/**
 * The streams, and the consumers of each stream that has some: consumer listings start as soon as
 * their stream's page arrives, sharing the requests in flight with the stream pages.
 */
async function collectAssets(conn: Connection, options: CollectOptions, problems: string[]): Promise<{ streams: AuditStreamInfo[]; consumers: AuditConsumerInfo[] }> {
  const limit = limiter(options.concurrency ?? 16);
  const consumerLists: Promise<AuditConsumerInfo[]>[] = [];
  const listConsumers = (stream: AuditStreamInfo): void => {
    if (stream.unavailable || (stream.state?.consumer_count ?? 0) === 0) return;
    const name = stream.config.name;
    consumerLists.push(
      listAll<AuditConsumerInfo>(conn, `CONSUMER.LIST.${name}`, 'consumers', options, limit, `the consumer list request of stream ${name}`).then(
        (r) => r.items,
        (e: unknown) => {
          if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
          problems.push(`The consumers of stream ${name} could not be listed: ${reason(e)}.`);
          return [];
        },
      ),
    );
  };
  let listed: { items: AuditStreamInfo[]; missing: string[] };
  try {
    listed = await listAll<AuditStreamInfo>(conn, 'STREAM.LIST', 'streams', options, limit, 'the stream list request', (page) => page.forEach(listConsumers));
  } finally {
    for (const pending of consumerLists) pending.catch(() => undefined);
  }
  const seen = new Set(listed.items.map((s) => s.config.name));
  const retried = await Promise.all(
    listed.missing
      .filter((n) => !seen.has(n))
      .map((name) =>
        limit(() => jsRequest<AuditStreamInfo>(conn, `STREAM.INFO.${name}`, undefined, { signal: options.signal, timeoutMs: 2000, operation: `the info request for stream ${name}` })).then(
          (info) => (listConsumers(info), info),
          (e: unknown) => {
            if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
            return unavailableStream(name, e);
          },
        ),
      ),
  );
  const consumers = (await Promise.all(consumerLists)).flat();
  return { streams: [...listed.items, ...retried], consumers };
}

/** Everything an audit reads, from one connection. Throws a `ClusterError` when streams cannot be listed. */
export async function collectInventory(conn: Connection, options: CollectOptions = {}): Promise<AuditInventory> {
  throwIfAborted(options.signal, 'auditing');
  conn.assertConnected('auditing');
  const problems: string[] = [];
  const topologyRead: Promise<ClusterTopology | undefined> = readTopology(conn, { signal: options.signal }).catch((e: unknown) => {
    if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
    problems.push(`The servers could not be read: ${reason(e)}.`);
    return undefined;
  });
  options.onProgress?.('listing streams and consumers');
  const { streams, consumers } = await collectAssets(conn, options, problems);
  const topology = await topologyRead;
  const inventory: AuditInventory = { streams, consumers, at: Date.now(), problems };
  if (topology) inventory.topology = topology;
  const version = conn.server?.version;
  if (version) inventory.serverVersion = version;
  return inventory;
}
