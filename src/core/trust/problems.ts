/**
 * How the trust core reports what is wrong. Reading and verifying never throw for bad data: they
 * return `Problem`s attached to the entry they concern. Operations that cannot do what was asked
 * (a name already taken, a missing seed) throw a `TrustError` with a message that names what and where.
 */

export type Severity = 'error' | 'warning';

export type ProblemCode =
  | 'corrupt-jwt'
  | 'not-utf8'
  | 'bad-signature'
  | 'wrong-claim-type'
  | 'wrong-key-type'
  | 'unknown-issuer'
  | 'issuer-account-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'old-jwt-version'
  | 'missing-jwt'
  | 'missing-seed'
  | 'corrupt-seed'
  | 'seed-mismatch'
  | 'missing-marker'
  | 'corrupt-marker'
  | 'name-mismatch'
  | 'duplicate-key'
  | 'unreadable'
  | 'push-failed'
  | 'account-unusable'
  | 'leftover-temp-file'
  | 'scope-violation'
  | 'unknown-scope'
  | 'import-unusable';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** One sentence for a person: what is wrong, and where when a file is involved. */
  message: string;
  /** The file concerned, when there is one. */
  path?: string;
}

export function problem(code: ProblemCode, message: string, path?: string, severity: Severity = 'error'): Problem {
  return path === undefined ? { code, severity, message } : { code, severity, message, path };
}

/**
 * For messages: "an account", "an operator", "an untyped", but "a user", "a cluster": the article
 * goes by the sound. A `u` sounds like "you" (user, unique, universal, usable) except in `un-`
 * (unknown, untyped, unsigned); an `o` like "w" in one and once.
 */
export function article(word: string): string {
  const vowelSound = /^(?:[aei]|o(?!ne|nce)|un(?!i))/i.test(word);
  return `${vowelSound ? 'an' : 'a'} ${word}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export type TrustErrorCode = 'exists' | 'not-found' | 'invalid-name' | 'invalid-argument' | 'missing-seed' | 'invalid' | 'io' | 'cancelled' | 'conflict';

/** An operation could not be carried out; `message` is meant to be shown as is. */
export class TrustError extends Error {
  constructor(
    readonly code: TrustErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrustError';
  }
}
