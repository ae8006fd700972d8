import { versionAtLeast } from '../serverVersion';
import { StreamEntry } from '../document';
import { Span } from '../lineIndex';
import { nodeSpan } from './fixes';
import { streamNameFault } from './invalidName';
import { StreamRule } from './types';

/** The `name` key of the mirror (index -1) or of sources entry `index`, else the entry or field. */
function nameSpan(stream: StreamEntry, index: number): Span {
  const tree = stream.document.tree;
  const entry = index < 0 ? stream.valueNode('mirror') : tree.children(stream.valueNode('sources'))[index] ?? -1;
  const key = entry >= 0 ? tree.findKey(entry, 'name') : -1;
  if (key >= 0) return nodeSpan(tree, key);
  return entry >= 0 ? nodeSpan(tree, entry) : stream.keySpan(index < 0 ? 'mirror' : 'sources');
}

export const copyInvalidName: StreamRule = {
  id: 'copy-invalid-name',
  severity: 'error',
  scope: 'stream',
  title: 'Mirror or source naming no possible stream',
  anchor: '`name` in `mirror` or `sources`',
  reads: ['mirror', 'sources'],
  serverCheck: { error: '10142 "mirrored stream name is invalid" or 10141 "sourced stream name is invalid"', since: '2.10' },
  explanation:
    'A `mirror` or `sources` entry names the stream it copies. A name that is empty or holds ' +
    'whitespace, `.`, `*`, `>`, `/` or `\\` can be no stream\'s name, so nothing would ever be copied: ' +
    'nats-server refuses it from 2.10 (a mirror in another domain, `external`, is not checked; ' +
    '`/` and `\\` from 2.14), and 2.9 accepts it and the copy stays empty.',
  check(stream, report, context) {
    const { mirror, sources } = stream.config;
    const entries = [...(mirror ? [{ copy: mirror, index: -1 }] : []), ...sources.map((copy, index) => ({ copy, index }))];
    for (const { copy, index } of entries) {
      const name = typeof copy?.name === 'string' ? copy.name : '';
      const fault = name === '' ? undefined : streamNameFault(name);
      if (name !== '' && !fault) continue;
      // What the server checks from 2.10: not empty, no whitespace, `.`, `*` or `>`; from 2.14 no `/` or `\` either; never the length.
      const separatorsOnly = fault?.kind === 'characters' && !/[\s.*>]/.test(name);
      const checkedFrom = fault?.kind === 'length' ? undefined : separatorsOnly ? 14 : 10;
      const external = index < 0 && copy.external !== undefined;
      const refused = checkedFrom !== undefined && !external && versionAtLeast(context.serverVersion, 2, checkedFrom);
      const why = !fault ? 'it names none' : fault.kind === 'length' ? `the name is ${fault.bytes} bytes long (at most 255)` : `the name contains ${fault.characters}`;
      const what = index < 0 ? 'The mirror' : `Source #${index + 1}`;
      report({
        span: nameSpan(stream, index),
        message: `${what} copies no stream: ${why}, which no stream can have, so nothing is ever copied${refused ? '; the server refuses it' : ''}`,
      });
    }
  },
};
