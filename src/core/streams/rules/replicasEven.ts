import { failuresSurvived, quorum } from '../config';
import { survivesText } from '../format';
import { replicasFix } from './fixes';
import { StreamRule } from './types';

export const replicasEven: StreamRule = {
  id: 'replicas-even',
  severity: 'warning',
  scope: 'stream',
  title: 'Even replica count',
  anchor: '`num_replicas`',
  reads: ['num_replicas'],
  explanation:
    'A stream needs a quorum of floor(R/2)+1 replicas to accept writes. An even count adds a copy ' +
    'without adding tolerance: R2 needs both servers (it survives no failure, like R1, yet is ' +
    'slower), and R4 survives one failure, like R3. Use R3 (survives 1) or R5 (survives 2).',
  check(stream, report) {
    const r = stream.config.num_replicas;
    if (r !== 2 && r !== 4) return;
    const message = `R${r} is even: quorum is ${quorum(r)} of ${r}, so it ${survivesText(failuresSurvived(r))}, no more than R${r - 1}`;
    const fixes = r === 2 ? [replicasFix(stream, 3, true)] : [replicasFix(stream, 5, true), replicasFix(stream, 3)];
    report({ span: stream.keySpan('num_replicas'), message, fixes });
  },
};
