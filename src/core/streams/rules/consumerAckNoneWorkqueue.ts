import { setConsumerField, streamOf } from '../consumers/fixes';
import { ConsumerRule } from './types';

export const consumerAckNoneWorkqueue: ConsumerRule = {
  id: 'consumer-ack-none-workqueue',
  severity: 'error',
  scope: 'consumer',
  title: 'Work-queue consumer without acks',
  anchor: '`ack_policy`',
  serverCheck: { error: '10098 "workqueue stream requires explicit ack"' },
  explanation:
    'A work-queue stream removes a message when a consumer acknowledges it, so its consumers must ' +
    'acknowledge each message explicitly. The server refuses `ack_policy: none` (and `all`) there. ' +
    'Checked when the stream named by `stream_name` is defined in the workspace.',
  check(consumer, workspace, report) {
    const policy = consumer.config.ack_policy ?? 'none';
    if (policy !== 'none' && policy !== 'all') return;
    const stream = streamOf(consumer, workspace);
    if (!stream || stream.hasInvalid(['retention']) || stream.config.retention !== 'workqueue') return;
    report({
      span: consumer.keySpan('ack_policy'),
      message: `ack_policy is ${JSON.stringify(policy)}${consumer.has('ack_policy') ? '' : ' (the default)'}: the work-queue stream ${stream.label} needs explicit acks`,
      fixes: [setConsumerField(consumer, 'ack_policy', '"explicit"', 'Set ack_policy to "explicit"', true)],
    });
  },
};
