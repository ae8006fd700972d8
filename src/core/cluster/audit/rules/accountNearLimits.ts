import { formatBytes, formatCount } from '../../../streams/format';
import type { AuditRule } from '../types';
import { percent } from './shared';

const LIMITS = [
  { limit: 'max_memory', used: 'memory', what: 'memory', show: formatBytes },
  { limit: 'max_storage', used: 'storage', what: 'file storage', show: formatBytes },
  { limit: 'max_streams', used: 'streams', what: 'streams', show: formatCount },
  { limit: 'max_consumers', used: 'consumers', what: 'consumers', show: formatCount },
] as const;

export const accountNearLimits: AuditRule = {
  id: 'account-near-limits',
  severity: 'warning',
  scope: 'audit',
  title: 'Account near its JetStream limits',
  anchor: 'the account',
  explanation:
    "The account uses most (90% by default) of a JetStream limit of its own: memory, file storage, " +
    'streams or consumers. Beyond it the server refuses new streams and consumers (10027 "maximum ' +
    'number of streams reached"…) and writes that need space (10047 "insufficient storage ' +
    'resources"). Raise the account\'s limits (its JWT or the server config), or clean up.',
  check(inv, options, report) {
    const account = inv.accountInfo;
    if (!account) return;
    const near: string[] = [];
    for (const l of LIMITS) {
      const limit = account.limits[l.limit];
      const used = account[l.used];
      if (typeof limit !== 'number' || limit <= 0 || typeof used !== 'number') continue;
      if (used >= options.nearLimit * limit) near.push(`${l.what} ${l.show(used)} of ${l.show(limit)} (${percent(used, limit)})`);
    }
    if (near.length) report({ message: `the account uses ${near.join(', ')} of its JetStream limits` });
  },
};
