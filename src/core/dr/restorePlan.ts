/**
 * What a restore will create, and where, before anything is sent: the stream's name, subjects,
 * replicas, storage, and messages and bytes from `backup.json`'s state; the server, connection and
 * credentials (so the account) it goes to. A stream of that name on the server is refused here, as
 * is one whose subjects overlap another stream's of the account.
 * Every value from the backup folder or the server is shown through displayText, so a crafted name
 * or subject cannot drive a terminal or forge a line.
 */
import { Connection } from '../cluster';
import { formatBytes, formatCount } from '../streams/format';
import { displayText, quoted } from '../trust/quote';
import { readBackup, StreamBackupMeta } from './backup';
import { assertNoStream, describeTarget, RestoreTarget, restoreTarget } from './restoreTarget';
import { originOverlap, promoteConsequences, readMirrorState, SUBJECTS_OVERLAP } from './promoteImpact';
import { BackupError } from './backupError';
import { checkSubjectClashes, clashError } from './restoreOverlap';

export interface RestorePlan {
  dir: string;
  /** The config sent (the backup's, promoted when asked). */
  config: StreamBackupMeta['config'];
  name: string;
  subjects: string[];
  replicas: number;
  storage: string;
  /** From backup.json's state (what the server reported when it was backed up). */
  messages: number;
  bytes: number;
  /** Size of stream.tar.s2. */
  dataBytes: number;
  /** The restored stream is a mirror of this one. */
  mirror?: string;
  /** The backup was of a mirror restored as a writable stream: what that gives up, one per line. */
  promotion?: string[];
  /** What the check of the subjects against the account's other streams could not see, in words. */
  unchecked?: string;
  target: RestoreTarget;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * Reads the backup in `dir` and checks that `conn`'s account has no stream of its name, nor one
 * whose subjects overlap its. Throws a BackupError (a folder that is not a backup, a stream that
 * exists, overlapping subjects) or a ClusterError.
 */
export async function planRestore(conn: Connection, dir: string, options: { config?: (c: StreamBackupMeta['config']) => StreamBackupMeta['config']; signal?: AbortSignal } = {}): Promise<RestorePlan> {
  const { meta, size } = readBackup(dir);
  const config = options.config ? options.config({ ...meta.config }) : meta.config;
  const mirror = (config.mirror as { name?: unknown } | undefined)?.name;
  const plan: RestorePlan = {
    dir,
    config,
    name: meta.config.name,
    subjects: Array.isArray(config.subjects) ? config.subjects.filter((s): s is string => typeof s === 'string') : [],
    replicas: count(config.num_replicas) || 1,
    storage: typeof config.storage === 'string' ? config.storage : 'file',
    messages: count(meta.state.messages),
    bytes: count(meta.state.bytes),
    dataBytes: size,
    ...(typeof mirror === 'string' ? { mirror } : {}),
    target: restoreTarget(conn),
  };
  await assertNoStream(conn, plan.name, options.signal);
  const was = (meta.config.mirror as { name?: unknown } | undefined)?.name;
  if (typeof was === 'string' && plan.mirror === undefined) {
    const where = displayText(plan.target.server);
    const live = await readMirrorState(conn, plan.name, was, where, options.signal);
    const overlap = originOverlap(plan.subjects, live);
    if (overlap.length) {
      // The server would refuse the stream only after the whole backup was sent.
      throw new BackupError(
        `${quoted(was, 255)} still exists on ${where} with subjects overlapping the promoted ${quoted(plan.name, 255)}'s (${overlap.map((o) => quoted(o, 255)).join(', ')}): ` +
          `nats-server would refuse to create it (${SUBJECTS_OVERLAP}) after the whole backup was sent. Nothing was sent: delete ${quoted(was, 255)}, or promote on other subjects.`,
      );
    }
    plan.promotion = promoteConsequences(plan.name, was, plan.subjects, live);
  }
  // The server would refuse overlapping subjects only after the whole backup was sent.
  const check = await checkSubjectClashes(conn, plan.subjects, options.signal);
  if (check.clashes.length) throw clashError(plan.name, check.clashes, displayText(plan.target.server));
  if (check.unchecked) plan.unchecked = check.unchecked;
  return plan;
}

/** The plan in lines for a confirmation, a terminal or a log; each value shown by displayText. */
export function restorePlanLines(p: RestorePlan): string[] {
  return [
    `Stream: ${quoted(p.name, 255)}${p.mirror !== undefined ? `, a mirror of ${quoted(p.mirror, 255)}` : ''}`,
    `Subjects: ${p.subjects.length ? p.subjects.map((s) => quoted(s, 255)).join(', ') : 'none'}`,
    `Replicas: ${p.replicas}, storage: ${displayText(p.storage)}`,
    `Messages: ${formatCount(p.messages)}, ${formatBytes(p.bytes)} (backup.json's state), ${formatBytes(p.dataBytes)} of backup data`,
    `Onto: ${describeTarget(p.target)}`,
    `From: ${displayText(p.dir)}`,
    ...(p.promotion ?? []),
    ...(p.unchecked ? [displayText(p.unchecked)] : []),
  ];
}
