/**
 * A name from a server (a stream's) made into one part of a file or folder name: nats-server
 * 2.9.10 accepts stream names holding NUL, escape sequences and bidirectional overrides, which no
 * file name may hold (NUL) or should show (a name that reads backwards, a terminal escape).
 */
import { UNSAFE_CHARACTER } from './trust/quote';

/** `name` with unsafe characters (UNSAFE_CHARACTER), whitespace and `/ \ : * ? " < > |` as `_`, and no leading dot. */
export function fileNamePart(name: string): string {
  return name.replace(UNSAFE_CHARACTER, '_').replace(/[\s/\\:*?"<>|]/g, '_').replace(/^\./, '_');
}
