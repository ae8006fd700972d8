import type { AuditRule } from '../types';
import { peersOf, replicasOf } from './shared';
import { describePeer, survivalText } from '../../streamHealth';
import { plural } from '../../../plural';

export const replicaOffline: AuditRule = {
  id: 'replica-offline',
  severity: 'error',
  scope: 'audit',
  title: 'Replica offline or not current',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'A replica the leader does not count as current (its server is down, cut off, or far behind) ' +
    'or that is missing from the group no longer protects the stream: an R3 stream with one ' +
    'replica gone survives no further failure. Find out why that server is away (`nats server ' +
    'list`, its log); when it is gone for good, move the replica (`nats stream cluster peer-remove`).',
  check(inv, _options, report) {
    for (const stream of inv.streams) {
      if (stream.unavailable || !stream.cluster?.leader) continue;
      const peers = peersOf(stream, inv.at);
      const bad = peers.filter((p) => p.state === 'not-current' || p.state === 'offline');
      const replicas = replicasOf(stream);
      const missing = Math.max(0, replicas - peers.length);
      if (!bad.length && !missing) continue;
      const parts = bad.map(describePeer);
      if (missing) parts.push(`${plural(missing, 'replica')} missing`);
      report({ stream, message: `stream ${stream.config.name}: ${parts.join(', ')}; ${survivalText(Math.max(replicas, peers.length), peers.length - bad.length)}` });
    }
  },
};
