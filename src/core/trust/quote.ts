/** Text from a person or a store, shown safely: in a message, on a terminal, in a log or a config. */

/**
 * Characters never written as themselves: controls (C0, DEL, C1: escape sequences, carriage
 * return), format characters (bidirectional overrides such as U+202E, zero-width characters), line
 * and paragraph separators, private-use, unassigned and lone surrogate code points. The single
 * definition for the display escapes below and the server config's strings (serverConfig.ts).
 */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' };

/**
 * `text` for a terminal, a log line or a notification: every unsafe character (UNSAFE_CHARACTER)
 * written as `\n`, `\r`, `\t`, `\f`, `\uXXXX` or `\u{XXXXX}`, so the text is one line, shown in its own order,
 * and cannot move the cursor, recolour or rewrite a terminal, or forge a log line.
 */
export function displayText(text: string): string {
  return String(text).replace(UNSAFE_CHARACTER, (c) => {
    const code = c.codePointAt(0)!;
    return NAMED[c] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** `text` in single quotes for a message, shown by displayText, cut after `max` characters. */
export function quoted(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${displayText(cut)}'`;
}

/**
 * A line of command-line output that a CI runner cannot take for a command: GitHub Actions runs
 * `::name::` (`::add-mask::`, `::error::`, `::stop-commands::`…) at a line's start, after any
 * spaces, so a leading `:` is written `\u003a`. Lines holding names from a server go through here.
 */
export function inertLine(line: string): string {
  return line.replace(/^(\s*):/, '$1\\u003a');
}

/** One line of terminal output from text that may hold anything: displayText, then inertLine. */
export function displayLine(text: string): string {
  return inertLine(displayText(text));
}

/** The longest label a tree row or a quick pick shows of a name before cutting it with `…`. */
export const LABEL_MAX = 200;

/**
 * A name from a file or a server as a tree row's label or description: shown by displayText (one
 * line, no override reordering what follows, no invisible character making two names look alike),
 * cut after `max` characters so a 100 KB name cannot fill the view.
 */
export function displayLabel(text: string, max = LABEL_MAX): string {
  const s = String(text);
  if (s.length <= max) return displayText(s);
  const end = /[\ud800-\udbff]/.test(s[max - 1] ?? '') ? max - 1 : max; // not half a surrogate pair
  return `${displayText(s.slice(0, end))}…`;
}

/** displayLabel for a quick pick's label or description, which would draw `$(name)` as an icon. */
export function pickLabel(text: string, max = LABEL_MAX): string {
  return displayLabel(text, max).replace(/\$\(/g, '\\$(');
}

/**
 * `text` for a notification, a progress title or a dialog: VS Code turns `[label](target)` there
 * into a link, `command:` targets included, which run on a click. Text that quotes a name or a
 * server's error gets `](` written `]\u0028`, so no link can be made of it.
 */
export function inertLinks(text: string): string {
  return String(text).replace(/\]\(/g, ']\\u0028');
}
