/**
 * The check that a restored stream's subjects overlap no stream of the account. nats-server 2.9.10
 * refuses a stream whose subjects overlap another's (10065 "subjects overlap with an existing
 * stream"), but for a restore only once the whole backup has been uploaded. The account's streams
 * are read with the bounded stream listing before anything is sent.
 */
import { ClusterError, Connection, listAllStreams } from '../cluster';
import { subjectProblem, subjectsOverlap } from '../streams/subjects';
import { quoted } from '../trust/quote';
import { BackupError } from './backupError';
import { SUBJECTS_OVERLAP } from './promoteImpact';

/** A stream of the account with the subjects of its own that overlap the restored ones. */
export interface SubjectClash {
  stream: string;
  /** The existing stream's subjects that overlap. */
  subjects: string[];
}

/** What the check could see: the clashes, and what it could not check in words. */
export interface OverlapCheck {
  clashes: SubjectClash[];
  /** Why the check is incomplete (streams the server could not report, a listing it refused); none when complete. */
  unchecked?: string;
}

/** The streams among `streams` whose subjects overlap `subjects` (invalid subjects are the server's to refuse). */
export function subjectClashes(subjects: readonly string[], streams: readonly { name: string; subjects: readonly string[] }[]): SubjectClash[] {
  const valid = subjects.filter((s) => subjectProblem(s) === undefined);
  const clashes: SubjectClash[] = [];
  for (const s of streams) {
    const hit = s.subjects.filter((o) => subjectProblem(o) === undefined && valid.some((p) => subjectsOverlap(o, p)));
    if (hit.length) clashes.push({ stream: s.name, subjects: hit });
  }
  return clashes;
}

/** Lists the account's streams on `conn` and finds those whose subjects overlap `subjects`. */
export async function checkSubjectClashes(conn: Connection, subjects: readonly string[], signal?: AbortSignal): Promise<OverlapCheck> {
  if (!subjects.length) return { clashes: [] };
  let listing;
  try {
    listing = await listAllStreams(conn, { signal });
  } catch (e) {
    if (!(e instanceof ClusterError) || e.kind === 'cancelled') throw e;
    return { clashes: [], unchecked: `Subjects not checked against the account's other streams: ${e.message} If one overlaps, the server refuses the restore only after the upload.` };
  }
  const clashes = subjectClashes(subjects, listing.streams);
  const unknown = listing.streams.filter((s) => s.health === 'unknown').length;
  if (listing.source !== 'list' || unknown) {
    const why = listing.source !== 'list' ? 'the server could not list its streams' : `the server could not report ${unknown} of its streams`;
    return { clashes, unchecked: `Subjects checked against ${listing.streams.length - unknown} of the account's streams only (${why}). If another overlaps, the server refuses the restore only after the upload.` };
  }
  return { clashes };
}

/** The BackupError refusing a restore of `name` whose subjects overlap `clashes`, on `where`. */
export function clashError(name: string, clashes: readonly SubjectClash[], where: string): BackupError {
  const list = clashes.map((c) => `${quoted(c.stream, 255)} (${c.subjects.map((s) => quoted(s, 255)).join(', ')})`).join(', ');
  return new BackupError(
    `The subjects of ${quoted(name, 255)} overlap those of ${clashes.length === 1 ? 'stream' : 'streams'} ${list} on ${where}: ` +
      `nats-server would refuse to create it (${SUBJECTS_OVERLAP}) after the whole backup was sent. Nothing was sent: delete or change ${clashes.length === 1 ? 'that stream' : 'those streams'}, or restore onto another server or account.`,
  );
}
