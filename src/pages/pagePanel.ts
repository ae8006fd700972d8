/**
 * Every readable page of the extension (a stream's fault tolerance, a rule, a decoded JWT) shown
 * the same way: a webview panel rendering the Markdown of a virtual document (pageHtml.ts), one
 * panel per page (its URI), re-rendered when its provider says the page changed.
 *
 * Each page kind registers a `TextDocumentContentProvider` for its scheme here. Its URIs stay
 * openable as text (tests read them; a diagnostic's code link opens them): when such a URI opens
 * in an editor tab, the tab is replaced by the page's panel. Links between pages become
 * `command:` URIs of one command, the only command the panels may run.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { displayLabel } from '../core/trust/quote';
import { pageHtml } from './pageHtml';

export const PAGE_VIEW_TYPE = 'natsWorkbench.page';
/** `command:natsWorkbench.openPage?["<uri>"]`: a page of ours in its panel, any other URI as `vscode.open` opens it. */
export const OPEN_PAGE_COMMAND = 'natsWorkbench.openPage';

export interface PageKind {
  scheme: string;
  provider: vscode.TextDocumentContentProvider;
  /** The panel's title; default: the URI's file name without `.md`. */
  title?: (uri: vscode.Uri) => string;
}

export interface ShowPageOptions {
  /** Default: the active editor group. */
  viewColumn?: vscode.ViewColumn;
  preserveFocus?: boolean;
}

/** What the tests read of an open page. */
export interface OpenPage {
  uri: vscode.Uri;
  panel: vscode.WebviewPanel;
}

const EXTERNAL = /^(https?|mailto):/i;

function defaultTitle(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.replace(/^.*\//, '')).replace(/\.md$/, '');
}

export function openPageCommandUri(target: string): string {
  return `command:${OPEN_PAGE_COMMAND}?${encodeURIComponent(JSON.stringify([target]))}`;
}

export class PagePanels implements vscode.Disposable {
  private readonly kinds = new Map<string, PageKind>();
  private readonly panels = new Map<string, OpenPage>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.commands.registerCommand(OPEN_PAGE_COMMAND, (target: string | vscode.Uri) => this.open(target)),
      vscode.window.tabGroups.onDidChangeTabs((e) => void this.replaceTextTabs(e.opened)),
    );
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Serves a kind of page: its URIs open as text and as panels, which follow its changes. */
  register(kind: PageKind): vscode.Disposable {
    this.kinds.set(kind.scheme, kind);
    const subscriptions = [vscode.workspace.registerTextDocumentContentProvider(kind.scheme, kind.provider)];
    if (kind.provider.onDidChange) {
      subscriptions.push(kind.provider.onDidChange((uri) => void this.rerender(uri)));
    }
    return new vscode.Disposable(() => {
      this.kinds.delete(kind.scheme);
      for (const s of subscriptions) s.dispose();
    });
  }

  /** Shows the page at `uri` in its own panel (revealed in its group when already open). */
  async show(uri: vscode.Uri, options: ShowPageOptions = {}): Promise<vscode.WebviewPanel> {
    const kind = this.kinds.get(uri.scheme);
    if (!kind) throw new Error(`${uri.toString()} is not a page of NATS Workbench`);
    const key = uri.toString();
    const viewColumn = options.viewColumn ?? vscode.ViewColumn.Active;
    const existing = this.panels.get(key);
    if (existing) {
      // Where the person left it.
      existing.panel.reveal(existing.panel.viewColumn, options.preserveFocus);
      await this.rerender(uri);
      return existing.panel;
    }
    // A page's title names a stream, a user or a server: one line in its own order on the tab.
    const title = displayLabel((kind.title ?? defaultTitle)(uri));
    const panel = vscode.window.createWebviewPanel(
      PAGE_VIEW_TYPE,
      title,
      { viewColumn, preserveFocus: options.preserveFocus ?? false },
      { enableScripts: false, enableCommandUris: [OPEN_PAGE_COMMAND], localResourceRoots: [], enableFindWidget: true },
    );
    this.panels.set(key, { uri, panel });
    panel.onDidDispose(() => this.panels.delete(key));
    await this.rerender(uri);
    return panel;
  }

  /** The open pages, for the tests. */
  openPages(): OpenPage[] {
    return [...this.panels.values()];
  }

  /** A link of a page: a page of ours in its panel, anything else as VS Code opens it. */
  private async open(target: string | vscode.Uri): Promise<void> {
    const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
    if (this.kinds.has(uri.scheme)) await this.show(uri);
    else await vscode.commands.executeCommand('vscode.open', uri);
  }

  private linkHref(href: string): string | undefined {
    if (EXTERNAL.test(href)) return href;
    const scheme = /^([a-z][\w+.-]*):/i.exec(href)?.[1]?.toLowerCase();
    if (scheme && (this.kinds.has(scheme) || scheme === 'file' || scheme === 'untitled')) return openPageCommandUri(href);
    return undefined;
  }

  private async rerender(uri: vscode.Uri): Promise<void> {
    const page = this.panels.get(uri.toString());
    const kind = this.kinds.get(uri.scheme);
    if (!page || !kind) return;
    const cancel = new vscode.CancellationTokenSource();
    let source: string;
    try {
      source = (await kind.provider.provideTextDocumentContent(uri, cancel.token)) ?? '';
    } finally {
      cancel.dispose();
    }
    if (this.panels.get(uri.toString()) !== page) return; // closed meanwhile
    page.panel.webview.html = pageHtml(source, {
      title: page.panel.title,
      nonce: randomBytes(16).toString('base64'),
      linkHref: (href) => this.linkHref(href),
    });
  }

  /** A page opened as text (e.g. from a diagnostic's code link) is shown as its panel instead. */
  private async replaceTextTabs(opened: readonly vscode.Tab[]): Promise<void> {
    for (const tab of opened) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputText) || !this.kinds.has(input.uri.scheme)) continue;
      const viewColumn = tab.group.viewColumn;
      await vscode.window.tabGroups.close(tab);
      await this.show(input.uri, { viewColumn });
    }
  }
}
