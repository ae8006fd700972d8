import { replaceNode } from '../edits';
import { DocumentRule } from './types';

export const invalidType: DocumentRule = {
  id: 'invalid-type',
  severity: 'error',
  scope: 'document',
  title: 'Wrong type or unknown value',
  anchor: 'the key holding the value (or the array element)',
  serverCheck: { error: '10025 "invalid JSON"' },
  explanation:
    'A known field holds a value of the wrong JSON type, a number that does not fit the field, or ' +
    'a value outside its enum (`storage` is `file` or `memory`, `retention` is `limits`, `interest` ' +
    'or `workqueue`, `discard` is `old` or `new`). The server refuses the whole configuration with ' +
    '"invalid JSON". Whole-number fields must be written without a fraction or exponent (`3`, not ' +
    '`3.0`), and durations are integers in nanoseconds.',
  check(document, report) {
    for (const issue of document.shapeIssues) report({ span: issue.span, message: issue.message });
    const tree = document.tree;
    for (const stream of document.streams) {
      for (const issue of stream.typeIssues) {
        const span = { offset: tree.offset(issue.anchor), length: tree.length(issue.anchor) };
        const value = tree.value(issue.node);
        if (issue.suggestion !== undefined) {
          const fix = { title: `Change to ${JSON.stringify(issue.suggestion)}`, edits: [replaceNode(tree, issue.node, JSON.stringify(issue.suggestion))], preferred: true };
          report({ span, message: issue.message, fixes: [fix] });
        } else if (typeof value === 'number' && Number.isSafeInteger(value) && tree.kind(issue.node) === 'number') {
          const fix = { title: `Write ${value}`, edits: [replaceNode(tree, issue.node, String(value))], preferred: true };
          report({ span, message: issue.message, fixes: [fix] });
        } else {
          report({ span, message: issue.message });
        }
      }
    }
  },
};
