import type { AuditRule } from '../types';
import { copiesOf } from './copies';

export const copyError: AuditRule = {
  id: 'copy-error',
  severity: 'error',
  scope: 'audit',
  title: 'Mirror or source failing',
  anchor: 'the copying stream',
  explanation:
    'The server reports an error for a mirror or source: it copies nothing (the stream it copies ' +
    'does not exist, the account may not reach it, the external API prefix is wrong). The copy ' +
    'you count on for disaster recovery is not being made. Fix the origin or the `external` settings.',
  check(inv, _options, report) {
    for (const stream of inv.streams) {
      for (const { copy, role } of copiesOf(stream)) {
        if (!copy.error) continue;
        const why = copy.error.description ?? 'an error';
        report({ stream, message: `stream ${stream.config.name}: its ${role} of ${copy.name} fails: ${why}${copy.error.err_code ? ` (JetStream error ${copy.error.err_code})` : ''}` });
      }
    }
  },
};
