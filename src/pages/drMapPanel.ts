/**
 * The DR map in a webview panel: the SVG of the core (src/core/drmap) in the shell of
 * htmlDocument.ts, theme colours from VS Code's CSS variables, one nonce'd script and nothing
 * loaded from anywhere. Streams take the keyboard focus (Tab, then Enter or Space) and the mouse;
 * either asks the extension to open the stream (its file, or its live node). The panel is redrawn
 * when its feed says the streams changed (the live view refreshed, a file was edited), keeping the
 * focused stream and the scroll position.
 *
 * The panel knows nothing of the explorer or the editor: a `DrMapFeed` (src/commands/dr) gives it
 * the streams and opens what is clicked.
 *
 * Each server box and each region (cluster) box has a "Lose" button (after the streams in the Tab
 * order; Enter, Space or a click): the feed runs the failure drill for losing that server or
 * cluster, as NATS: Run Failure Drill does, and shows its page.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DR_MAP_STYLE, DrMap, DrStream, UNKNOWN_REGION, layoutDrMap, renderDrMapSvg } from '../core/drmap';
import { escapeMarkup } from '../core/markup';
import { plural } from '../core/plural';
import { htmlDocument } from './htmlDocument';

export const DR_MAP_VIEW_TYPE = 'natsWorkbench.drMap';

export type DrMapSource = 'live' | 'workspace';

export interface DrMapFeed {
  /** The map of a source, or why there is none (e.g. no connection). */
  map(source: DrMapSource): Promise<{ map: DrMap; title: string } | { why: string }>;
  /** Fires when a source's streams changed. */
  onDidChange: vscode.Event<DrMapSource>;
  /** Opens a stream of the map: its file at the stream, or its node in the Connections view. */
  open(stream: DrStream): Promise<void>;
  /** Runs the failure drill for losing a server or a cluster of the map of `source`; resolves to the command's result. */
  lose(source: DrMapSource, target: DrLoseTarget): Promise<unknown>;
}

/** What a "Lose" button of the map takes away. */
export type DrLoseTarget = { servers: string[] } | { clusters: string[] };

/** What the tests read of the panel. */
export interface DrMapRender {
  source: DrMapSource;
  streams: number;
  edges: number;
  /** The SVG shown (empty when there is no map). */
  svg: string;
  /** The HTML above it: title, source buttons, summary and legend. */
  head: string;
  /** Milliseconds from asking for the map to the SVG string (model, layout, rendering). */
  renderMs: number;
  /** Renderings so far. */
  count: number;
}

const PAGE_STYLE = `
html { color-scheme: light dark; }
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); margin: 0; padding: 0 16px 16px; }
header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; z-index: 1; border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
h1 { font-size: 1.3em; font-weight: 600; margin: 0 0 4px; }
.summary, .legend, .note { color: var(--vscode-descriptionForeground); margin: 2px 0; }
ul.legend { list-style: none; padding: 0; }
.legend b { color: var(--vscode-editor-foreground); font-weight: 600; }
button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 10px; margin-right: 4px; cursor: pointer; font: inherit; }
button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
#map { margin-top: 12px; overflow: auto; }
.why { margin-top: 24px; }
`;

