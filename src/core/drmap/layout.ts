/**
 * Where everything of a DR map goes: elkjs (the Eclipse Layout Kernel compiled to JavaScript, run
 * in-process, no worker, no DOM) packs the compound nodes, regions → servers (and a region's
 * streams on no known server), with its `box` algorithm; inside a server the stream cards, all of
 * one size, fill a near-square grid; the copy edges (mirrors, sources) are then drawn as curves
 * between the cards. Measured on this kind of machine for 1,000 streams: ELK's own edge routing
 * across the nesting (`layered`, `hierarchyHandling: INCLUDE_CHILDREN`) took 11.7 s, and ELK
 * packing every card (`box` down to the streams) 0.35 s, against a few milliseconds for the boxes
 * alone: too slow for a map that follows the live view.
 */
import type ELK from 'elkjs/lib/elk.bundled.js';
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
const EMPTY_SERVER = { width: 180, height: 40 };
const HEADER = 26;

/**
 * The layout engine, loaded on first use: elkjs takes 50 to 150 ms to load, which activating the
 * extension (on every JSON or YAML file) should not pay for a map that may never be opened.
 */
let elk: Promise<InstanceType<typeof ELK>> | undefined;

function engine(): Promise<InstanceType<typeof ELK>> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

/** Whether the layout engine has been loaded in this process. */
export function isLayoutEngineLoaded(): boolean {
  return elk !== undefined;
}

const GAP = 10;
const PAD = 10;
/** The lanes of successive copies (see edgePath): the first in the middle. */
const LANES = [0, 1, -1];

/** A box of stream cards (all the same size) in a near-square grid: its size and the columns. */
function grid(count: number, header: number): { cols: number; width: number; height: number } {
  if (count === 0) return { cols: 1, ...EMPTY_SERVER };
  const cols = Math.max(1, Math.ceil(Math.sqrt((count * STREAM_HEIGHT) / STREAM_WIDTH)));
  const rows = Math.ceil(count / cols);
  const used = Math.min(cols, count);
  return { cols, width: 2 * PAD + used * STREAM_WIDTH + (used - 1) * GAP, height: header + PAD + rows * STREAM_HEIGHT + (rows - 1) * GAP };
}

/** Where card `k` of a grid box goes, from the box's corner. */
function cell(k: number, cols: number, header: number): { x: number; y: number } {
  return { x: PAD + (k % cols) * (STREAM_WIDTH + GAP), y: header + Math.floor(k / cols) * (STREAM_HEIGHT + GAP) };
}

interface Groups {
  /** Per region: each server's streams, and the streams on no known server. */
  regions: { servers: DrStream[][]; loose: DrStream[] }[];
}

function groups(map: DrMap): Groups {
  const regionIndex = new Map(map.regions.map((r, i) => [r.name, i]));
  const serverIndex = new Map(map.regions.flatMap((r) => r.servers.map((v, j) => [`${r.name}\u0000${v.name}`, j] as const)));
  const out: Groups = { regions: map.regions.map((r) => ({ servers: r.servers.map(() => []), loose: [] })) };
  for (const s of map.streams) {
    const region = out.regions[regionIndex.get(s.region) ?? -1];
    if (!region) continue;
    const j = s.server === undefined ? undefined : serverIndex.get(`${s.region}\u0000${s.server}`);
    if (j === undefined) region.loose.push(s);
    else region.servers[j].push(s);
  }
  return out;
}

function graphOf(g: Groups): ElkNode {
  const regions = g.regions.map((r, i) => {
    const children: ElkNode[] = r.servers.map((streams, j) => ({ id: `r${i}v${j}`, ...size(grid(streams.length, HEADER)) }));
    if (r.loose.length) children.push({ id: `r${i}l`, ...size(grid(r.loose.length, PAD)) });
    return {
      id: `r${i}`,
      layoutOptions: { 'elk.algorithm': 'box', 'elk.padding': `[top=${HEADER + 4},left=10,bottom=10,right=10]`, 'elk.spacing.nodeNode': '10', 'elk.aspectRatio': '1.3' },
      children,
      ...(children.length === 0 ? EMPTY_SERVER : {}),
    };
  });
  return { id: 'root', layoutOptions: { 'elk.algorithm': 'box', 'elk.spacing.nodeNode': '28', 'elk.padding': '[top=12,left=12,bottom=12,right=64]', 'elk.aspectRatio': '1.6' }, children: regions };
}

