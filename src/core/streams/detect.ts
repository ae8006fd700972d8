/**
 * Cheap content detection: does this JSON text look like a stream configuration (or a
 * `nats stream info --json` document, or an array of them)? Reads at most the first 64 KiB with
 * two regular expressions, so other JSON files (package.json, tsconfig.json) cost next to nothing.
 */

const HEAD = 64 * 1024;
const NAME_KEY = /"name"\s*:/;
const STREAM_KEY =
  /"(?:subjects|retention|storage|num_replicas|max_age|max_msgs|max_bytes|max_msgs_per_subject|max_msg_size|max_consumers|duplicate_window|discard|mirror|sources|placement|deny_purge|deny_delete|allow_rollup_hdrs|allow_direct)"\s*:/;

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
  return NAME_KEY.test(head) && STREAM_KEY.test(head);
}
