/**
 * The HTML of a page shown in a webview (pagePanel.ts): the Markdown the core produces rendered
 * with markdown-it (raw HTML in the Markdown stays text), theme colours from VS Code's CSS
 * variables, in the shell of htmlDocument.ts (its Content-Security-Policy loads nothing from
 * anywhere; these pages have no script). Pure: no `vscode` import.
 */
import MarkdownIt from 'markdown-it';
import { htmlDocument } from './htmlDocument';

export interface PageHtmlOptions {
  /** The panel's title (the `<title>` of the document). */
  title: string;
  /** A fresh random value for this rendering; the only style element carries it. */
  nonce: string;
  /**
   * Where a link of the Markdown goes: the href to write (e.g. a `command:` URI), or undefined
   * to show its text without a link. Without this option no link is kept.
   */
  linkHref?: (href: string) => string | undefined;
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// markdown-it refuses file: links too; here every link goes through `linkHref`, which decides.
markdown.validateLink = (url: string): boolean => !/^\s*(javascript|vbscript|data):/i.test(url);

const STYLE = `
html { color-scheme: light dark; }
body {
  color: var(--vscode-editor-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.5;
  max-width: 980px;
  padding: 0 24px 24px;
  margin: 0;
}
h1, h2, h3 { font-weight: 600; line-height: 1.25; }
h1 { font-size: 1.7em; padding-bottom: 0.3em; border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
h2 { font-size: 1.3em; margin-top: 1.6em; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
code {
  font-family: var(--vscode-editor-font-family, monospace);
  font-size: 0.95em;
  background: var(--vscode-textCodeBlock-background, rgba(128, 128, 128, 0.15));
  padding: 1px 4px;
  border-radius: 3px;
}
pre { background: var(--vscode-textCodeBlock-background, rgba(128, 128, 128, 0.15)); padding: 8px 12px; overflow-x: auto; border-radius: 3px; }
pre code { padding: 0; background: none; }
hr { border: 0; border-top: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); margin: 1.5em 0; }
blockquote { margin: 0; padding: 0 1em; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
.table { overflow-x: auto; margin: 1em 0; }
/* Columns share the panel's width and long values (keys, dates, subjects) wrap: no sideways scrolling. */
table { border-collapse: collapse; table-layout: fixed; width: 100%; }
th, td {
  text-align: left;
  vertical-align: top;
  padding: 4px 10px;
  border: 1px solid var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.35));
  overflow-wrap: anywhere;
}
th { background: var(--vscode-keybindingTable-headerBackground, rgba(128, 128, 128, 0.12)); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--vscode-keybindingTable-rowsBackground, rgba(128, 128, 128, 0.05)); }
`;

function render(source: string, linkHref: PageHtmlOptions['linkHref']): string {
  const tokens = markdown.parse(source, {});
  for (const token of tokens) {
    for (const inline of token.children ?? []) {
      if (inline.type !== 'link_open') continue;
      const href = inline.attrGet('href');
      const target = href !== null && linkHref ? linkHref(href) : undefined;
      if (target === undefined) {
        // Keep the text, drop the link: an `a` without href is not focusable and goes nowhere.
        inline.attrs = [];
      } else {
        inline.attrSet('href', target);
        inline.attrSet('title', href!);
      }
    }
  }
  const html = markdown.renderer.render(tokens, markdown.options, {});
  return html.replace(/<table>/g, '<div class="table"><table>').replace(/<\/table>/g, '</table></div>');
}

/** A whole HTML document showing `source` (Markdown). */
export function pageHtml(source: string, options: PageHtmlOptions): string {
  return htmlDocument({ title: options.title, nonce: options.nonce, style: STYLE, body: `<main>\n${render(source, options.linkHref)}\n</main>` });
}
