import { jetStreamServerCount } from '../../topology';
import type { AuditRule } from '../types';
import { replicasOf } from './shared';

export const r1InCluster: AuditRule = {
  id: 'r1-in-cluster',
  severity: 'warning',
  scope: 'audit',
  title: 'One replica in a multi-node cluster',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'The stream (or key-value bucket, or object store) has one replica although its cluster has ' +
    'several JetStream servers: it is unavailable while that one server is down and lost with its ' +
    'disk, while the cluster could keep it through a failure. Raise it to 3 replicas ' +
    '(`nats stream edit --replicas 3`, or `num_replicas` in its config) unless it is scratch data.',
  check(inv, _options, report) {
    const topology = inv.topology;
    if (!topology?.clustered) return;
    for (const stream of inv.streams) {
      if (stream.unavailable || replicasOf(stream) !== 1 || !stream.cluster?.name) continue;
      // Servers that are down count too (jetStreamServerCount): they still belong to the cluster.
      const counted = jetStreamServerCount(topology, stream.cluster.name);
      if (!counted.known || counted.value < 2) continue;
      const servers = counted.value;
      const where = stream.cluster.leader ? ` on ${stream.cluster.leader}` : '';
      report({
        stream,
        message: `stream ${stream.config.name} has 1 replica${where} in cluster ${stream.cluster.name} of ${servers} JetStream servers: unavailable while that server is down and lost with its disk; 3 replicas would survive a failure`,
      });
    }
  },
};
