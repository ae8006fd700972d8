import { removeConsumerField, streamOf } from '../consumers/fixes';
import { fixes } from './fixes';
import { ConsumerRule } from './types';

export const consumerMemoryStorage: ConsumerRule = {
  id: 'consumer-memory-storage',
  severity: 'warning',
  scope: 'consumer',
  title: 'Consumer state in memory',
  anchor: '`mem_storage`',
  explanation:
    "`mem_storage: true` keeps the consumer's state (what was delivered and acknowledged) in " +
    'memory only. When its servers restart the state is gone: the consumer starts over and ' +
    'messages are delivered again. Keep it for consumers whose stream is in memory anyway.',
  check(consumer, workspace, report) {
    if (consumer.config.mem_storage !== true) return;
    if (streamOf(consumer, workspace)?.config.storage === 'memory') return;
    report({
      span: consumer.keySpan('mem_storage'),
      message: 'mem_storage is true: the consumer forgets what was acknowledged when its servers restart, and delivers again',
      fixes: fixes(removeConsumerField(consumer, 'mem_storage', 'Remove mem_storage (keep the state on disk)', true)),
    });
  },
};
