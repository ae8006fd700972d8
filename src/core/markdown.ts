import { displayText } from './trust/quote';

/**
 * `text` for Markdown pages, reports and tooltips built from names and messages: shown by
 * displayText (a line break, an escape or a bidirectional override from a server's name written
 * `\n`, `\u001b`, `\u202e`: nats-server 2.9.10 accepts a `server_name` with a line break, which
 * ended a table row, and stream names with overrides, which reorder what follows), then with
 * Markdown's special characters escaped: links, images, HTML, emphasis, code, tables, and also
 * `&` (an entity such as `&#8238;` would bring back the override displayText showed), `$` (a
 * `$(icon)` in a tooltip with theme icons), `~` (strikethrough) and the `:` of `://` (VS Code's
 * hovers and tooltips turn a bare `https://…` into a link; `https\://…` stays text).
 */
export function md(text: string): string {
  return displayText(text).replace(/[\\`*_{}[\]()#+\-.!|<>&$~]|:(?=\/\/)/g, '\\$&');
}

/**
 * `text` as inline code in Markdown: shown by displayText, between backquote fences longer than
 * any run of backquotes inside it, so the text can neither close the code span nor become a
 * link, an image or HTML. Not for a table cell (a `|` there still ends the cell: use md).
 */
export function mdCode(text: string): string {
  const shown = displayText(text);
  let longest = 0;
  for (const run of shown.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') || shown === '' ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}
