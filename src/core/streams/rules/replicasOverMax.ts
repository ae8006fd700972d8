import { MAX_REPLICAS } from '../config';
import { replicasFix } from './fixes';
import { StreamRule } from './types';

export const replicasOverMax: StreamRule = {
  id: 'replicas-over-max',
  severity: 'error',
  scope: 'stream',
  title: 'More than 5 replicas',
  anchor: '`num_replicas`',
  reads: ['num_replicas'],
  serverCheck: { error: '10052 "maximum replicas is 5"' },
  explanation:
    'JetStream keeps at most 5 replicas of a stream: every write waits for a quorum, so more copies ' +
    'would only slow writes down. R5 already survives two server failures; for disasters, mirror ' +
    'the stream into another cluster instead.',
  check(stream, report) {
    const r = stream.config.num_replicas;
    if (r <= MAX_REPLICAS) return;
    report({ span: stream.keySpan('num_replicas'), message: `num_replicas is ${r}: the most a stream may have is ${MAX_REPLICAS}`, headline: `invalid: at most ${MAX_REPLICAS} replicas`, fixes: [replicasFix(stream, 5, true), replicasFix(stream, 3)] });
  },
};