/** Clicks, Enter and Space on a stream post `open`; an `update` replaces the map, keeping focus and scroll. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const map = document.getElementById('map');
const open = (g) => vscode.postMessage({ type: 'open', id: g.getAttribute('data-stream') });
const lose = (g) => vscode.postMessage({ type: 'lose', server: g.getAttribute('data-lose-server'), cluster: g.getAttribute('data-lose-cluster') });
document.addEventListener('click', (e) => {
  const g = e.target.closest && e.target.closest('.stream');
  if (g) open(g);
  const l = e.target.closest && e.target.closest('.lose');
  if (l) lose(l);
  const b = e.target.closest && e.target.closest('button[data-source]');
  if (b) vscode.postMessage({ type: 'source', source: b.getAttribute('data-source') });
});
document.addEventListener('keydown', (e) => {
  const g = e.target.closest && e.target.closest('.stream');
  if (g && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); open(g); }
  const l = e.target.closest && e.target.closest('.lose');
  if (l && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); lose(l); }
});
window.addEventListener('message', (e) => {
  const m = e.data;
  if (!m || m.type !== 'update') return;
  const focused = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute('data-stream');
  const x = map.scrollLeft, y = map.scrollTop;
  document.getElementById('head').innerHTML = m.head;
  map.innerHTML = m.body;
  map.scrollLeft = x; map.scrollTop = y;
  if (focused) { const g = map.querySelector('[data-stream="' + CSS.escape(focused) + '"]'); if (g) g.focus(); }
  vscode.postMessage({ type: 'shown', count: m.count });
});
vscode.postMessage({ type: 'ready' });
`;

/** What the lines, borders and dots mean, and how to use the map: one short line each. */
const LEGEND = [
  '<ul class="legend">',
  '<li><b>Arrows</b> (from a stream to its copy): solid a mirror, dashed a source, purple one that crosses regions</li>',
  '<li><b>Border</b> (health): green healthy, yellow degraded or not known, red no leader or unavailable, blue read from a file (no health known)</li>',
  '<li><b>Dots</b> (replicas): filled the leader, hollow a follower that is current, red one that is not current</li>',
  '<li><b>Use</b>: click a stream, or Tab to it and press Enter, to open it; <b>Lose</b> on a server or region runs the failure drill for losing it</li>',
  '</ul>',
].join('');

/** The regions counted: those a placement or a cluster names, and the group whose cluster is not known. */
function regionsText(map: DrMap): string {
  const known = map.regions.filter((r) => r.name !== UNKNOWN_REGION).length;
  return `${plural(known, 'region')}${known < map.regions.length ? ' and an unknown cluster' : ''}`;
}

function headHtml(source: DrMapSource, title: string, map: DrMap | undefined): string {
  const buttons = (['live', 'workspace'] as const)
    .map((s) => `<button data-source="${s}" aria-pressed="${s === source}">${s === 'live' ? 'Live connection' : 'Workspace files'}</button>`)
    .join('');
  const parts = [`<h1>${escapeMarkup(title)}</h1>`, `<div>${buttons}</div>`];
  if (map) {
    const servers = map.regions.reduce((n, r) => n + r.servers.length, 0);
    const cross = map.edges.filter((e) => e.crossRegion).length;
    parts.push(
      `<p class="summary">${regionsText(map)} · ${map.source === 'live' ? `${plural(servers, 'server')} · ` : ''}${plural(map.streams.length, 'stream')} · ${plural(map.edges.length, 'copy', 'copies')} (${cross} across regions)</p>`,
      LEGEND,
    );
    for (const m of map.missingOrigins.slice(0, 5)) parts.push(`<p class="note">${escapeMarkup(`${m.stream}: its ${m.kind} ${m.origin} is not on the map`)}</p>`);
    if (map.missingOrigins.length > 5) parts.push(`<p class="note">and ${map.missingOrigins.length - 5} more copies whose origin is not on the map</p>`);
  }
  return parts.join('\n');
}