function size(b: { width: number; height: number }): { width: number; height: number } {
  return { width: b.width, height: b.height };
}

/**
 * The ELK graph of a map: regions holding server boxes (ids `r<i>`, `r<i>v<j>`; `r<i>l` for the
 * streams on no known server) sized to their streams. Exported for the bench's baseline.
 */
export function elkGraph(map: DrMap): ElkNode {
  return graphOf(groups(map));
}

/** Runs ELK on a graph (the part of `layoutDrMap` the bench compares against). */
export function runElk(graph: ElkNode): Promise<ElkNode> {
  return engine().then((e) => e.layout(graph));
}

/**
 * The curve of one copy. `lane` (-1, 0 or 1) moves its bends 3 px sideways, so that copies sharing
 * the gap between two columns of cards run side by side instead of on one line.
 */
function edgePath(from: Box, to: Box, lane = 0): string {
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  // Leave from the side facing the copy; enter the copy from the side facing the origin.
  const rightward = tx >= fx;
  const sx = rightward ? from.x + from.width : from.x;
  const ex = rightward ? to.x : to.x + to.width;
  const sy = from.y + from.height / 2;
  const ey = to.y + to.height / 2;
  if (Math.abs(tx - fx) < 1 && Math.abs(ey - sy) > 0) {
    // One above the other: a loop out to the right, no wider than the gap to the next column.
    const bulge = GAP + 3 * lane;
    return `M ${r(from.x + from.width)} ${r(sy)} C ${r(from.x + from.width + bulge)} ${r(sy)} ${r(to.x + to.width + bulge)} ${r(ey)} ${r(to.x + to.width)} ${r(ey)}`;
  }
  // The bends stay between the two facing sides: across a narrow gap between cards they would
  // otherwise bulge through the cards beside it.
  const dx = Math.max(2, Math.abs(ex - sx) / 2) * (rightward ? 1 : -1);
  const o = 3 * lane;
  return `M ${r(sx)} ${r(sy)} C ${r(sx + dx + o)} ${r(sy)} ${r(ex - dx + o)} ${r(ey)} ${r(ex)} ${r(ey)}`;
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Lays out a map: boxes in absolute coordinates, and a path for each edge. */
export async function layoutDrMap(map: DrMap): Promise<DrLayout> {
  const g = groups(map);
  const laid = await runElk(graphOf(g));
  const out: DrLayout = { width: laid.width ?? 0, height: laid.height ?? 0, regions: [], servers: [], streams: [], edges: [] };
  const boxes = new Map<string, Box>();
  const place = (streams: DrStream[], x: number, y: number, header: number): void => {
    const { cols } = grid(streams.length, header);
    streams.forEach((stream, k) => {
      const at = cell(k, cols, header);
      const box = { x: x + at.x, y: y + at.y, width: STREAM_WIDTH, height: STREAM_HEIGHT };
      boxes.set(stream.id, box);
      out.streams.push({ ...box, stream });
    });
  };
  (laid.children ?? []).forEach((regionNode, i) => {
    const region = map.regions[i];
    const rx = regionNode.x ?? 0;
    const ry = regionNode.y ?? 0;
    out.regions.push({ name: region.name, x: rx, y: ry, width: regionNode.width ?? 0, height: regionNode.height ?? 0 });
    for (const child of regionNode.children ?? []) {
      const x = rx + (child.x ?? 0);
      const y = ry + (child.y ?? 0);
      if (child.id.endsWith('l')) {
        place(g.regions[i].loose, x, y, PAD);
        continue;
      }
      const j = Number(child.id.slice(child.id.indexOf('v') + 1));
      out.servers.push({ name: region.servers[j].name, region: region.name, x, y, width: child.width ?? 0, height: child.height ?? 0 });
      place(g.regions[i].servers[j], x, y, HEADER);
    }
  });
  map.edges.forEach((edge, i) => {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (from && to) out.edges.push({ edge, path: edgePath(from, to, LANES[i % LANES.length]) });
  });
  return out;
}
