import { replicaCount } from '../config';
import { replicasFix } from './fixes';
import { StreamRule } from './types';

export const singleReplica: StreamRule = {
  id: 'single-replica',
  severity: 'info',
  scope: 'stream',
  title: 'One replica: no fault tolerance',
  anchor: '`num_replicas` (or the default anchor)',
  reads: ['storage', 'num_replicas'],
  explanation:
    'With one replica (the default), the stream lives on a single server: it is unavailable while ' +
    'that server is down and lost with its disk. That can be fine for scratch or easily rebuilt ' +
    'data; for anything else use R3, which survives one server failure.',
  check(stream, report) {
    const { storage, num_replicas } = stream.config;
    if (storage !== 'file' || num_replicas < 0 || replicaCount(stream.config) !== 1) return;
    const written = stream.has('num_replicas') ? `num_replicas is ${num_replicas}` : 'num_replicas defaults to 1';
    report({
      span: stream.keySpan('num_replicas'),
      message: `${written}: no fault tolerance; the stream is unavailable while its server is down and lost with its disk`,
      fixes: [replicasFix(stream, 3, true)],
    });
  },
};
