import { SubjectIndex, subjectProblem, subjectsOverlap } from '../subjects';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

/** Beyond this many subjects, overlaps are found through an index instead of pair by pair. */
const PAIRWISE_LIMIT = 16;

/**
 * For each subject, the index of an earlier subject of the same stream that it repeats or overlaps,
 * or -1; undefined when there is none at all (the usual case, found without allocating).
 */
function earlierOverlaps(subjects: readonly string[], problems: readonly (string | undefined)[] | undefined): number[] | undefined {
  let out: number[] | undefined;
  if (subjects.length <= PAIRWISE_LIMIT) {
    for (let i = 0; i < subjects.length; i++) {
      if (problems?.[i] !== undefined) continue;
      for (let j = 0; j < i; j++) {
        if (problems?.[j] === undefined && subjectsOverlap(subjects[i], subjects[j])) {
          (out ??= subjects.map(() => -1))[i] = j;
          break;
        }
      }
    }
    return out;
  }
  const found = subjects.map(() => -1);
  const earlier = new SubjectIndex<number>();
  subjects.forEach((subject, i) => {
    if (problems?.[i] !== undefined) return;
    earlier.overlapping(subject, (j) => {
      if (found[i] < 0) found[i] = j;
    });
    earlier.add(subject, i);
  });
  return found.some((j) => j >= 0) ? found : undefined;
}

/** Why each subject is refused on its own, or undefined when every one is fine. */
function subjectProblems(subjects: readonly string[]): (string | undefined)[] | undefined {
  let problems: (string | undefined)[] | undefined;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    const problem = subjectProblem(s);
    if (problem) (problems ??= subjects.map(() => undefined))[i] = problem;
  }
  return problems;
}

export const invalidSubject: StreamRule = {
  id: 'invalid-subject',
  severity: 'error',
  scope: 'stream',
  title: 'Invalid or overlapping subject',
  anchor: 'the subject in `subjects`',
  reads: ['subjects'],
  serverCheck: { error: '10052 "invalid subject", "duplicate subjects detected" or "subject … overlaps with …"' },
  explanation:
    'Each subject is tokens separated by `.`: no empty token, no whitespace, `>` only as the last ' +
    'token. Within one stream no subject may repeat or overlap another (`orders.>` already covers ' +
    '`orders.new`). Subjects of the JetStream API and the system account: `reserved-subject`.',
  check(stream, report) {
    const { subjects } = stream.config;
    if (subjects.length === 0) return;
    const problems = subjectProblems(subjects);
    const overlaps = earlierOverlaps(subjects, problems);
    if (!problems && !overlaps) return;
    let items: number[] | undefined;
    const span = (i: number): ReturnType<typeof nodeSpan> => {
      items ??= stream.document.tree.children(stream.valueNode('subjects'));
      return nodeSpan(stream.document.tree, items[i]);
    };
    subjects.forEach((subject, i) => {
      const problem = problems?.[i];
      if (problem) {
        report({ span: span(i), message: `The subject ${JSON.stringify(subject)} ${problem}` });
      } else if (overlaps && overlaps[i] >= 0) {
        const other = subjects[overlaps[i]];
        report({ span: span(i), message: `The subject ${JSON.stringify(subject)} ${other === subject ? 'repeats' : 'overlaps'} ${JSON.stringify(other)} of the same stream` });
      }
    });
  },
};
