import { formatBytes } from '../format';
import { setFieldFix } from './fixes';
import { WorkspaceRule } from './types';

export const copyMsgSizeBelowOrigin: WorkspaceRule = {
  id: 'copy-msg-size-below-origin',
  severity: 'error',
  scope: 'workspace',
  title: 'Copy takes smaller messages than its origin',
  anchor: '`max_msg_size` of the copy',
  serverCheck: { error: '10030 "stream mirror must have max message size >= source" or 10046 "stream source must have max message size >= target"' },
  explanation:
    'A mirror or source copies every message of the stream it copies. When the copy limits ' +
    '`max_msg_size` below the origin\'s, a message the origin takes could not be copied, so the ' +
    'server refuses to create the copy while the origin exists (the origin defined in the workspace ' +
    'is taken to exist; copies through `external` are not checked). Raise the copy\'s ' +
    '`max_msg_size` to the origin\'s, or leave it out (no limit).',
  check(workspace, report) {
    const reported = new Set<string>();
    for (const link of workspace.links) {
      if (link.external || link.origin === link.copy) continue;
      const mine = link.copy.config.max_msg_size;
      const theirs = link.origin.config.max_msg_size;
      if (!(mine > 0 && theirs > 0 && mine < theirs)) continue;
      // Once per copy and origin (two sources of one stream are `duplicate-source`).
      const key = `${link.copy.uri}#${link.copy.index}>${link.origin.uri}#${link.origin.index}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const what = link.kind === 'mirror' ? 'mirrors' : 'sources';
      report(link.copy, {
        span: link.copy.keySpan('max_msg_size'),
        message: `max_msg_size is ${formatBytes(mine)} (${mine}), but ${link.copy.label} ${what} ${link.origin.label}, which takes messages up to ${formatBytes(theirs)} (${theirs}): the server refuses the copy`,
        related: [{ document: link.origin.document, span: link.origin.keySpan('max_msg_size'), message: `${link.origin.label} takes messages up to ${formatBytes(theirs)}` }],
        fixes: [setFieldFix(link.copy, 'max_msg_size', String(theirs), `Raise max_msg_size to ${theirs} (the origin's)`, true)],
      });
    }
  },
};
