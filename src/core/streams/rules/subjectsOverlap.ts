import { StreamEntry } from '../document';
import { SubjectIndex, provablyDisjoint, subjectProblem } from '../subjects';
import { RelatedSpan, WorkspaceRule } from './types';

const MAX_NAMED = 3;

function overlapsIn(streams: StreamEntry[], report: Parameters<WorkspaceRule['check']>[1]): void {
  // Owners are numbers: a position in `ownerStream` and `ownerSubject` (no object per subject).
  const ownerStream: number[] = [];
  const ownerSubject: string[] = [];
  for (let s = 0; s < streams.length; s++) {
    const subjects = streams[s].config.subjects;
    for (let i = 0; i < subjects.length; i++) {
      if (subjectProblem(subjects[i])) continue;
      ownerStream.push(s);
      ownerSubject.push(subjects[i]);
    }
  }
  if (provablyDisjoint(ownerSubject, ownerStream)) return;
  const index = new SubjectIndex<number>();
  for (let owner = 0; owner < ownerSubject.length; owner++) index.add(ownerSubject[owner], owner);
  // One callback for every lookup, reading the stream and subject being looked up.
  let current = 0;
  let mine = '';
  let others: Map<StreamEntry, [string, string]> | undefined;
  const found = (owner: number): void => {
    const s = ownerStream[owner];
    if (s === current) return;
    others ??= new Map();
    if (!others.has(streams[s])) others.set(streams[s], [mine, ownerSubject[owner]]);
  };
  // Stored owners are in stream order: the next one belonging to the stream being looked up.
  let owner = 0;
  for (let s = 0; s < streams.length; s++) {
    current = s;
    const stream = streams[s];
    others = undefined;
    for (; owner < ownerStream.length && ownerStream[owner] === s; owner++) {
      mine = ownerSubject[owner];
      index.overlapping(mine, found);
    }
    // (`found` fills `others`: TypeScript cannot see that through the callback.)
    const overlaps = others as Map<StreamEntry, [string, string]> | undefined;
    if (!overlaps) continue;
    const pairs = [...overlaps].map(([other, [mine, theirs]]) => `${other.label} (${JSON.stringify(mine)} and ${JSON.stringify(theirs)})`);
    const named = pairs.slice(0, MAX_NAMED).join(', ') + (pairs.length > MAX_NAMED ? ` and ${pairs.length - MAX_NAMED} more` : '');
    const related: RelatedSpan[] = [...overlaps.keys()].slice(0, 10).map((other) => ({
      document: other.document,
      span: other.keySpan('subjects'),
      message: `${other.label} stores overlapping subjects`,
    }));
    report(stream, {
      span: stream.keySpan('subjects'),
      message: `Subjects overlap with ${overlaps.size === 1 ? 'stream' : 'streams'} ${named} in the same folder: the server refuses the second stream in one account`,
      related,
    });
  }
}

export const subjectsOverlap: WorkspaceRule = {
  id: 'subjects-overlap',
  severity: 'warning',
  scope: 'workspace',
  title: 'Overlapping subjects between streams',
  anchor: '`subjects`',
  serverCheck: { error: '10065 "subjects overlap with an existing stream" (for streams of one account)' },
  explanation:
    'Two streams in the same folder store overlapping subjects (`orders.*` and `orders.new`, or ' +
    '`>` and anything). A message can be stored by only one stream of an account, so the server ' +
    'refuses to create the second one. Make the filters disjoint, or use `sources` to combine ' +
    'streams. Streams in different folders are taken to belong to different accounts.',
  check(workspace, report) {
    const byFolder = new Map<string, StreamEntry[]>();
    // A document's streams come together: its folder is computed once, not per stream.
    let document: StreamEntry['document'] | undefined;
    let folder = '';
    for (const stream of workspace.streams) {
      if (stream.config.subjects.length === 0) continue;
      if (stream.document !== document) {
        document = stream.document;
        folder = document.folder;
      }
      const list = byFolder.get(folder);
      if (list) list.push(stream);
      else byFolder.set(folder, [stream]);
    }
    for (const streams of byFolder.values()) if (streams.length > 1) overlapsIn(streams, report);
  },
};
