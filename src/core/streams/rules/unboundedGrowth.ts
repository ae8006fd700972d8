import { StreamRule } from './types';

export const unboundedGrowth: StreamRule = {
  id: 'unbounded-growth',
  severity: 'info',
  scope: 'stream',
  title: 'No limit on growth',
  anchor: '`retention` (or the default anchor)',
  reads: ['retention', 'max_age', 'max_bytes', 'max_msgs', 'max_msgs_per_subject'],
  explanation:
    'With `limits` retention, messages are removed only by a limit. Without a positive `max_age`, ' +
    '`max_bytes`, `max_msgs` or `max_msgs_per_subject`, the stream keeps everything until the ' +
    'server\'s storage is full. Set the limit that matches how long the data is useful.',
  check(stream, report) {
    const c = stream.config;
    if (c.retention !== 'limits' || c.max_age > 0 || c.max_bytes > 0 || c.max_msgs > 0 || c.max_msgs_per_subject > 0) return;
    report({ span: stream.keySpan('retention'), message: 'Limits retention without max_age, max_bytes, max_msgs or max_msgs_per_subject: the stream keeps every message forever' });
  },
};
