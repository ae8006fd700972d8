import type { AuditRule } from '../types';
import { peersOf } from './shared';

export const placementDrift: AuditRule = {
  id: 'placement-drift',
  severity: 'warning',
  scope: 'audit',
  title: 'Replica placed where its placement no longer matches',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'The stream asks for `placement` tags (or a cluster), but a replica sits on a server that does ' +
    'not carry those tags (or in another cluster): the server tags changed after the stream was ' +
    'placed, and the server does not move replicas by itself. The stream no longer has the spread ' +
    '(zones, hardware) its placement promised. Move the replica: `nats stream cluster peer-remove` ' +
    'makes the server place it again by the current tags. Needs the servers\' tags (system-account ' +
    'rights).',
  check(inv, _options, report) {
    const topology = inv.topology;
    if (!topology?.known) return;
    const servers = new Map(topology.servers.map((s) => [s.name, s]));
    for (const stream of inv.streams) {
      const placement = stream.config.placement;
      if (stream.unavailable || !placement || !stream.cluster) continue;
      const problems: string[] = [];
      if (placement.cluster && stream.cluster.name && stream.cluster.name !== placement.cluster) problems.push(`it is in cluster ${stream.cluster.name}, not ${placement.cluster}`);
      const wanted = (placement.tags ?? []).map((t) => t.toLowerCase());
      if (wanted.length && topology.tagsKnown) {
        for (const peer of peersOf(stream, inv.at)) {
          const server = servers.get(peer.name);
          if (!server?.tags) continue;
          const have = server.tags.map((t) => t.toLowerCase());
          const lacking = wanted.filter((t) => !have.includes(t));
          if (lacking.length) problems.push(`replica on ${peer.name} lacks tag${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}`);
        }
      }
      if (problems.length) report({ stream, message: `stream ${stream.config.name} placement (${[placement.cluster && `cluster ${placement.cluster}`, wanted.length && `tags ${wanted.join(', ')}`].filter(Boolean).join(', ')}) no longer matches: ${problems.join('; ')}` });
    }
  },
};
