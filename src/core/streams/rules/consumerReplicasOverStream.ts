import { replicaCount } from '../config';
import { setConsumerField, streamOf } from '../consumers/fixes';
import { plural } from '../format';
import { ConsumerRule } from './types';

export const consumerReplicasOverStream: ConsumerRule = {
  id: 'consumer-replicas-over-stream',
  severity: 'error',
  scope: 'consumer',
  title: 'Consumer with more replicas than its stream',
  anchor: "the consumer's `num_replicas`",
  serverCheck: { error: '10126 "consumer config replica count exceeds parent stream"' },
  explanation:
    "A consumer's state is kept by the servers of its stream: it cannot have more replicas than the " +
    'stream (0, the default, means as many as the stream). Checked when the stream named by ' +
    '`stream_name` is defined in the workspace.',
  check(consumer, workspace, report) {
    const r = consumer.config.num_replicas;
    const stream = streamOf(consumer, workspace);
    if (typeof r !== 'number' || !stream || stream.hasInvalid(['num_replicas'])) return;
    const most = replicaCount(stream.config);
    if (r <= most) return;
    report({
      span: consumer.keySpan('num_replicas'),
      message: `num_replicas is ${r}: the stream ${stream.label} has ${plural(most, 'replica')}, and a consumer cannot have more`,
      fixes: [setConsumerField(consumer, 'num_replicas', '0', "Use the stream's replicas (0)", true), setConsumerField(consumer, 'num_replicas', String(most), `Use ${plural(most, 'replica')}`)],
    });
  },
};
