/**
 * Disaster-recovery actions: backing a stream up to a folder and restoring it (the `nats stream
 * backup` format), and promoting a mirror's config file to a writable stream. Pure TypeScript.
 */
export type { BackupOptions, BackupResult, RestoreOptions, RestoreResult, StreamBackupMeta, TransferOptions, TransferProgress } from './backup';
export { BACKUP_DATA_FILE, BACKUP_META_FILE, BackupError, RESTORE_CHUNK, SNAPSHOT_CHUNK, backupStream, readBackup, restoreStream } from './backup';
export type { WriteFn } from './backupBound';
export { BACKUP_SIZE_FACTOR, BACKUP_SIZE_MARGIN, BoundedWriter, backupSizeBound } from './backupBound';
export type { RestorePlan } from './restorePlan';
export { planRestore, restorePlanLines } from './restorePlan';
export type { RestoreTarget } from './restoreTarget';
export type { PromotePlan } from './promote';
export { MIRROR_UPDATE_REFUSED, PromoteError, checkSubjects, promoteMirror, promotedConfig } from './promote';
export type { MirrorLiveState } from './promoteImpact';
export { SUBJECTS_OVERLAP, originOverlap, promoteConsequences, readMirrorState } from './promoteImpact';
export type { OverlapCheck, SubjectClash } from './restoreOverlap';
export { checkSubjectClashes, clashError, subjectClashes } from './restoreOverlap';
