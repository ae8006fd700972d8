import { displayText } from './trust/quote';

/**
 * `text` for Markdown pages, reports and tooltips built from names and messages: shown by
 * displayText (a line break, an escape or a bidirectional override from a server's name written
 * `\n`, `\u001b`, `\u202e`: nats-server 2.9.10 accepts a `server_name` with a line break, which
 * ended a table row, and stream names with overrides, which reorder what follows), then with
 * Markdown's special characters escaped.
 */
export function md(text: string): string {
  return displayText(text).replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
