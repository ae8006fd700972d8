import { formatCount, formatDuration } from '../../../streams/format';
import type { AuditRule } from '../types';
import { copiesOf } from './copies';

export const copyLagging: AuditRule = {
  id: 'copy-lagging',
  severity: 'warning',
  scope: 'audit',
  title: 'Mirror or source lagging',
  anchor: 'the copying stream',
  explanation:
    'A mirror or source is far behind the stream it copies (by default 1000 messages or more), or ' +
    'has not heard from it for a while (a minute by default): what it holds is not the ' +
    'copy you would fail over to. The origin may be unreachable (a gateway down, the other ' +
    'cluster lost) or the copy too slow for the write rate.',
  check(inv, options, report) {
    for (const stream of inv.streams) {
      for (const { copy, role } of copiesOf(stream)) {
        if (copy.error) continue;
        const lag = copy.lag ?? 0;
        const activeMs = copy.active !== undefined && copy.active >= 0 ? copy.active / 1e6 : undefined;
        const parts: string[] = [];
        if (lag >= options.lagThreshold) parts.push(`${formatCount(lag)} messages behind`);
        if (activeMs !== undefined && activeMs > options.copyStaleMs) parts.push(`nothing heard from it for ${formatDuration(copy.active as number)}`);
        else if (copy.active === -1) parts.push('nothing ever heard from it');
        if (parts.length) report({ stream, message: `stream ${stream.config.name}: its ${role} of ${copy.name}: ${parts.join('; ')}` });
      }
    }
  },
};
