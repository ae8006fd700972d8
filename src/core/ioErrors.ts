/**
 * What a failed file-system call means, for a person: one table of errno codes in words, shared by
 * the trust store, the linter and every other reader or writer of files.
 */

/** Why a special file (a pipe, a device, a socket) is not read. */
export const NOT_REGULAR = 'not a regular file (a pipe, device or socket)';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
  ENOTREG: NOT_REGULAR,
  EFBIG: 'file too large',
};

/** What a file-system error code means, in words ("not a regular file (a pipe, device or socket)"), or undefined. */
export function ioReason(code: string): string | undefined {
  return REASONS[code];
}

/** What a failed file-system call means, with its code: "read-only file system (EROFS)". */
export function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === undefined) return (e as Error).message ?? String(e);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}
