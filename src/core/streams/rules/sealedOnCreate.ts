import { StreamRule } from './types';

export const sealedOnCreate: StreamRule = {
  id: 'sealed-on-create',
  severity: 'warning',
  scope: 'stream',
  title: 'Sealed in a config to create',
  anchor: '`sealed`',
  reads: ['sealed'],
  explanation:
    'The server refuses to create a stream that is already sealed ("stream configuration for ' +
    'create can not be sealed"): sealing is done by updating an existing stream. Create the ' +
    'stream without `sealed`, then seal it with an update (`nats stream seal`). Sealing is ' +
    'permanent: a sealed stream refuses new messages, deletes and purges. (`nats stream info` ' +
    'documents of a sealed stream are not flagged: that stream exists already.)',
  check(stream, report) {
    // A `nats stream info` document shows a stream that exists: sealing it was an update.
    if (!stream.config.sealed || stream.fromInfo) return;
    report({
      span: stream.keySpan('sealed'),
      message: 'A stream cannot be created sealed: create it first, then seal it with an update',
    });
  },
};
