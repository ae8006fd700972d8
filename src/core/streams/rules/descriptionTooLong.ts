import { plural } from '../../plural';
import { StreamRule } from './types';

/** The server's limit on a stream's description, in bytes of UTF-8 (JSMaxDescriptionLen). */
export const MAX_DESCRIPTION_BYTES = 4096;

/** The length in bytes of UTF-8 of a description longer than the server allows, else undefined. */
export function descriptionBytesOverLimit(description: string): number | undefined {
  // Short texts are short in bytes too (a UTF-16 unit is at most 3 bytes of UTF-8).
  if (description.length * 3 <= MAX_DESCRIPTION_BYTES) return undefined;
  const bytes = Buffer.byteLength(description, 'utf8');
  return bytes > MAX_DESCRIPTION_BYTES ? bytes : undefined;
}

export const descriptionTooLong: StreamRule = {
  id: 'description-too-long',
  severity: 'error',
  scope: 'stream',
  title: 'Description longer than 4096 bytes',
  anchor: '`description`',
  reads: ['description'],
  serverCheck: { error: '10052 "stream description is too long, maximum allowed is 4096"' },
  explanation:
    "The server keeps a stream's `description` short: at most 4096 bytes of UTF-8 (a character " +
    'outside ASCII takes 2 to 4). Put longer documentation beside the config, or in `metadata`.',
  check(stream, report) {
    const description = stream.config.description;
    const bytes = description ? descriptionBytesOverLimit(description) : undefined;
    if (bytes === undefined) return;
    report({ span: stream.keySpan('description'), message: `The description is ${plural(bytes, 'byte')} long (UTF-8): the server allows at most ${MAX_DESCRIPTION_BYTES}` });
  },
};
