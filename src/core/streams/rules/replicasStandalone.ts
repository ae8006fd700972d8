import { MAX_REPLICAS, replicaCount } from '../config';
import { replicasFix } from './fixes';
import { LiveRule } from './types';

export const replicasStandalone: LiveRule = {
  id: 'replicas-standalone',
  severity: 'error',
  scope: 'live',
  title: 'Replicas on a standalone server',
  anchor: '`num_replicas`',
  reads: ['num_replicas'],
  serverCheck: { error: '10074 "replicas > 1 not supported in non-clustered mode"' },
  explanation:
    'The server is not clustered, so it can hold only one replica: it refuses any stream with ' +
    '`num_replicas` above 1. Run a cluster of 3 or more servers for fault tolerance, or use 1 ' +
    'replica on this server.',
  check(stream, topology, report) {
    const r = replicaCount(stream.config);
    if (topology.kind !== 'standalone' || r <= 1 || r > MAX_REPLICAS) return;
    report({ span: stream.keySpan('num_replicas'), message: `R${r} on a server that is not clustered: it accepts only 1 replica`, headline: 'cannot be placed: the server is not clustered', fixes: [replicasFix(stream, 1)] });
  },
};
