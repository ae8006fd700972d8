import { fixes, removeFieldFix } from './fixes';
import { StreamRule } from './types';

export const mirrorWithSubjects: StreamRule = {
  id: 'mirror-with-subjects',
  severity: 'error',
  scope: 'stream',
  title: 'Mirror with subjects',
  anchor: '`subjects`',
  reads: ['mirror', 'subjects'],
  serverCheck: { error: '10034 "stream mirrors can not contain subjects"' },
  explanation:
    'A mirror is a read-only copy of one stream: its messages come only from the mirrored stream, ' +
    'so it cannot listen on subjects of its own. Remove `subjects`, or use `sources` instead of ' +
    '`mirror` to combine copied messages with published ones.',
  check(stream, report) {
    const { mirror, subjects } = stream.config;
    if (!mirror || subjects.length === 0) return;
    report({
      span: stream.keySpan('subjects'),
      message: `A mirror cannot have subjects: this stream mirrors ${mirror.name ? JSON.stringify(mirror.name) : 'another stream'} and lists ${subjects.length}`,
      fixes: fixes(removeFieldFix(stream, 'subjects', 'Remove subjects from the mirror', true)),
    });
  },
};
