/** `text` with markdown's special characters escaped, for tooltips built from names and messages. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