export class DrMapPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private source: DrMapSource = 'live';
  private current: DrMap | undefined;
  private rendering: Promise<void> = Promise.resolve();
  private redrawTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyWaiters: (() => void)[] = [];
  private ready = false;
  /** The last rendering, for the tests. */
  last: DrMapRender | undefined;
  /** Renderings the webview has shown (its `shown` replies), for the tests. */
  shown = 0;
  /** The result of the last drill a "Lose" button ran, for the tests. */
  lastDrill: unknown;

  constructor(private readonly feed: DrMapFeed) {
    this.disposables.push(feed.onDidChange((source) => source === this.source && this.scheduleRedraw()));
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Shows the map of `source` (the panel is created once, then revealed and redrawn). */
  async show(source: DrMapSource): Promise<DrMapRender> {
    this.source = source;
    if (!this.panel) {
      this.ready = false;
      const panel = vscode.window.createWebviewPanel(DR_MAP_VIEW_TYPE, 'DR Map', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [], enableFindWidget: true, retainContextWhenHidden: true });
      this.panel = panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      });
      panel.webview.onDidReceiveMessage((m: unknown) => void this.received(m));
      const nonce = randomBytes(16).toString('base64');
      panel.webview.html = htmlDocument({ title: 'DR Map', nonce, style: PAGE_STYLE + DR_MAP_STYLE, body: '<header id="head"></header><div id="map" role="region" aria-label="DR map"></div>', script: SCRIPT });
    } else {
      this.panel.reveal(this.panel.viewColumn);
    }
    await this.redraw();
    return this.last!;
  }

  /** Resolves once the webview's script runs (it then takes updates). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Opens the stream with this map id, as a click on it does. */
  async openStream(id: string): Promise<boolean> {
    const stream = this.current?.streams.find((s) => s.id === id);
    if (!stream) return false;
    await this.feed.open(stream);
    return true;
  }

  /** Runs the drill for losing a server or cluster on the map, as its "Lose" button does; false when the map has no such box. */
  async lose(target: { server?: string; cluster?: string }): Promise<boolean> {
    const map = this.current;
    if (!map) return false;
    let drill: DrLoseTarget;
    if (target.server !== undefined && map.regions.some((r) => r.servers.some((v) => v.name === target.server))) drill = { servers: [target.server] };
    else if (target.cluster !== undefined && target.cluster !== UNKNOWN_REGION && map.regions.some((r) => r.name === target.cluster)) drill = { clusters: [target.cluster] };
    else return false;
    this.lastDrill = await this.feed.lose(this.source, drill);
    return true;
  }

  private async received(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; id?: unknown; source?: unknown; count?: unknown; server?: unknown; cluster?: unknown };
    if (m.type === 'ready') {
      this.ready = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      await this.post();
    } else if (m.type === 'open' && typeof m.id === 'string') {
      await this.openStream(m.id);
    } else if (m.type === 'lose') {
      await this.lose({ ...(typeof m.server === 'string' ? { server: m.server } : {}), ...(typeof m.cluster === 'string' ? { cluster: m.cluster } : {}) });
    } else if (m.type === 'source' && (m.source === 'live' || m.source === 'workspace')) {
      await this.show(m.source);
    } else if (m.type === 'shown' && typeof m.count === 'number') {
      this.shown = Math.max(this.shown, m.count);
    }
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => void this.redraw(), 300);
  }

  private pending: { head: string; body: string } | undefined;

  private redraw(): Promise<void> {
    this.rendering = this.rendering.then(() => this.render()).catch(() => undefined);
    return this.rendering;
  }

  private async render(): Promise<void> {
    if (!this.panel) return;
    const source = this.source;
    const started = Date.now();
    const got = await this.feed.map(source);
    let head: string;
    let body: string;
    let svg = '';
    if ('why' in got) {
      this.current = undefined;
      head = headHtml(source, source === 'live' ? 'DR Map: live connection' : 'DR Map: workspace files', undefined);
      body = `<p class="why">${escapeMarkup(got.why)}</p>`;
    } else {
      this.current = got.map;
      svg = renderDrMapSvg(await layoutDrMap(got.map), got.title, { lose: got.map.source === 'live' ? true : 'regions' });
      head = headHtml(source, got.title, got.map);
      body = got.map.streams.length ? svg : '<p class="why">No streams to show.</p>';
    }
    const count = (this.last?.count ?? 0) + 1;
    this.last = { source, streams: this.current?.streams.length ?? 0, edges: this.current?.edges.length ?? 0, svg, head, renderMs: Date.now() - started, count };
    this.panel.title = source === 'live' ? 'DR Map (live)' : 'DR Map (workspace)';
    this.pending = { head, body };
    await this.post();
  }

  private async post(): Promise<void> {
    if (!this.panel || !this.ready || !this.pending || !this.last) return;
    await this.panel.webview.postMessage({ type: 'update', ...this.pending, count: this.last.count });
  }
}
