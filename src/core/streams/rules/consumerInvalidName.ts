import { setConsumerField } from '../consumers/fixes';
import { plural } from '../../plural';
import { MAX_NAME_BYTES, streamNameFault, withAllowedCharacters } from './invalidName';
import { ConsumerRule } from './types';

/** The fields that name a consumer; the server checks both as it checks a stream name. */
const NAME_FIELDS = ['durable_name', 'name'] as const;

export const consumerInvalidName: ConsumerRule = {
  id: 'consumer-invalid-name',
  severity: 'error',
  scope: 'consumer',
  title: 'Invalid consumer name',
  anchor: '`durable_name` or `name`',
  serverCheck: { error: '10103 "durable name can not contain \'.\', \'*\', \'>\'", 10127 "Consumer name can not contain path separators" or 10102 "consumer name is too long, maximum allowed is 255"' },
  explanation:
    'A consumer\'s `durable_name` (and `name`) becomes a token of the JetStream API subjects ' +
    '(`$JS.API.CONSUMER.DURABLE.CREATE.<stream>.<durable>`) and a folder on the servers, as a stream ' +
    'name does: it may not contain whitespace, `.`, `*`, `>`, `/` or `\\`, and may be at most 255 ' +
    'bytes long (in UTF-8). The server refuses the consumer (a name with whitespace or `.` may not ' +
    'even reach it: the request goes to a subject that does not exist). Use letters, digits, `-` and `_`.',
  check(consumer, _workspace, report) {
    for (const field of NAME_FIELDS) {
      const name = consumer.config[field];
      if (typeof name !== 'string' || name === '') continue;
      const fault = streamNameFault(name);
      if (!fault) continue;
      if (fault.kind === 'length') {
        report({ span: consumer.keySpan(field), message: `${field} is ${plural(fault.bytes, 'byte')} long (UTF-8): the server allows at most ${MAX_NAME_BYTES}` });
        continue;
      }
      const fixed = withAllowedCharacters(name);
      report({
        span: consumer.keySpan(field),
        message: `${field} ${JSON.stringify(name)} contains ${fault.characters}: the server refuses consumer names with whitespace, \`.\`, \`*\`, \`>\`, \`/\` or \`\\\``,
        fixes: [setConsumerField(consumer, field, JSON.stringify(fixed), `Rename to ${fixed}`, true)],
      });
    }
  },
};
