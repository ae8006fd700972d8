/**
 * `text` with markdown's special characters escaped and its line breaks made spaces, for pages,
 * reports and tooltips built from names and messages (a server's name may hold a line break, which
 * would end a table row or a list item and start a block of its own).
 */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&').replace(/[\r\n\u2028\u2029]+/g, ' ');
}
