import { MIN_DURATION } from '../config';
import { formatDuration } from '../format';
import { fixes, removeFieldFix, setFieldFix } from './fixes';
import { StreamRule } from './types';

export const duplicateWindowTooSmall: StreamRule = {
  id: 'duplicate-window-too-small',
  severity: 'error',
  scope: 'stream',
  title: 'duplicate_window below 100 ms',
  anchor: '`duplicate_window`',
  reads: ['duplicate_window', 'max_age'],
  serverCheck: { error: '10052 "duplicates window needs to be >= 100ms" (or "can not be negative")' },
  explanation:
    '`duplicate_window` is in **nanoseconds**: 0 (or leaving it out) means the default of 2 ' +
    'minutes, otherwise it must be at least 100 ms (100000000).',
  check(stream, report) {
    const window = stream.config.duplicate_window;
    if (!stream.has('duplicate_window') || window === 0 || window >= MIN_DURATION) return;
    const seconds = window * 1e9;
    const fitsMaxAge = stream.config.max_age <= 0 || seconds <= stream.config.max_age;
    const asSeconds = window > 0 && Number.isSafeInteger(seconds) && fitsMaxAge
      ? setFieldFix(stream, 'duplicate_window', String(seconds), `Read as ${window} seconds (${formatDuration(seconds)})`)
      : undefined;
    report({
      span: stream.keySpan('duplicate_window'),
      message: `duplicate_window is ${window} ns (${formatDuration(window)}): it must be at least 100ms, or 0 for the default; durations are in nanoseconds`,
      fixes: fixes(removeFieldFix(stream, 'duplicate_window', 'Remove duplicate_window (use the default)', true), asSeconds, setFieldFix(stream, 'duplicate_window', String(MIN_DURATION), 'Set duplicate_window to 100ms')),
    });
  },
};
