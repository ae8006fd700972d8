import { plural } from '../../plural';
import { MAX_REPLICAS, replicaCount } from '../config';
import { jetStreamServers } from '../topology';
import { replicasFix } from './fixes';
import { candidateClusters, largestOddReplicas } from './live';
import { LiveRule } from './types';

export const replicasExceedCluster: LiveRule = {
  id: 'replicas-exceed-cluster',
  severity: 'error',
  scope: 'live',
  title: 'More replicas than servers',
  anchor: '`num_replicas`',
  reads: ['num_replicas', 'placement'],
  serverCheck: { error: '10005 "insufficient resources" / "no suitable peers for placement"' },
  explanation:
    'Each replica needs its own JetStream server. A cluster of 3 can hold R1 or R3 (and R2), not ' +
    'R4 or R5. Lower `num_replicas`, place the stream in a larger cluster, or add servers.',
  check(stream, topology, report) {
    const r = replicaCount(stream.config);
    const clusters = candidateClusters(stream, topology);
    if (!clusters || r <= 1 || r > MAX_REPLICAS) return;
    const most = Math.max(0, ...clusters.map((c) => jetStreamServers(c)));
    if (r <= most) return;
    const where = clusters.length === 1 ? `cluster ${clusters[0].name} has` : `the largest cluster has`;
    report({
      span: stream.keySpan('num_replicas'),
      message: `R${r} needs ${r} JetStream servers, but ${where} ${most}`,
      headline: `cannot be placed: ${where} ${plural(most, 'server')}`,
      fixes: most >= 1 ? [replicasFix(stream, largestOddReplicas(most), true)] : [],
    });
  },
};
