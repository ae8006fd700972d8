import { replaceNode } from '../edits';
import { plural } from '../../plural';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

const FORBIDDEN = /[\s.*>/\\]/g;
/** The same characters, for a test that allocates nothing (a global regex's test would keep state). */
const HAS_FORBIDDEN = /[\s.*>/\\]/;
/** The server's limit on a name, in bytes of UTF-8 (Go's `len`): JSMaxNameLen. */
export const MAX_NAME_BYTES = 255;

/** What is wrong with a non-empty stream name: characters the server refuses, or its length. */
export type StreamNameFault = { kind: 'characters'; characters: string } | { kind: 'length'; bytes: number };

/**
 * Why the server would refuse `name` (non-empty) as a stream name, or undefined. The one check of a
 * stream name, for configs in files and for names from a server or a backup folder before they
 * become a token of an API subject.
 */
export function streamNameFault(name: string): StreamNameFault | undefined {
  if (HAS_FORBIDDEN.test(name)) {
    return { kind: 'characters', characters: [...new Set(name.match(FORBIDDEN)!.map((c) => (/\s/.test(c) ? 'whitespace' : `\`${c}\``)))].join(', ') };
  }
  // Short names are short in bytes too (a UTF-16 unit is at most 3 bytes of UTF-8).
  const bytes = name.length * 3 <= MAX_NAME_BYTES ? name.length : Buffer.byteLength(name, 'utf8');
  return bytes > MAX_NAME_BYTES ? { kind: 'length', bytes } : undefined;
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
    '`.`, `*`, `>`, `/` or `\\`, and may be at most 255 bytes long (in UTF-8). Use letters, digits, `-` and `_`, e.g. `ORDERS` or `orders-eu`.',
  check(stream, report) {
    const tree = stream.document.tree;
    const key = stream.keyNode('name');
    if (key < 0) {
      report({ span: stream.defaultAnchor, message: 'The stream has no `name`' });
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
    const fixed = name.replace(FORBIDDEN, '_');
    report({
      span: nodeSpan(tree, key),
      message: `The stream name ${JSON.stringify(name)} contains ${shown}: names may not hold whitespace, \`.\`, \`*\`, \`>\`, \`/\` or \`\\\``,
      fixes: [{ title: `Rename to ${fixed}`, edits: [replaceNode(tree, value, JSON.stringify(fixed))], preferred: true }],
    });
  },
};
