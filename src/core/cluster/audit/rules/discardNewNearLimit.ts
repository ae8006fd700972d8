import { formatBytes, formatCount } from '../../../streams/format';
import type { AuditRule } from '../types';
import { percent } from './shared';

export const discardNewNearLimit: AuditRule = {
  id: 'discard-new-near-limit',
  severity: 'warning',
  scope: 'audit',
  title: 'Near max_bytes or max_msgs with discard new',
  anchor: 'the stream, key-value bucket or object store',
  explanation:
    'With `discard: new` a full stream refuses new messages instead of dropping old ones: once it ' +
    'reaches `max_bytes` or `max_msgs`, every publish fails ("maximum bytes exceeded" / "maximum ' +
    'messages exceeded"). Reported from 90% of a limit by default. Raise the limit, add `max_age` ' +
    'so old messages leave, or switch to `discard: old` if losing the oldest is acceptable.',
  check(inv, options, report) {
    for (const stream of inv.streams) {
      const c = stream.config;
      if (stream.unavailable || c.discard !== 'new') continue;
      const bytes = stream.state?.bytes ?? 0;
      const msgs = stream.state?.messages ?? 0;
      const near: string[] = [];
      if ((c.max_bytes ?? -1) > 0 && bytes >= options.nearLimit * (c.max_bytes as number)) near.push(`${formatBytes(bytes)} of max_bytes ${formatBytes(c.max_bytes as number)} (${percent(bytes, c.max_bytes as number)})`);
      if ((c.max_msgs ?? -1) > 0 && msgs >= options.nearLimit * (c.max_msgs as number)) near.push(`${formatCount(msgs)} of max_msgs ${formatCount(c.max_msgs as number)} messages (${percent(msgs, c.max_msgs as number)})`);
      if (near.length) report({ stream, message: `stream ${c.name} holds ${near.join(' and ')} with discard new: publishes fail once it is full` });
    }
  },
};
