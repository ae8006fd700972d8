import { versionAtLeast } from '../serverVersion';
import { copyEntries, copyKeySpan } from './fixes';
import { streamNameFault } from './invalidName';
import { StreamRule } from './types';

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
    for (const { copy, index } of copyEntries(stream)) {
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
        span: copyKeySpan(stream, index, ['name']),
        message: `${what} copies no stream: ${why}, which no stream can have, so nothing is ever copied${refused ? '; the server refuses it' : ''}`,
      });
    }
  },
};
