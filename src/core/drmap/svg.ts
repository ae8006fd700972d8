/**
 * A laid-out DR map as an SVG string: regions and servers as boxes, each stream as a focusable
 * group (`tabindex`, `role="button"`, `data-stream` = its id) with its name, replicas, storage and
 * leader, its health as a class; mirrors (solid) and sources (dashed) as arrows, crossing regions
 * in a stronger colour. No inline style (the page's Content-Security-Policy allows none): every
 * colour is a class that `DR_MAP_STYLE` maps to VS Code's theme variables.
 */
import { escapeMarkup } from '../markup';
import { displayText } from '../trust/quote';
import type { DrLayout } from './layout';
import type { DrHealth, DrStream } from './model';
import { UNKNOWN_REGION } from './model';

const HEALTH_WORDS: Record<DrHealth, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  'no-leader': 'no leader',
  unavailable: 'unavailable',
  unknown: 'unknown',
  config: 'from a config file',
};

/** The CSS of the map's classes (theme colours), for the page that shows the SVG. */
export const DR_MAP_STYLE = `
svg.drmap { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; }
.drmap .region > rect { fill: var(--vscode-sideBar-background, rgba(128, 128, 128, 0.06)); stroke: var(--vscode-panel-border, rgba(128, 128, 128, 0.5)); stroke-width: 1.5; }
.drmap .region > text { fill: var(--vscode-foreground); font-weight: 600; font-size: 13px; }
.drmap .server > rect { fill: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.08)); stroke: var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.4)); stroke-dasharray: 4 2; }
.drmap .server > text { fill: var(--vscode-descriptionForeground); }
.drmap .stream > rect { fill: var(--vscode-editor-background); stroke: var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.6)); stroke-width: 1.5; }
.drmap .stream { cursor: pointer; outline: none; }
.drmap .stream text { fill: var(--vscode-editor-foreground); }
.drmap .stream text.detail { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.drmap .stream.healthy > rect { stroke: var(--vscode-testing-iconPassed, #388a34); }
.drmap .stream.degraded > rect, .drmap .stream.unknown > rect { stroke: var(--vscode-list-warningForeground, #cca700); }
.drmap .stream.no-leader > rect, .drmap .stream.unavailable > rect { stroke: var(--vscode-list-errorForeground, #f14c4c); stroke-width: 2.5; }
.drmap .stream.config > rect { stroke: var(--vscode-textLink-foreground, #3794ff); }
.drmap .stream:hover > rect { fill: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.15)); }
.drmap .stream:focus > rect, .drmap .stream:focus-visible > rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 3; }
.drmap .replica { stroke-width: 1.5; fill: none; stroke: var(--vscode-testing-iconPassed, #388a34); }
.drmap .replica.leader { fill: var(--vscode-testing-iconPassed, #388a34); }
.drmap .replica.behind { stroke: var(--vscode-list-errorForeground, #f14c4c); }
.drmap .edge { fill: none; stroke: var(--vscode-descriptionForeground, #888); stroke-width: 1.5; }
.drmap .edge.source { stroke-dasharray: 6 4; }
.drmap .edge.cross { stroke: var(--vscode-charts-purple, #b180d7); stroke-width: 2; }
.drmap marker path { fill: var(--vscode-descriptionForeground, #888); }
.drmap marker.cross path { fill: var(--vscode-charts-purple, #b180d7); }
.drmap .lose { cursor: pointer; outline: none; opacity: 0.8; }
.drmap .lose > rect { fill: var(--vscode-button-secondaryBackground, rgba(128, 128, 128, 0.2)); stroke: var(--vscode-button-border, rgba(128, 128, 128, 0.5)); }
.drmap .lose > text { fill: var(--vscode-button-secondaryForeground, currentColor); font-size: 11px; }
.drmap .lose:hover, .drmap .lose:focus, .drmap .lose:focus-visible { opacity: 1; }
.drmap .lose:hover > rect { fill: var(--vscode-button-secondaryHoverBackground, rgba(128, 128, 128, 0.35)); }
.drmap .lose:focus > rect, .drmap .lose:focus-visible > rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 2; }
`;

/** Options of the rendering. */
export interface DrSvgOptions {
  /**
   * A "Lose" button (focusable, `data-lose-server` / `data-lose-cluster`) at the corner of each
   * server box and of each region box with a known cluster name: what the failure drill predicts
   * when it is lost (`regions`: on the region boxes only). Drawn after the streams, so Tab reaches
   * the streams first.
   */
  lose?: boolean | 'regions';
}

const LOSE_WIDTH = 40;
const LOSE_HEIGHT = 17;

