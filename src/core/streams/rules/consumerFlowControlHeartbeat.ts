import { setConsumerField } from '../consumers/fixes';
import { ConsumerRule } from './types';

export const consumerFlowControlHeartbeat: ConsumerRule = {
  id: 'consumer-flow-control-without-heartbeat',
  severity: 'error',
  scope: 'consumer',
  title: 'Flow control without heartbeats',
  anchor: '`flow_control`',
  serverCheck: { error: '10108 "consumer with flow control also needs heartbeats"' },
  explanation:
    'A push consumer with `flow_control` needs `idle_heartbeat` too: a flow-control request that ' +
    'gets lost would otherwise stall the consumer for good, and the server refuses the ' +
    'configuration. Set a heartbeat (e.g. 5s, in nanoseconds).',
  check(consumer, _workspace, report) {
    const { flow_control: flow, deliver_subject: deliver, idle_heartbeat: heartbeat } = consumer.config;
    if (flow !== true || typeof deliver !== 'string' || deliver === '' || (typeof heartbeat === 'number' && heartbeat > 0)) return;
    report({
      span: consumer.keySpan('flow_control'),
      message: 'flow_control without idle_heartbeat: the server refuses it',
      fixes: [setConsumerField(consumer, 'idle_heartbeat', '5000000000', 'Set idle_heartbeat to 5s', true)],
    });
  },
};
