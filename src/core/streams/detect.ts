/**
 * Cheap content detection: does this JSON text look like a stream configuration (or a
 * `nats stream info --json` document, or an array of them)? Reads at most the first 64 KiB with
 * regular expressions, so other JSON files (package.json, tsconfig.json) cost next to nothing.
 * Keys are matched regardless of letter case, as the server reads them; a config without a `name`
 * counts when it has several stream fields (it then gets `invalid-name`).
 */

const HEAD = 64 * 1024;
const NAME_KEY = /"name"\s*:/i;
const STREAM_KEYS =
  '"(subjects|retention|storage|num_replicas|max_age|max_msgs|max_bytes|max_msgs_per_subject|max_msg_size|max_consumers|duplicate_window|discard|mirror|sources|placement|deny_purge|deny_delete|allow_rollup_hdrs|allow_direct)"\\s*:';
const STREAM_KEY = new RegExp(STREAM_KEYS, 'i');
const EVERY_STREAM_KEY = new RegExp(STREAM_KEYS, 'gi');
/** Distinct stream fields that make a config without `name` count as one. */
const FIELDS_WITHOUT_NAME = 3;

/** The first character that is not whitespace, a byte order mark or a comment. */
function firstSignificant(text: string): string {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\uFEFF') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return c;
    }
  }
  return '';
}

export function looksLikeStreamConfig(text: string): boolean {
  const first = firstSignificant(text);
  if (first !== '{' && first !== '[') return false;
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  if (!STREAM_KEY.test(head)) return false;
  if (NAME_KEY.test(head)) return true;
  const fields = new Set<string>();
  for (const match of head.matchAll(EVERY_STREAM_KEY)) {
    fields.add(match[1].toLowerCase());
    if (fields.size >= FIELDS_WITHOUT_NAME) return true;
  }
  return false;
}
