import { DocumentRule } from './types';

export const jsoncSyntax: DocumentRule = {
  id: 'jsonc-syntax',
  severity: 'warning',
  scope: 'document',
  title: 'Comments or trailing commas',
  anchor: 'the first comment or trailing comma (once per file)',
  explanation:
    'The file uses JSONC: comments, or (in a `.jsonc` file, as VS Code allows) a comma before `]` ' +
    'or `}`. This tool and VS Code read it, and Apply to Server sends plain JSON, but ' +
    '`nats stream add --config` and the JetStream API read plain JSON only and refuse the file. ' +
    'Remove them if the file is given to `nats`, or turn this rule off where it never is.',
  check(document, report) {
    const mark = document.jsoncMark();
    if (!mark) return;
    report({
      span: mark.span,
      fileLevel: true,
      message: `The file holds ${mark.comment ? 'comments' : 'trailing commas'} (JSONC): \`nats\` and the JetStream API read plain JSON only and will refuse it`,
    });
  },
};
