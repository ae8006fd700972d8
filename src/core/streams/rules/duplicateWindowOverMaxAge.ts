import { formatDuration } from '../format';
import { setFieldFix } from './fixes';
import { StreamRule } from './types';

export const duplicateWindowOverMaxAge: StreamRule = {
  id: 'duplicate-window-over-max-age',
  severity: 'error',
  scope: 'stream',
  title: 'duplicate_window longer than max_age',
  anchor: '`duplicate_window`',
  reads: ['duplicate_window', 'max_age'],
  serverCheck: { error: '10052 "duplicates window can not be larger then max age"' },
  explanation:
    'The duplicate window remembers message IDs to drop re-sent messages; it cannot be longer than ' +
    'the messages are kept. Lower `duplicate_window` to `max_age` or less (or leave it out: the ' +
    'server then uses 2 minutes, lowered to `max_age`).',
  check(stream, report) {
    const { duplicate_window: window, max_age: age } = stream.config;
    if (!stream.has('duplicate_window') || age <= 0 || window < age) return;
    // Equal as doubles: beyond 2^53 they may still differ; the server compares int64s.
    if (window === age && !(Number.isSafeInteger(age) ? false : stream.exactInteger('duplicate_window')! > stream.exactInteger('max_age')!)) return;
    const tree = stream.document.tree;
    const shown = (field: 'duplicate_window' | 'max_age', ns: number): string =>
      Number.isSafeInteger(ns) ? formatDuration(ns) : `${stream.exactInteger(field) ?? ns} ns, ${formatDuration(ns)}`;
    report({
      span: stream.keySpan('duplicate_window'),
      message: `duplicate_window (${shown('duplicate_window', window)}) is longer than max_age (${shown('max_age', age)})`,
      fixes: [setFieldFix(stream, 'duplicate_window', tree.raw(stream.valueNode('max_age')), `Lower duplicate_window to max_age (${formatDuration(age)})`, true)],
    });
  },
};
