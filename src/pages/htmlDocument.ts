/**
 * The shell every webview page of the extension shares: a Content-Security-Policy that loads
 * nothing from anywhere (one style element and, only when the page needs one, one script element,
 * each carrying the rendering's nonce; no image, font, frame or remote resource), the title and
 * the body. Pure: no `vscode` import.
 */
import { escapeMarkup } from '../core/markup';

export interface HtmlDocumentOptions {
  /** The `<title>` (escaped here). */
  title: string;
  /** A fresh random value for this rendering; the style and script elements carry it. */
  nonce: string;
  /** The CSS of the page's only style element. */
  style: string;
  /** The body's HTML, already escaped where it must be. */
  body: string;
  /** The page's only script, when it needs one (else scripts are refused altogether). */
  script?: string;
}

/** The page's Content-Security-Policy. */
export function contentSecurityPolicy(nonce: string, script: boolean): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'none'",
    script ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A whole HTML document. */
export function htmlDocument(options: HtmlDocumentOptions): string {
  const { nonce } = options;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce, options.script !== undefined)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeMarkup(options.title)}</title>`,
    `<style nonce="${nonce}">${options.style}</style>`,
    '</head>',
    '<body>',
    options.body,
    ...(options.script !== undefined ? [`<script nonce="${nonce}">${options.script}</script>`] : []),
    '</body>',
    '</html>',
  ].join('\n');
}
