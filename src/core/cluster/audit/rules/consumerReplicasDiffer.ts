import { consumerName, isDurable } from '../assets';
import type { AuditRule } from '../types';
import { replicasOf } from './shared';

export const consumerReplicasDiffer: AuditRule = {
  id: 'consumer-replicas-differ',
  severity: 'warning',
  scope: 'audit',
  title: 'Durable consumer with fewer replicas than its stream',
  anchor: 'the consumer',
  explanation:
    "A durable consumer's state (what was delivered and acknowledged) is kept by its own replicas. " +
    'With fewer than its stream has, the consumer is the weak part: an R1 consumer on an R3 stream ' +
    'stops while its one server is down and starts over when its disk is lost, although the stream ' +
    'survived. Give it the stream\'s replicas (`num_replicas` 0 means as many as the stream). ' +
    '(More replicas than the stream is `consumer-replicas-over-stream`; state in memory on a file ' +
    'stream is `consumer-memory-storage`: both also run on the live configs.)',
  check(inv, _options, report) {
    for (const consumer of inv.consumers) {
      const stream = inv.byName.get(consumer.stream_name);
      const own = consumer.config.num_replicas ?? 0;
      if (!stream || !isDurable(consumer) || own <= 0) continue;
      const theirs = replicasOf(stream);
      if (own >= theirs) continue;
      report({
        stream,
        consumer,
        message: `consumer ${consumerName(consumer)} has ${own} replica${own === 1 ? '' : 's'} on stream ${stream.config.name} of ${theirs}: it does not survive what the stream survives`,
      });
    }
  },
};
