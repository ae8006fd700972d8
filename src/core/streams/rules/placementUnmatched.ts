import { plural } from '../../plural';
import { replicaCount } from '../config';
import { jetStreamServers } from '../topology';
import { candidateClusters } from './live';
import { LiveRule } from './types';

export const placementUnmatched: LiveRule = {
  id: 'placement-unmatched',
  severity: 'error',
  scope: 'live',
  title: 'Placement matches no servers',
  anchor: '`placement`',
  reads: ['placement', 'num_replicas'],
  serverCheck: { error: '10005 "insufficient resources" / "no suitable peers for placement"' },
  explanation:
    '`placement` names a cluster that does not exist, or `placement.tags` that too few servers carry: ' +
    'every replica needs a JetStream server in that cluster carrying all the tags (`server_tags` in ' +
    'the server configuration). Fix the names, or tag more servers.',
  check(stream, topology, report) {
    // A partial topology knows neither the other clusters nor the tags: no guessing.
    if (topology.kind !== 'clustered' || topology.partial) return;
    const placement = stream.config.placement;
    if (!placement) return;
    const span = stream.keySpan('placement');
    const clusters = candidateClusters(stream, topology);
    if (!clusters) {
      const known = topology.clusters.map((c) => c.name).join(', ');
      report({ span, message: `There is no cluster ${JSON.stringify(placement.cluster)}; the servers know ${known || 'no cluster'}`, headline: `cannot be placed: no cluster ${JSON.stringify(placement.cluster)}` });
      return;
    }
    const tags = placement.tags ?? [];
    const r = replicaCount(stream.config);
    if (tags.length === 0 || r < 1) return;
    // When no cluster has enough servers at all, replicas-exceed-cluster says so.
    if (!clusters.some((c) => jetStreamServers(c) >= r)) return;
    if (clusters.some((c) => jetStreamServers(c, tags) >= r)) return;
    const best = Math.max(...clusters.map((c) => jetStreamServers(c, tags)));
    report({
      span,
      message: `R${r} needs ${r} servers carrying the tags ${tags.join(', ')}, but at most ${best} ${best === 1 ? 'does' : 'do'} in ${clusters.length === 1 ? `cluster ${clusters[0].name}` : 'any cluster'}`,
      headline: `cannot be placed: ${plural(best, 'server')} with tags ${tags.join(', ')}`,
    });
  },
};