/** A "Lose" button at the top right corner of a box. */
function loseButton(kind: 'server' | 'cluster', name: string, at: { x: number; y: number; width: number }, top: number): string {
  const x = at.x + at.width - LOSE_WIDTH - 6;
  const y = at.y + top;
  const label = escapeXml(`What if I lose ${kind === 'server' ? 'server' : 'region'} ${name}? Runs the failure drill`);
  return [
    `<g class="lose" data-lose-${kind}="${escapeMarkup(name)}" tabindex="0" role="button" aria-label="${label}">`,
    `<title>${label}</title>`,
    box(x, y, LOSE_WIDTH, LOSE_HEIGHT, 3),
    `<text x="${x + 8}" y="${y + 12.5}">Lose</text>`,
    '</g>',
  ].join('');
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Text for the SVG, in element content and quoted attributes: names come from servers and files,
 * so a line break, a bidirectional override or a zero-width character is shown as `\n`, `\u202e`,
 * `\u200b` (displayText) rather than reordering or hiding what follows, then escaped.
 */
function escapeXml(s: string): string {
  return escapeMarkup(displayText(s));
}

/**
 * `R3 file`, `R3 file · leader n1`, `R1 memory · no leader`. The leader is named only when the
 * stream is not drawn in its leader's box: there the box's title names it (and the box is too narrow to repeat it).
 */
export function streamDetail(s: DrStream): string {
  const parts = [`R${s.replicas} ${s.storage}`];
  if (s.leader) {
    if (s.leader !== s.server) parts.push(`leader ${s.leader}`);
  }
  else if (s.health === 'no-leader' || s.health === 'unavailable') parts.push(HEALTH_WORDS[s.health]);
  if (s.mirror) parts.push(`mirror of ${s.mirror}`);
  else if (s.sources.length) parts.push(`${s.sources.length} source${s.sources.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** What a screen reader and the tooltip say of a stream. */
export function streamLabel(s: DrStream): string {
  const parts = [`${s.name}: R${s.replicas} ${s.storage} stream in ${s.region}`, `${HEALTH_WORDS[s.health]}${s.healthReason ? ` (${s.healthReason})` : ''}`];
  if (s.peers.length) parts.push(`replicas on ${s.peers.map((p) => `${p.server}${p.leader ? ' (leader)' : p.current ? '' : ' (not current)'}`).join(', ')}`);
  if (s.mirror) parts.push(`mirror of ${s.mirror}`);
  if (s.sources.length) parts.push(`sources ${s.sources.join(', ')}`);
  return parts.join('; ');
}

function box(x: number, y: number, w: number, h: number, rx: number): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}"/>`;
}

/** The whole map as one `<svg>` element. */
export function renderDrMapSvg(layout: DrLayout, title = 'DR map', options: DrSvgOptions = {}): string {
  const out: string[] = [];
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  out.push(`<svg class="drmap" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="group" aria-label="${escapeXml(title)}">`);
  out.push(
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker>',
    '<marker id="arrow-cross" class="cross" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker>',
    '</defs>',
  );
  for (const r of layout.regions) {
    out.push(`<g class="region">${box(r.x, r.y, r.width, r.height, 8)}<text x="${r.x + 10}" y="${r.y + 19}">${escapeXml(clip(r.name, options.lose ? nameRoom(r.width) : 60))}</text></g>`);
  }
  for (const v of layout.servers) {
    out.push(`<g class="server">${box(v.x, v.y, v.width, v.height, 5)}<text x="${v.x + 8}" y="${v.y + 17}">${escapeXml(clip(v.name, options.lose === true ? nameRoom(v.width) : 40))}</text></g>`);
  }
  for (const { edge, path } of layout.edges) {
    const cross = edge.crossRegion ? ' cross' : '';
    out.push(`<path class="edge ${edge.kind}${cross}" d="${path}" marker-end="url(#${edge.crossRegion ? 'arrow-cross' : 'arrow'})"/>`);
  }
  for (const { x, y, width, height, stream } of layout.streams) {
    const label = escapeXml(streamLabel(stream));
    out.push(
      `<g class="stream ${stream.health}" data-stream="${escapeMarkup(stream.id)}" tabindex="0" role="button" aria-label="${label}">`,
      `<title>${label}</title>`,
      box(x, y, width, height, 4),
      `<text x="${x + 8}" y="${y + 18}">${escapeXml(clip(stream.name, 26 - 2 * Math.min(stream.peers.length, 5)))}</text>`,
      `<text class="detail" x="${x + 8}" y="${y + 34}">${escapeXml(clip(streamDetail(stream), 28))}</text>`,
      ...stream.peers.slice(0, 5).map((p, i) => `<circle class="replica ${p.leader ? 'leader' : p.current ? 'current' : 'behind'}" cx="${x + width - 10 - i * 11}" cy="${y + 13}" r="4"/>`),
      '</g>',
    );
  }
  if (options.lose) {
    // Per region: its button, then its servers' buttons.
    for (const r of layout.regions) {
      if (r.name !== UNKNOWN_REGION) out.push(loseButton('cluster', r.name, r, 6));
      if (options.lose === true) for (const v of layout.servers) if (v.region === r.name) out.push(loseButton('server', v.name, v, 4));
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Characters of a box's name that fit left of its "Lose" button. */
function nameRoom(width: number): number {
  return Math.max(8, Math.floor((width - LOSE_WIDTH - 24) / 7));
}
