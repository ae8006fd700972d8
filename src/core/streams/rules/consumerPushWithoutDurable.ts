import { ConsumerRule } from './types';

export const consumerPushWithoutDurable: ConsumerRule = {
  id: 'consumer-push-without-durable',
  severity: 'warning',
  scope: 'consumer',
  title: 'Push consumer without a durable name',
  anchor: '`deliver_subject`',
  explanation:
    'A push consumer (`deliver_subject`) without `durable_name` is ephemeral: the server deletes ' +
    'it shortly after its subscriber goes away, and with it the record of what was delivered. ' +
    'Give it a `durable_name` when it must survive a restart of its client.',
  check(consumer, _workspace, report) {
    const { deliver_subject: deliver, durable_name: durable } = consumer.config;
    if (typeof deliver !== 'string' || deliver === '' || (typeof durable === 'string' && durable !== '')) return;
    report({ span: consumer.keySpan('deliver_subject'), message: 'deliver_subject without durable_name: an ephemeral consumer, deleted soon after its subscriber leaves' });
  },
};
