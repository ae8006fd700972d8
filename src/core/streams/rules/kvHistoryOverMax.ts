import { KV_MAX_HISTORY } from '../resources/mapping';
import { setFieldFix } from './fixes';
import { StreamRule } from './types';

export const kvHistoryOverMax: StreamRule = {
  id: 'kv-history-over-max',
  severity: 'error',
  scope: 'stream',
  title: 'Key-value history above 64',
  anchor: '`history` of a key-value bucket',
  reads: ['max_msgs_per_subject'],
  explanation:
    'A key-value bucket keeps the last `history` values of each key (its stream\'s ' +
    '`max_msgs_per_subject`), at most 64. The NATS clients, `nats kv add` and NACK refuse a larger ' +
    'history ("history cannot be greater than 64"), so the bucket is never created. Keep older ' +
    'values in a stream of their own if you need more.',
  check(stream, report) {
    if (stream.document.resourceKind(stream.index) !== 'KeyValue') return;
    const history = stream.config.max_msgs_per_subject;
    if (history <= KV_MAX_HISTORY) return;
    report({
      span: stream.keySpan('max_msgs_per_subject'),
      message: `history is ${history}: a key-value bucket keeps at most ${KV_MAX_HISTORY} values per key`,
      fixes: [setFieldFix(stream, 'max_msgs_per_subject', String(KV_MAX_HISTORY), `Set history to ${KV_MAX_HISTORY}`, true)],
    });
  },
};
