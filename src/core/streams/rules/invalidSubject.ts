import { SubjectIndex, isSubsetMatch, subjectProblem } from '../subjects';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

export const invalidSubject: StreamRule = {
  id: 'invalid-subject',
  severity: 'error',
  scope: 'stream',
  title: 'Invalid or overlapping subject',
  anchor: 'the subject in `subjects`',
  reads: ['subjects'],
  serverCheck: { error: '10052 "invalid subject", "duplicate subjects detected", "subject … overlaps with …" or "subjects overlap with jetstream api"' },
  explanation:
    'Each subject is tokens separated by `.`: no empty token, no whitespace, `>` only as the last ' +
    'token. Within one stream no subject may repeat or overlap another (`orders.>` already covers ' +
    '`orders.new`), and none may fall inside the JetStream API (`$JS.API.>`).',
  check(stream, report) {
    const { subjects } = stream.config;
    if (subjects.length === 0) return;
    const tree = stream.document.tree;
    const items = tree.children(stream.valueNode('subjects'));
    const earlier = new SubjectIndex<number>();
    subjects.forEach((subject, i) => {
      const span = nodeSpan(tree, items[i]);
      const problem = subjectProblem(subject);
      if (problem) {
        report({ span, message: `The subject ${JSON.stringify(subject)} ${problem}` });
        return;
      }
      if (isSubsetMatch(subject, '$JS.API.>')) {
        report({ span, message: `The subject ${JSON.stringify(subject)} is inside the JetStream API ($JS.API.>)` });
        return;
      }
      let other = -1;
      earlier.overlapping(subject, (j) => {
        if (other < 0) other = j;
      });
      if (other >= 0) {
        const verb = subjects[other] === subject ? 'repeats' : 'overlaps';
        report({ span, message: `The subject ${JSON.stringify(subject)} ${verb} ${JSON.stringify(subjects[other])} of the same stream` });
      }
      earlier.add(subject, i);
    });
  },
};
