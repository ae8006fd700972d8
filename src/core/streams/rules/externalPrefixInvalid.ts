import { StreamEntry } from '../document';
import { Span } from '../lineIndex';
import { subjectProblem } from '../subjects';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

/** Why the server refuses `prefix` as an external prefix (a valid subject without wildcards), or undefined. */
function prefixProblem(prefix: string): string | undefined {
  const problem = subjectProblem(prefix);
  if (problem) return problem;
  return prefix.split('.').some((t) => t === '*' || t === '>') ? 'holds a wildcard' : undefined;
}

/** The span of `key` in the `external` object of `copy` (the mirror, or sources entry `index`), else of the copy. */
function prefixSpan(stream: StreamEntry, index: number, key: 'api' | 'deliver'): Span {
  const tree = stream.document.tree;
  const copy = index < 0 ? stream.valueNode('mirror') : tree.children(stream.valueNode('sources'))[index] ?? -1;
  const found = copy >= 0 ? tree.findKey(tree.findValue(copy, 'external'), key) : -1;
  return found >= 0 ? nodeSpan(tree, found) : stream.keySpan(index < 0 ? 'mirror' : 'sources');
}

export const externalPrefixInvalid: StreamRule = {
  id: 'external-prefix-invalid',
  severity: 'error',
  scope: 'stream',
  title: 'External prefix the server refuses',
  anchor: '`api` or `deliver` in `external`',
  reads: ['mirror', 'sources'],
  serverCheck: { error: '10024 "stream external delivery prefix … must not contain wildcards", 10052 "stream external api prefix … must be a valid subject without wildcards" or 10021 "stream external api prefix … must not overlap with $JS.API"' },
  explanation:
    'A mirror or source in another domain or account is reached through `external`: `api` is the ' +
    "prefix of that JetStream's API (`$JS.<domain>.API`) and `deliver` the prefix its messages come " +
    'in on. Each must be a subject without wildcards (no `*`, `>`, empty token or whitespace), and ' +
    "`api` may not be this account's own `$JS.API`: the server refuses the stream otherwise.",
  check(stream, report) {
    const { mirror, sources } = stream.config;
    const copies = [...(mirror ? [{ copy: mirror, index: -1 }] : []), ...sources.map((copy, index) => ({ copy, index }))];
    for (const { copy, index } of copies) {
      const external = copy?.external;
      if (!external) continue;
      const where = index < 0 ? 'the mirror' : `source ${copy.name ? JSON.stringify(copy.name) : `#${index + 1}`}`;
      for (const key of ['api', 'deliver'] as const) {
        const prefix = external[key];
        if (!prefix) continue;
        const problem = prefixProblem(prefix);
        if (problem) {
          report({ span: prefixSpan(stream, index, key), message: `The external ${key} prefix ${JSON.stringify(prefix)} of ${where} ${problem}: the server wants a subject without wildcards` });
        } else if (key === 'api' && prefix === '$JS.API') {
          report({ span: prefixSpan(stream, index, key), message: `The external api prefix of ${where} is this account's own $JS.API: name the other domain's (\`$JS.<domain>.API\`)` });
        }
      }
    }
  },
};
