import { replaceNode } from '../edits';
import { nodeSpan } from './fixes';
import { DocumentRule } from './types';

export const fieldNameCase: DocumentRule = {
  id: 'field-name-case',
  severity: 'warning',
  scope: 'document',
  title: 'Field name in other letter case',
  anchor: 'the key',
  explanation:
    'The server reads JSON with Go\'s encoding/json, which matches a key to a field regardless of ' +
    'letter case when no field has exactly that name: `"Name"` is the `name`, `"MAX_AGE"` the ' +
    '`max_age`, and of keys that mean the same field the last one wins. The analysis reads them as ' +
    'the server does, but other tools (the `nats` CLI\'s own checks, jq, this schema\'s completion) ' +
    'do not: write the field\'s own name.',
  check(document, report) {
    const tree = document.tree;
    for (const stream of document.streams) {
      for (const { key, field } of stream.caseIssues) {
        const written = tree.value(key) as string;
        report({
          span: nodeSpan(tree, key),
          message: `${JSON.stringify(written)} is read by the server as \`${field}\` (Go matches keys regardless of case): write \`${field}\``,
          fixes: [{ title: `Rename to ${JSON.stringify(field)}`, edits: [replaceNode(tree, key, JSON.stringify(field))], preferred: true }],
        });
      }
    }
  },
};
