import { classifyHealth } from '../../streamHealth';
import type { AuditRule } from '../types';
import { peersOf, replicasOf } from './shared';

export const streamNoLeader: AuditRule = {
  id: 'stream-no-leader',
  severity: 'error',
  scope: 'audit',
  title: 'Stream without a leader',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'A replicated stream takes writes only through its leader, elected by a majority of its ' +
    'replicas. Without one (too many of its servers are down, or cut off from each other) every ' +
    'publish to it fails and its consumers stop. A stream the server lists but cannot report at ' +
    'all (its only server is down) is reported too. Bring its servers back; `nats stream cluster ' +
    'step-down` does not help without a majority.',
  check(inv, _options, report) {
    for (const stream of inv.streams) {
      if (stream.unavailable) {
        report({ stream, message: `stream ${stream.config.name} cannot be reported: ${stream.unavailable}` });
        continue;
      }
      if (!stream.cluster) continue;
      const verdict = classifyHealth(replicasOf(stream), peersOf(stream, inv.at), true);
      if (verdict.health === 'no-leader') report({ stream, message: `stream ${stream.config.name} has ${verdict.reason}` });
    }
  },
};
