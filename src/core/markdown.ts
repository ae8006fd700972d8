/** `text` with markdown's special characters escaped, for pages and tooltips built from names and messages. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
