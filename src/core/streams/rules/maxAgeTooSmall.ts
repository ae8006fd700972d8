import { MIN_DURATION } from '../config';
import { formatDuration } from '../format';
import { fixes, setFieldFix } from './fixes';
import { StreamRule } from './types';

export const maxAgeTooSmall: StreamRule = {
  id: 'max-age-too-small',
  severity: 'error',
  scope: 'stream',
  title: 'max_age below 100 ms',
  anchor: '`max_age`',
  reads: ['max_age'],
  serverCheck: { error: '10052 "max age needs to be >= 100ms" (a negative one: "duplicates window can not be negative")' },
  explanation:
    '`max_age` is in **nanoseconds**: 0 keeps messages forever, otherwise it must be at least ' +
    '100 ms (100000000). A small number is usually seconds written without the nanoseconds: ' +
    '1 hour is 3600000000000.',
  check(stream, report) {
    const age = stream.config.max_age;
    if (age === 0 || age >= MIN_DURATION) return;
    const asSeconds = age > 0 && Number.isSafeInteger(age * 1e9) ? setFieldFix(stream, 'max_age', String(age * 1e9), `Read as ${age} seconds (${formatDuration(age * 1e9)})`, true) : undefined;
    report({
      span: stream.keySpan('max_age'),
      message: `max_age is ${age} ns (${formatDuration(age)}): it must be 0 (forever) or at least 100ms; durations are in nanoseconds`,
      fixes: fixes(asSeconds, setFieldFix(stream, 'max_age', String(MIN_DURATION), 'Set max_age to 100ms'), setFieldFix(stream, 'max_age', '0', 'Set max_age to 0 (keep forever)')),
    });
  },
};
