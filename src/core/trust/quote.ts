/** Text a person typed, shown safely inside a message. */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' };

/**
 * `text` in single quotes for a message: control characters, line separators and lone UTF-16
 * surrogates escaped (so a message stays one readable line), cut after `max` characters.
 */
export function quoted(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  const shown = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/gu, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${shown}'`;
}
