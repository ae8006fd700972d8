import { fixes, removeFieldFix } from './fixes';
import { StreamRule } from './types';

export const rollupWithDenyPurge: StreamRule = {
  id: 'rollup-with-deny-purge',
  severity: 'error',
  scope: 'stream',
  title: 'Roll-ups with deny_purge',
  anchor: '`allow_rollup_hdrs`',
  reads: ['allow_rollup_hdrs', 'deny_purge'],
  serverCheck: { error: '10052 "roll-ups require the purge permission"' },
  explanation:
    'A roll-up (`Nats-Rollup` header) replaces earlier messages by purging them, so it cannot be ' +
    'allowed on a stream that denies purges. Choose one of `allow_rollup_hdrs` and `deny_purge`.',
  check(stream, report) {
    const { allow_rollup_hdrs, deny_purge } = stream.config;
    if (!allow_rollup_hdrs || !deny_purge) return;
    report({
      span: stream.keySpan('allow_rollup_hdrs'),
      message: 'allow_rollup_hdrs needs purges, but deny_purge is true',
      fixes: fixes(removeFieldFix(stream, 'deny_purge', 'Remove deny_purge'), removeFieldFix(stream, 'allow_rollup_hdrs', 'Remove allow_rollup_hdrs')),
    });
  },
};
