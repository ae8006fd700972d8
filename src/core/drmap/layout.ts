/**
 * Where everything of a DR map goes: elkjs (the Eclipse Layout Kernel compiled to JavaScript, run
 * in-process, no worker, no DOM) packs the compound nodes, regions → servers → streams, with its
 * `box` algorithm; the copy edges (mirrors, sources) are then drawn as curves between the stream
 * boxes ELK placed. ELK's own edge routing needs its `layered` algorithm across the hierarchy
 * (`hierarchyHandling: INCLUDE_CHILDREN`), which took 11.7 s for 1,000 streams on this kind of
 * machine against 0.35 s for the packing: too slow for a map that follows the live view.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { DrEdge, DrMap, DrStream } from './model';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DrLayout {
  width: number;
  height: number;
  regions: (Box & { name: string })[];
  servers: (Box & { name: string; region: string })[];
  streams: (Box & { stream: DrStream })[];
  /** `path`: an SVG path (`M … C …`) from the origin's box to the copy's. */
  edges: { edge: DrEdge; path: string }[];
}

export const STREAM_WIDTH = 188;
export const STREAM_HEIGHT = 44;
const EMPTY_SERVER = { width: 150, height: 40 };
const HEADER = 26;

let elk: InstanceType<typeof ELK> | undefined;

function engine(): InstanceType<typeof ELK> {
  elk ??= new ELK();
  return elk;
}

function container(id: string, header: number, children: ElkNode[], aspect: string): ElkNode {
  const node: ElkNode = {
    id,
    layoutOptions: {
      'elk.algorithm': 'box',
      'elk.padding': `[top=${header},left=10,bottom=10,right=10]`,
      'elk.spacing.nodeNode': '10',
      'elk.aspectRatio': aspect,
    },
    children,
  };
  if (children.length === 0) Object.assign(node, EMPTY_SERVER);
  return node;
}

/** The ELK graph of a map (ids: `r<i>`, `r<i>v<j>`, the streams' own ids). Exported for the bench's baseline. */
export function elkGraph(map: DrMap): ElkNode {
  const byServer = new Map<string, DrStream[]>();
  const loose = new Map<string, DrStream[]>();
  for (const s of map.streams) {
    const key = s.server ? `${s.region}\u0000${s.server}` : s.region;
    const into = s.server ? byServer : loose;
    const list = into.get(key);
    if (list) list.push(s);
    else into.set(key, [s]);
  }
  const streamNode = (s: DrStream): ElkNode => ({ id: s.id, width: STREAM_WIDTH, height: STREAM_HEIGHT });
  const regions = map.regions.map((r, i) => {
    const children: ElkNode[] = r.servers.map((v, j) => container(`r${i}v${j}`, HEADER, (byServer.get(`${r.name}\u0000${v.name}`) ?? []).map(streamNode), '1.0'));
    for (const s of loose.get(r.name) ?? []) children.push(streamNode(s));
    return container(`r${i}`, HEADER + 4, children, '1.3');
  });
  return { id: 'root', layoutOptions: { 'elk.algorithm': 'box', 'elk.spacing.nodeNode': '28', 'elk.padding': '[top=12,left=12,bottom=12,right=64]', 'elk.aspectRatio': '1.6' }, children: regions };
}

/** Runs ELK on a graph (the part of `layoutDrMap` the bench compares against). */
export function runElk(graph: ElkNode): Promise<ElkNode> {
  return engine().layout(graph);
}

function edgePath(from: Box, to: Box): string {
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  // Leave from the side facing the copy; enter the copy from the side facing the origin.
  const rightward = tx >= fx;
  const sx = rightward ? from.x + from.width : from.x;
  const ex = rightward ? to.x : to.x + to.width;
  const sy = from.y + from.height / 2;
  const ey = to.y + to.height / 2;
  if (Math.abs(tx - fx) < 1 && Math.abs(ey - sy) > 0) {
    // One above the other: a loop out to the right.
    const bulge = Math.max(40, Math.abs(ey - sy) / 4);
    return `M ${r(from.x + from.width)} ${r(sy)} C ${r(from.x + from.width + bulge)} ${r(sy)} ${r(to.x + to.width + bulge)} ${r(ey)} ${r(to.x + to.width)} ${r(ey)}`;
  }
  const dx = Math.max(30, Math.abs(ex - sx) / 2) * (rightward ? 1 : -1);
  return `M ${r(sx)} ${r(sy)} C ${r(sx + dx)} ${r(sy)} ${r(ex - dx)} ${r(ey)} ${r(ex)} ${r(ey)}`;
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Lays out a map: boxes in absolute coordinates, and a path for each edge. */
export async function layoutDrMap(map: DrMap): Promise<DrLayout> {
  const laid = await runElk(elkGraph(map));
  const out: DrLayout = { width: laid.width ?? 0, height: laid.height ?? 0, regions: [], servers: [], streams: [], edges: [] };
  const streamsById = new Map(map.streams.map((s) => [s.id, s]));
  const boxes = new Map<string, Box>();
  (laid.children ?? []).forEach((regionNode, i) => {
    const region = map.regions[i];
    const rx = regionNode.x ?? 0;
    const ry = regionNode.y ?? 0;
    out.regions.push({ name: region.name, x: rx, y: ry, width: regionNode.width ?? 0, height: regionNode.height ?? 0 });
    for (const child of regionNode.children ?? []) {
      const x = rx + (child.x ?? 0);
      const y = ry + (child.y ?? 0);
      const stream = streamsById.get(child.id);
      if (stream) {
        const box = { x, y, width: child.width ?? STREAM_WIDTH, height: child.height ?? STREAM_HEIGHT };
        boxes.set(stream.id, box);
        out.streams.push({ ...box, stream });
        continue;
      }
      const j = Number(child.id.slice(child.id.indexOf('v') + 1));
      out.servers.push({ name: region.servers[j].name, region: region.name, x, y, width: child.width ?? 0, height: child.height ?? 0 });
      for (const leaf of child.children ?? []) {
        const s = streamsById.get(leaf.id)!;
        const box = { x: x + (leaf.x ?? 0), y: y + (leaf.y ?? 0), width: leaf.width ?? STREAM_WIDTH, height: leaf.height ?? STREAM_HEIGHT };
        boxes.set(s.id, box);
        out.streams.push({ ...box, stream: s });
      }
    }
  });
  for (const edge of map.edges) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (from && to) out.edges.push({ edge, path: edgePath(from, to) });
  }
  return out;
}
