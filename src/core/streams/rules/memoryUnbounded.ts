import { StreamRule } from './types';

export const memoryUnbounded: StreamRule = {
  id: 'memory-unbounded',
  severity: 'warning',
  scope: 'stream',
  title: 'Memory storage without max_bytes',
  anchor: '`storage`',
  reads: ['storage', 'max_bytes'],
  explanation:
    'A memory stream without a positive `max_bytes` grows in RAM until it reaches the server\'s ' +
    'JetStream memory limit, and then publishes to every memory stream on that server fail. Set ' +
    '`max_bytes` to what the stream may use.',
  check(stream, report) {
    const { storage, max_bytes } = stream.config;
    if (storage !== 'memory' || max_bytes > 0) return;
    report({ span: stream.keySpan('storage'), message: 'Memory storage without a positive max_bytes: the stream grows in RAM until the server\'s limit' });
  },
};
