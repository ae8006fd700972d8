import type { AuditRule } from '../types';
import { peersOf } from './shared';

export const replicaLagging: AuditRule = {
  id: 'replica-lagging',
  severity: 'warning',
  scope: 'audit',
  title: 'Replica lagging behind its leader',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'A replica the leader still counts as current, but many operations behind: its server is slow ' +
    '(disk, CPU, network). Should the leader fail now, electing this replica would wait for it to ' +
    'catch up. Reported from the threshold of the audit (1000 operations by default).',
  check(inv, options, report) {
    for (const stream of inv.streams) {
      if (stream.unavailable || !stream.cluster?.leader) continue;
      const slow = peersOf(stream, inv.at).filter((p) => p.state === 'lagging' && (p.lag ?? 0) >= options.lagThreshold);
      if (slow.length) report({ stream, message: `stream ${stream.config.name}: ${slow.map((p) => `${p.name} is ${p.lag} operations behind leader ${stream.cluster?.leader}`).join(', ')}` });
    }
  },
};
