/**
 * Promote Mirror on a stream config file: the mirror becomes a writable stream of its own, its
 * `mirror` (and `mirror_direct`) removed and `subjects` set, edited in place so that the rest of
 * the file (comments, order, indentation) stays as written.
 *
 * On a live stream this is not possible by an update: nats-server 2.9.10 refuses to remove a
 * stream's mirror ("stream mirror configuration can not be updated", 10055). There the way is
 * to back the mirror up, delete it and restore the backup with the promoted config (the restore
 * request carries the config to create the stream with).
 */
import { applyEdits, removeProperty, setProperty, TextEdit } from '../streams/edits';
import { parseStreamDocument, StreamEntry } from '../streams/document';
import { MappedStreamDocument } from '../streams/resources';
import { subjectProblem } from '../streams/subjects';

/** The server's error code for an update that changes or removes a stream's mirror. */
export const MIRROR_UPDATE_REFUSED = 10055;

export class PromoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromoteError';
  }
}

export interface PromotePlan {
  stream: string;
  /** The stream it mirrored. */
  mirror: string;
  subjects: string[];
  /** The file's text before and after. */
  before: string;
  after: string;
  /** One edit turning `before` into `after` (the changed span only). */
  edit: TextEdit;
}

/** Throws a PromoteError naming the subject and its problem, or when there is none. */
export function checkSubjects(subjects: readonly string[]): void {
  if (subjects.length === 0) throw new PromoteError('A promoted stream needs at least one subject to take writes on.');
  for (const s of subjects) {
    const problem = subjectProblem(s);
    if (problem) throw new PromoteError(`The subject ${JSON.stringify(s)} ${problem}.`);
  }
}

/** The smallest single edit from `before` to `after`. */
function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { offset: start, length: before.length - start - end, newText: after.slice(start, after.length - end) };
}

/** The edit promoting the mirror `entry` (a stream of a JSON stream config file) with these subjects. */
export function promoteMirror(entry: StreamEntry, subjects: readonly string[]): PromotePlan {
  const label = entry.label;
  if (entry.document instanceof MappedStreamDocument) {
    throw new PromoteError(`${label} is read from a ${entry.document.resourceKind(entry.index)} resource; promote it by hand there: remove "mirror" and add "subjects".`);
  }
  const mirror = entry.config.mirror;
  if (!mirror) throw new PromoteError(`${label} in ${entry.uri} is not a mirror: there is nothing to promote.`);
  if (entry.document.syntaxErrors.length > 0) throw new PromoteError(`${entry.uri} has JSON syntax errors; fix them before promoting ${label}.`);
  checkSubjects(subjects);
  const before = entry.document.text;
  const tree = entry.document.tree;
  const removals = [removeProperty(tree, entry.node, 'mirror'), removeProperty(tree, entry.node, 'mirror_direct')].filter((e): e is TextEdit => e !== undefined);
  const middle = applyEdits(before, removals);
  const reread = parseStreamDocument(middle, entry.uri).streams[entry.index];
  if (!reread) throw new PromoteError(`${label} could not be found again in ${entry.uri} after removing its mirror.`);
  const after = applyEdits(middle, [setProperty(reread.document.tree, reread.node, 'subjects', JSON.stringify(subjects))]);
  return { stream: label, mirror: mirror.name ?? '(unnamed)', subjects: [...subjects], before, after, edit: minimalEdit(before, after) };
}

/**
 * A mirror's config (e.g. from a backup's `backup.json`) promoted: without `mirror` and
 * `mirror_direct`, with `subjects`. Throws a PromoteError when it is no mirror or a subject is bad.
 */
export function promotedConfig<T extends Record<string, unknown> & { name: string }>(config: T, subjects: readonly string[]): T {
  if (!config.mirror) throw new PromoteError(`The stream ${config.name} is not a mirror: there is nothing to promote.`);
  checkSubjects(subjects);
  const out: Record<string, unknown> = { ...config, subjects: [...subjects] };
  delete out.mirror;
  delete out.mirror_direct;
  return out as T;
}
