import { hasWildcardToken, subjectProblem } from '../subjects';
import { copyEntries, copyKeySpan } from './fixes';
import { StreamRule } from './types';

/** Why the server refuses `prefix` as an external prefix (a valid subject without wildcards), or undefined. */
function prefixProblem(prefix: string): string | undefined {
  const problem = subjectProblem(prefix);
  if (problem) return problem;
  return hasWildcardToken(prefix) ? 'holds a wildcard' : undefined;
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
    for (const { copy, index } of copyEntries(stream)) {
      const external = copy?.external;
      if (!external) continue;
      const where = index < 0 ? 'the mirror' : `source ${copy.name ? JSON.stringify(copy.name) : `#${index + 1}`}`;
      for (const key of ['api', 'deliver'] as const) {
        const prefix = external[key];
        if (!prefix) continue;
        const problem = prefixProblem(prefix);
        if (problem) {
          report({ span: copyKeySpan(stream, index, ['external', key]), message: `The external ${key} prefix ${JSON.stringify(prefix)} of ${where} ${problem}: the server wants a subject without wildcards` });
        } else if (key === 'api' && prefix === '$JS.API') {
          report({ span: copyKeySpan(stream, index, ['external', key]), message: `The external api prefix of ${where} is this account's own $JS.API: name the other domain's (\`$JS.<domain>.API\`)` });
        }
      }
    }
  },
};
