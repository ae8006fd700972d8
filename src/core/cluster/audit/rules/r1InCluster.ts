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
      const counted = jetStreamServerCount(topology, stream.cluster.name);
      if (!counted.known) continue;
      // Servers that are down do not answer the count; in a single cluster the meta group's size says how many there are.
      const servers = topology.clusters.length <= 1 ? Math.max(counted.value, topology.metaClusterSize ?? 0) : counted.value;
      if (servers < 2) continue;
      const where = stream.cluster.leader ? ` on ${stream.cluster.leader}` : '';
      report({
        stream,
        message: `stream ${stream.config.name} has 1 replica${where} in cluster ${stream.cluster.name} of ${servers} JetStream servers: unavailable while that server is down and lost with its disk; 3 replicas would survive a failure`,
      });
    }
  },
};
