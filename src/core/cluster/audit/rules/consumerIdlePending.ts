import { formatCount, formatDuration } from '../../../streams/format';
import { consumerName, isDurable } from '../assets';
import type { AuditConsumerInfo, AuditRule } from '../types';

/** Date.parse of the latest of the consumer's activity times (delivery, acknowledgement, creation). */
export function lastActivity(consumer: AuditConsumerInfo): number | undefined {
  const times = [consumer.delivered?.last_active, consumer.ack_floor?.last_active, consumer.created]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t) && t > 0);
  return times.length ? Math.max(...times) : undefined;
}

export const consumerIdlePending: AuditRule = {
  id: 'consumer-idle-pending',
  severity: 'warning',
  scope: 'audit',
  title: 'Idle consumer with many messages pending',
  anchor: 'the consumer',
  explanation:
    'Nothing was delivered to or acknowledged by the durable consumer for a long time (an hour by default) ' +
    'while many messages (1000 by default) wait for it: its application is gone or stuck. On a ' +
    'work-queue or interest stream the messages it holds stay stored; on a limits stream they may ' +
    'age out unread. Restart its client, or delete the consumer if nobody reads it any more.',
  check(inv, options, report) {
    for (const consumer of inv.consumers) {
      if (!isDurable(consumer)) continue;
      const pending = consumer.num_pending ?? 0;
      if (pending < options.pendingThreshold) continue;
      const last = lastActivity(consumer);
      if (last === undefined || inv.at - last <= options.idleMs) continue;
      report({
        stream: inv.byName.get(consumer.stream_name),
        consumer,
        message: `consumer ${consumerName(consumer)} of stream ${consumer.stream_name} has been idle for ${formatDuration(Math.round((inv.at - last) / 1000) * 1e9)} with ${formatCount(pending)} messages pending`,
      });
    }
  },
};
