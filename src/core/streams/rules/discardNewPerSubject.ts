import { fixes, setFieldFix } from './fixes';
import { StreamRule } from './types';

export const discardNewPerSubject: StreamRule = {
  id: 'discard-new-per-subject',
  severity: 'error',
  scope: 'stream',
  title: 'discard_new_per_subject without discard new and max_msgs_per_subject',
  anchor: '`discard_new_per_subject`',
  reads: ['discard_new_per_subject', 'discard', 'max_msgs_per_subject'],
  serverCheck: {
    error: '10052 "discard new per subject requires discard new policy to be set" or "discard new per subject requires max msgs per subject > 0"',
  },
  explanation:
    '`discard_new_per_subject` refuses a new message on a subject that already holds ' +
    '`max_msgs_per_subject` messages, instead of dropping the oldest one. It needs both ' +
    '`discard: "new"` and a `max_msgs_per_subject` above 0. Set them, or remove ' +
    '`discard_new_per_subject` to keep the last messages of each subject.',
  check(stream, report) {
    const { discard_new_per_subject: perSubject, discard, max_msgs_per_subject: perSubjectMax } = stream.config;
    if (!perSubject) return;
    const missing: string[] = [];
    if (discard !== 'new') missing.push('discard "new"');
    if (perSubjectMax <= 0) missing.push('max_msgs_per_subject > 0');
    if (missing.length === 0) return;
    report({
      span: stream.keySpan('discard_new_per_subject'),
      message: `discard_new_per_subject needs ${missing.join(' and ')}`,
      fixes: fixes(discard !== 'new' ? setFieldFix(stream, 'discard', '"new"', 'Set discard to "new"', missing.length === 1) : undefined),
    });
  },
};
