import { fixes, removeFieldFix } from './fixes';
import { StreamRule } from './types';

export const mirrorWithSources: StreamRule = {
  id: 'mirror-with-sources',
  severity: 'error',
  scope: 'stream',
  title: 'Mirror with sources',
  anchor: '`sources`',
  reads: ['mirror', 'sources'],
  serverCheck: { error: '10031 "stream mirrors can not also contain other sources"' },
  explanation:
    'A stream is either a mirror of exactly one stream or a stream that sources from others, not ' +
    'both. Remove `sources`, or turn the mirror into one more entry of `sources`.',
  check(stream, report) {
    const { mirror, sources } = stream.config;
    if (!mirror || sources.length === 0) return;
    report({
      span: stream.keySpan('sources'),
      message: 'A mirror cannot also have sources',
      fixes: fixes(removeFieldFix(stream, 'sources', 'Remove sources from the mirror', true)),
    });
  },
};
