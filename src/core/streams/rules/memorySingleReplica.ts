import { replicaCount } from '../config';
import { fixes, replicasFix, setFieldFix } from './fixes';
import { StreamRule } from './types';

export const memorySingleReplica: StreamRule = {
  id: 'memory-single-replica',
  severity: 'warning',
  scope: 'stream',
  title: 'Memory storage with one replica',
  anchor: '`storage`',
  reads: ['storage', 'num_replicas'],
  explanation:
    'A memory stream keeps its messages only in the RAM of the servers holding it. With one ' +
    'replica, every message is lost whenever that server restarts (an upgrade, a crash, a reboot). ' +
    'Use file storage, or 3 replicas so that a restarted server re-syncs from the other two.',
  check(stream, report) {
    const { storage, num_replicas } = stream.config;
    if (storage !== 'memory' || num_replicas < 0 || replicaCount(stream.config) !== 1) return;
    report({
      span: stream.keySpan('storage'),
      message: 'Memory storage with one replica: every message is lost when that server restarts',
      fixes: fixes(setFieldFix(stream, 'storage', '"file"', 'Use file storage', true), replicasFix(stream, 3)),
    });
  },
};
