import { removeConsumerField } from '../consumers/fixes';
import { formatDuration } from '../format';
import { fixes } from './fixes';
import { ConsumerRule } from './types';

export const consumerInactiveDurable: ConsumerRule = {
  id: 'consumer-inactive-threshold-durable',
  severity: 'warning',
  scope: 'consumer',
  title: 'Durable consumer deleted when inactive',
  anchor: '`inactive_threshold`',
  explanation:
    '`inactive_threshold` on a durable consumer makes the server delete it, with its position and ' +
    'acknowledgements, once no client has used it for that long: a durable that disappears over ' +
    'a weekend. Leave it out for consumers that must stay.',
  check(consumer, _workspace, report) {
    const { inactive_threshold: threshold, durable_name: durable } = consumer.config;
    if (typeof threshold !== 'number' || threshold <= 0 || typeof durable !== 'string' || durable === '') return;
    report({
      span: consumer.keySpan('inactive_threshold'),
      message: `inactive_threshold on the durable ${durable}: the server deletes it after ${formatDuration(threshold)} without a client`,
      fixes: fixes(removeConsumerField(consumer, 'inactive_threshold', 'Remove inactive_threshold', true)),
    });
  },
};
