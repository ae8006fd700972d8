/**
 * The nats-server version whose checks the analysis follows. Rules that differ between versions
 * (reserved subjects) read it; without one, the newest server's behaviour applies.
 */

export interface ServerVersion {
  major: number;
  minor: number;
  /** Infinity when not given: `2.11` means the newest 2.11 release. */
  patch: number;
  /** As given (for messages). */
  text: string;
}

/**
 * Reads `2.9`, `2.10.17`, `v2.11.0` or `2.12.0-beta.1` (a suffix is ignored); undefined for
 * anything else.
 */
export function parseServerVersion(text: string): ServerVersion | undefined {
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(?:[-+][0-9A-Za-z.-]*)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? Infinity : Number(m[3]), text: text.trim() };
}

/** True when `version` is `major.minor.patch` or later (no version: the newest, so true). */
export function versionAtLeast(version: ServerVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (!version) return true;
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** The version in words, for messages: `2.9`, `2.10.17`, or `the newest`. */
export function versionText(version: ServerVersion | undefined): string {
  return version ? version.text : 'the newest';
}
