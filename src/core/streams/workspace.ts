/**
 * The streams of several documents analysed together, and who copies whom: a stream with a
 * `mirror` or `sources` entry naming another stream of the workspace is a copy of it.
 */
import { StreamDocument, StreamEntry } from './document';
import { Span } from './lineIndex';

export interface CopyLink {
  /** The stream holding the copy. */
  copy: StreamEntry;
  /** The stream copied. */
  origin: StreamEntry;
  kind: 'mirror' | 'source';
  /** The `sources` index, or -1 for the mirror. */
  sourceIndex: number;
  /** True when the entry names an `external` API (another domain or account). */
  external: boolean;
  /** The `mirror` key, or the `sources` entry. */
  span: Span;
}

/** The cluster a stream lives in: its `placement.cluster`, else the cluster of an info document. */
export function clusterOf(stream: StreamEntry): string | undefined {
  return stream.config.placement?.cluster || stream.cluster?.name || undefined;
}

export class WorkspaceIndex {
  readonly streams: StreamEntry[] = [];
  /** Streams by name, made when first asked for (a workspace without copies may never ask). */
  private names: Map<string, StreamEntry[]> | undefined;
  /** Every copy link, in document and stream order. */
  readonly links: CopyLink[] = [];
  private readonly copiesByOrigin = new Map<StreamEntry, CopyLink[]>();
  private readonly copiedByCopy = new Map<StreamEntry, CopyLink[]>();

  constructor(readonly documents: readonly StreamDocument[]) {
    for (const doc of documents) {
      for (const stream of doc.streams) this.streams.push(stream);
    }
    for (const stream of this.streams) this.linkCopies(stream);
  }

  /** Streams with this name (several when documents repeat a name). */
  byName(name: string): readonly StreamEntry[] {
    if (!this.names) {
      this.names = new Map();
      for (const stream of this.streams) {
        const streamName = stream.config.name;
        if (streamName) push(this.names, streamName, stream);
      }
    }
    return this.names.get(name) ?? [];
  }

  /** The links of streams that copy `stream`. */
  copiesOf(stream: StreamEntry): readonly CopyLink[] {
    return this.copiesByOrigin.get(stream) ?? [];
  }

  /** The links from `stream` to the workspace streams it copies. */
  originsOf(stream: StreamEntry): readonly CopyLink[] {
    return this.copiedByCopy.get(stream) ?? [];
  }

  private linkCopies(copy: StreamEntry): void {
    const tree = copy.document.tree;
    const { mirror, sources } = copy.config;
    if (mirror?.name) {
      this.addLinks(copy, 'mirror', -1, mirror.name, mirror.external !== undefined, copy.keySpan('mirror'));
    }
    if (sources.length > 0) {
      const items = tree.children(copy.valueNode('sources'));
      sources.forEach((source, i) => {
        if (!source?.name) return;
        const item = items[i];
        const span = item >= 0 ? { offset: tree.offset(item), length: tree.length(item) } : copy.keySpan('sources');
        this.addLinks(copy, 'source', i, source.name, source.external !== undefined, span);
      });
    }
  }

  private addLinks(copy: StreamEntry, kind: 'mirror' | 'source', sourceIndex: number, name: string, external: boolean, span: Span): void {
    for (const origin of this.byName(name)) {
      // A copy through `external` reads another domain or account: a same-named stream there is not itself.
      if (external && origin === copy) continue;
      const link: CopyLink = { copy, origin, kind, sourceIndex, external, span };
      this.links.push(link);
      push(this.copiesByOrigin, origin, link);
      push(this.copiedByCopy, copy, link);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
