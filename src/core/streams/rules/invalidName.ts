import { replaceNode } from '../edits';
import { plural } from '../../plural';
import { NACK_MAPPINGS } from '../resources/mapping';
import type { StreamEntry } from '../document';
import type { Report } from './types';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

const FORBIDDEN = /[\s.*>/\\]/g;
/** The same characters, for a test that allocates nothing (a global regex's test would keep state). */
const HAS_FORBIDDEN = /[\s.*>/\\]/;
/** The server's limit on a name, in bytes of UTF-8 (Go's `len`): JSMaxNameLen. */
export const MAX_NAME_BYTES = 255;

/** The distinct characters of `text` that the global `pattern` matches, in words: "whitespace, `.`". */
function namedCharacters(text: string, pattern: RegExp): string {
  return [...new Set((text.match(pattern) ?? []).map((c) => (/\s/.test(c) ? 'whitespace' : `\`${c}\``)))].join(', ');
}

/** What is wrong with a non-empty stream name: characters the server refuses, or its length. */
export type StreamNameFault = { kind: 'characters'; characters: string } | { kind: 'length'; bytes: number };

/**
 * Why the server would refuse `name` (non-empty) as a stream name, or undefined. The one check of a
 * stream name, for configs in files and for names from a server or a backup folder before they
 * become a token of an API subject.
 */
export function streamNameFault(name: string): StreamNameFault | undefined {
  if (HAS_FORBIDDEN.test(name)) {
    return { kind: 'characters', characters: namedCharacters(name, FORBIDDEN) };
  }
  // Short names are short in bytes too (a UTF-16 unit is at most 3 bytes of UTF-8).
  const bytes = name.length * 3 <= MAX_NAME_BYTES ? name.length : Buffer.byteLength(name, 'utf8');
  return bytes > MAX_NAME_BYTES ? { kind: 'length', bytes } : undefined;
}

/** What the NATS clients (nats.go, nats.js) and `nats kv add`/`nats object add` take as a bucket. */
const BUCKET = /^[A-Za-z0-9_-]+$/;
const NOT_BUCKET = /[^A-Za-z0-9_-]/g;

/**
 * A key-value bucket's or object store's name, `KV_<bucket>`/`OBJ_<bucket>` as a stream: the
 * clients refuse an empty bucket or one with characters other than letters, digits, `-` and `_`
 * before the server sees it; the server's length limit counts the prefix. Messages avoid the words
 * the resource rewords (`name` becomes the file's `bucket` key).
 */
function checkBucket(stream: StreamEntry, prefix: string, key: number, report: Report): void {
  const tree = stream.document.tree;
  const name = stream.config.name ?? '';
  const bucket = name.startsWith(prefix) ? name.slice(prefix.length) : name;
  const span = nodeSpan(tree, key);
  if (bucket === '') {
    report({ span, message: '`name` is empty: a bucket needs one' });
  } else if (!BUCKET.test(bucket)) {
    const shown = namedCharacters(bucket, NOT_BUCKET);
    const fixed = bucket.replace(NOT_BUCKET, '_');
    report({
      span,
      message: `\`name\` ${JSON.stringify(bucket)} holds ${shown}: a bucket may hold only letters, digits, \`-\` and \`_\` (the NATS clients and \`nats\` refuse others)`,
      fixes: [{ title: `Rename to ${fixed}`, edits: [replaceNode(tree, tree.nextSibling(key), JSON.stringify(prefix + fixed))], preferred: true }],
    });
  } else if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    report({ span, message: `\`name\` is ${plural(bucket.length, 'character')} long: with its \`${prefix}\` prefix the server allows at most ${plural(MAX_NAME_BYTES - prefix.length, 'character')}` });
  }
}

/** `name` with each character the server refuses in a stream or consumer name replaced by `_`. */
export function withAllowedCharacters(name: string): string {
  return name.replace(FORBIDDEN, '_');
}

export const invalidName: StreamRule = {
  id: 'invalid-name',
  severity: 'error',
  scope: 'stream',
  title: 'Missing or invalid stream name',
  anchor: '`name` (the opening brace when there is none)',
  reads: ['name'],
  serverCheck: { error: 'refused by the client ("stream name required", "invalid stream name"), 10128 "Stream name can not contain path separators" or 10052 "stream name is too long, maximum allowed is 255"' },
  explanation:
    'Every stream needs a `name`. It becomes a token of the JetStream API subjects ' +
    '(`$JS.API.STREAM.CREATE.<name>`) and a folder on the servers, so it may not contain whitespace, ' +
    '`.`, `*`, `>`, `/` or `\\`, and may be at most 255 bytes long (in UTF-8). Use letters, digits, `-` and `_`, e.g. `ORDERS` or `orders-eu`. ' +
    'A key-value bucket or object store (the stream `KV_<bucket>` or `OBJ_<bucket>`) is checked as the NATS clients check it: ' +
    'a `bucket` that is not empty and holds only letters, digits, `-` and `_`.',
  check(stream, report) {
    const tree = stream.document.tree;
    const key = stream.keyNode('name');
    if (key < 0) {
      report({ span: stream.defaultAnchor, message: 'The stream has no `name`' });
      return;
    }
    const prefix = NACK_MAPPINGS[stream.document.resourceKind(stream.index)].prefix;
    if (prefix) {
      checkBucket(stream, prefix, key, report);
      return;
    }
    const value = tree.nextSibling(key);
    const name = stream.config.name ?? '';
    if (name === '') {
      report({ span: nodeSpan(tree, key), message: 'The stream `name` is empty' });
      return;
    }
    const fault = streamNameFault(name);
    if (fault === undefined) return;
    if (fault.kind === 'length') {
      report({ span: nodeSpan(tree, key), message: `The stream name is ${plural(fault.bytes, 'byte')} long (UTF-8): the server allows at most ${MAX_NAME_BYTES}` });
      return;
    }
    const shown = fault.characters;
    const fixed = withAllowedCharacters(name);
    report({
      span: nodeSpan(tree, key),
      message: `The stream name ${JSON.stringify(name)} contains ${shown}: names may not hold whitespace, \`.\`, \`*\`, \`>\`, \`/\` or \`\\\``,
      fixes: [{ title: `Rename to ${fixed}`, edits: [replaceNode(tree, value, JSON.stringify(fixed))], preferred: true }],
    });
  },
};
