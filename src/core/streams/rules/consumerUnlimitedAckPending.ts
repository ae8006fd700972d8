import { setConsumerField } from '../consumers/fixes';
import { ConsumerRule } from './types';

export const consumerUnlimitedAckPending: ConsumerRule = {
  id: 'consumer-unlimited-ack-pending',
  severity: 'warning',
  scope: 'consumer',
  title: 'No limit on unacknowledged messages',
  anchor: '`max_ack_pending`',
  explanation:
    '`max_ack_pending: -1` with acknowledgements lets the server hand out any number of messages ' +
    'that are not yet acknowledged. A slow or stuck subscriber then holds the whole backlog, and ' +
    'every message comes back at once when `ack_wait` expires. Keep a limit (the default is 1000).',
  check(consumer, _workspace, report) {
    const { max_ack_pending: pending, ack_policy: policy } = consumer.config;
    if (pending !== -1 || (policy !== 'explicit' && policy !== 'all')) return;
    report({
      span: consumer.keySpan('max_ack_pending'),
      message: `max_ack_pending is -1 with ack_policy ${JSON.stringify(policy)}: no limit on messages awaiting an ack`,
      fixes: [setConsumerField(consumer, 'max_ack_pending', '1000', 'Set max_ack_pending to 1000 (the default)', true)],
    });
  },
};
