import { isMirror } from '../config';
import { fixes, removeFieldFix } from './fixes';
import { StreamRule } from './types';

export const mirrorDirectWithoutMirror: StreamRule = {
  id: 'mirror-direct-without-mirror',
  severity: 'error',
  scope: 'stream',
  title: 'mirror_direct without a mirror',
  anchor: '`mirror_direct`',
  reads: ['mirror_direct', 'mirror'],
  serverCheck: { error: '10052 "stream has no mirror but does have mirror direct"' },
  explanation:
    '`mirror_direct` lets a mirror answer direct gets for the stream it mirrors, so it only means ' +
    'something on a stream with a `mirror`. Remove `mirror_direct`; to answer direct gets for ' +
    'this stream itself, use `allow_direct`.',
  check(stream, report) {
    if (!stream.config.mirror_direct || isMirror(stream.config)) return;
    report({
      span: stream.keySpan('mirror_direct'),
      message: 'mirror_direct is set, but the stream has no mirror',
      fixes: fixes(removeFieldFix(stream, 'mirror_direct', 'Remove mirror_direct', true)),
    });
  },
};
