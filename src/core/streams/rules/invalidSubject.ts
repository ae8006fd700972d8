import { SubjectIndex, subjectProblem, subjectsOverlap } from '../subjects';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

/** Beyond this many subjects, overlaps are found through an index instead of pair by pair. */
const PAIRWISE_LIMIT = 16;

/** For each subject, the index of an earlier subject of the same stream that it repeats or overlaps, or -1. */
function earlierOverlaps(subjects: string[], valid: boolean[]): number[] {
  const out = subjects.map(() => -1);
  if (subjects.length <= PAIRWISE_LIMIT) {
    for (let i = 0; i < subjects.length; i++) {
      for (let j = 0; j < i && out[i] < 0; j++) if (valid[i] && valid[j] && subjectsOverlap(subjects[i], subjects[j])) out[i] = j;
    }
    return out;
  }
  const earlier = new SubjectIndex<number>();
  subjects.forEach((subject, i) => {
    if (!valid[i]) return;
    earlier.overlapping(subject, (j) => {
      if (out[i] < 0) out[i] = j;
    });
    earlier.add(subject, i);
  });
  return out;
}

/** For a valid subject: true when `$JS.API.>` matches it (a valid subject has a token after the prefix). */
function insideApi(subject: string): boolean {
  return subject.startsWith('$JS.API.');
}

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
    const problems = subjects.map((s) => subjectProblem(s) ?? (insideApi(s) ? 'is inside the JetStream API ($JS.API.>)' : undefined));
    const overlaps = earlierOverlaps(subjects, problems.map((p) => p === undefined));
    let items: number[] | undefined;
    const span = (i: number): ReturnType<typeof nodeSpan> => {
      items ??= stream.document.tree.children(stream.valueNode('subjects'));
      return nodeSpan(stream.document.tree, items[i]);
    };
    subjects.forEach((subject, i) => {
      if (problems[i]) {
        report({ span: span(i), message: `The subject ${JSON.stringify(subject)} ${problems[i]}` });
      } else if (overlaps[i] >= 0) {
        const other = subjects[overlaps[i]];
        report({ span: span(i), message: `The subject ${JSON.stringify(subject)} ${other === subject ? 'repeats' : 'overlaps'} ${JSON.stringify(other)} of the same stream` });
      }
    });
  },
};
