import { replicasFix } from './fixes';
import { StreamRule } from './types';

export const replicasNegative: StreamRule = {
  id: 'replicas-negative',
  severity: 'error',
  scope: 'stream',
  title: 'Negative replica count',
  anchor: '`num_replicas`',
  reads: ['num_replicas'],
  serverCheck: { error: '10133 "replicas count cannot be negative"' },
  explanation:
    '`num_replicas` is how many servers hold a copy of the stream: 1 to 5 (0 means 1). A negative ' +
    'count is refused by the server.',
  check(stream, report) {
    const r = stream.config.num_replicas;
    if (r >= 0) return;
    report({ span: stream.keySpan('num_replicas'), message: `num_replicas is ${r}: the count of replicas cannot be negative`, headline: 'invalid: negative replica count', fixes: [replicasFix(stream, 1), replicasFix(stream, 3)] });
  },
};
