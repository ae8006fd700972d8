import { stronglyConnectedComponents } from '../../graph';
import { StreamEntry } from '../document';
import { CopyLink, WorkspaceIndex } from '../workspace';
import { WorkspaceRule } from './types';

/** Copy links by the stream holding the copy; links through `external` are not followed. */
type Edges = Map<StreamEntry, CopyLink[]>;

function copyEdges(workspace: WorkspaceIndex): Edges {
  const edges: Edges = new Map();
  for (const link of workspace.links) {
    if (link.external) continue;
    const list = edges.get(link.copy);
    if (list) list.push(link);
    else edges.set(link.copy, [link]);
  }
  return edges;
}

/**
 * Strongly connected components of the copy graph (copy → origin), by Tarjan's algorithm, among
 * the streams that copy something: a stream copying nothing is in no cycle, so most of a large
 * workspace is never visited.
 */
function components(edges: Edges): StreamEntry[][] {
  return stronglyConnectedComponents(edges.keys(), (v) => edges.get(v)!.map((link) => link.origin), (v) => edges.has(v));
}

/** The names along the shortest copy path from `from` to `to` inside `members`. */
function path(from: StreamEntry, to: StreamEntry, members: Set<StreamEntry>, edges: Edges): string[] {
  const previous = new Map<StreamEntry, StreamEntry | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) break;
    for (const { origin: w } of edges.get(v) ?? []) {
      if (members.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const names: string[] = [];
  for (let v: StreamEntry | null | undefined = to; v; v = previous.get(v)) names.unshift(v.label);
  return names;
}

export const sourceCycle: WorkspaceRule = {
  id: 'source-cycle',
  severity: 'error',
  scope: 'workspace',
  title: 'Mirror/source cycle',
  anchor: 'the `mirror` key or the `sources` entry',
  serverCheck: { error: '10052 "detected cycle" (for a stream copying itself)' },
  explanation:
    'Streams copy each other in a circle (A sources B, B mirrors A): every message would be copied ' +
    'round and round. The server refuses a stream that copies itself; longer cycles it cannot see ' +
    'until the last stream is created. Break the cycle so that copies flow one way. Copies through ' +
    '`external` (another domain or account) are not followed.',
  check(workspace, report) {
    const edges = copyEdges(workspace);
    for (const component of components(edges)) {
      // A stream alone is a cycle only when it copies itself.
      const members = component.length > 1 ? new Set(component) : undefined;
      for (const stream of component) {
        for (const link of edges.get(stream)!) {
          if (members ? !members.has(link.origin) : link.origin !== stream) continue;
          const cycle = link.origin === stream ? [stream.label, stream.label] : [stream.label, ...path(link.origin, stream, members!, edges)];
          const what = link.kind === 'mirror' ? 'mirrors' : `sources (entry ${link.sourceIndex})`;
          report(stream, {
            span: link.span,
            message: `Copy cycle: ${cycle.join(' → ')}; ${stream.label} ${what} ${link.origin.label}, which copies it back`,
          });
        }
      }
    }
  },
};
