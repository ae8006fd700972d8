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
import { jsRequest } from '../jsApi';
import { mapLimited } from '../streamList';
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

/** Every item of a paged JetStream list (`key`: the array's field), later pages requested together. */
async function listAll<T>(conn: Connection, api: string, key: 'streams' | 'consumers', options: CollectOptions, operation: string): Promise<{ items: T[]; missing: string[] }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const request = (offset: number): Promise<ListPage<T>> => jsRequest<ListPage<T>>(conn, api, { offset }, { signal: options.signal, timeoutMs, operation });
  const first = await request(0);
  const firstItems = (first[key] as T[] | null) ?? [];
  const items = [...firstItems];
  const missing = [...(first.missing ?? [])];
  const pageSize = first.limit || firstItems.length || 256;
  const offsets: number[] = [];
  for (let at = firstItems.length + missing.length; at < first.total; at += pageSize) offsets.push(at);
  const pages = await mapLimited(offsets, options.concurrency ?? 16, request);
  for (const page of pages) {
    items.push(...((page[key] as T[] | null) ?? []));
    missing.push(...(page.missing ?? []));
  }
  return { items, missing };
}

function reason(e: unknown): string {
  return e instanceof ClusterError ? (e.failure.api?.description ?? e.message) : String(e);
}

async function collectStreams(conn: Connection, options: CollectOptions): Promise<AuditStreamInfo[]> {
  const { items, missing } = await listAll<AuditStreamInfo>(conn, 'STREAM.LIST', 'streams', options, 'the stream list request');
  const seen = new Set(items.map((s) => s.config.name));
  const retried = await mapLimited(
    missing.filter((n) => !seen.has(n)),
    options.concurrency ?? 16,
    async (name): Promise<AuditStreamInfo> => {
      try {
        return await jsRequest<AuditStreamInfo>(conn, `STREAM.INFO.${name}`, undefined, { signal: options.signal, timeoutMs: 2000, operation: `the info request for stream ${name}` });
      } catch (e) {
        if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
        return { config: { name }, unavailable: `the server lists it but cannot report it (${reason(e)}); its servers may be down` };
      }
    },
  );
  return [...items, ...retried];
}

async function collectConsumers(conn: Connection, streams: readonly AuditStreamInfo[], options: CollectOptions, problems: string[]): Promise<AuditConsumerInfo[]> {
  const withConsumers = streams.filter((s) => !s.unavailable && (s.state?.consumer_count ?? 0) > 0);
  const lists = await mapLimited(withConsumers, options.concurrency ?? 16, async (stream) => {
    const name = stream.config.name;
    try {
      const { items } = await listAll<AuditConsumerInfo>(conn, `CONSUMER.LIST.${name}`, 'consumers', options, `the consumer list request of stream ${name}`);
      return items;
    } catch (e) {
      if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
      problems.push(`The consumers of stream ${name} could not be listed: ${reason(e)}.`);
      return [];
    }
  });
  return lists.flat();
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
  options.onProgress?.('listing streams');
  const streams = await collectStreams(conn, options);
  options.onProgress?.(`listing the consumers of ${streams.length} streams`);
  const consumers = await collectConsumers(conn, streams, options, problems);
  const topology = await topologyRead;
  const inventory: AuditInventory = { streams, consumers, at: Date.now(), problems };
  if (topology) inventory.topology = topology;
  const version = conn.server?.version;
  if (version) inventory.serverVersion = version;
  return inventory;
}
