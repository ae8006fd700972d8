/**
 * Permission subjects of user JWTs, checked before anything is signed, by the rules of
 * nats-server 2.9.10 and nats-io/jwt v2.3.0:
 *
 * - every subject follows the server's subject syntax (src/core/subjectSyntax.ts): the server
 *   silently drops a permission whose subject has an empty token or a `>` before its last token,
 *   so a deny like `a..b` or `x.>.y` would protect nothing;
 * - a subscribe permission may name a queue group after one space (`orders.* workers`: only queue
 *   subscriptions in group `workers`); jwt v2 refuses an empty part, a second space, or a queue on
 *   a publish permission, and the server then refuses the login ("Authorization Violation");
 * - the text must be valid Unicode (no lone UTF-16 surrogate), since the JWT carries it as UTF-8.
 *
 * One function judges one subject for every front: the core's operations, the CLI and the editor.
 */
import { describeSubjectFault, isSubjectWhitespace, subjectFault, whitespaceName } from '../subjectSyntax';
import { TrustError } from './problems';
import { quoted } from './quote';

export interface SubjectPermissionInput {
  allow?: string[];
  deny?: string[];
}

export interface UserPermissionsInput {
  /** Publish permissions (`pub`). */
  pub?: SubjectPermissionInput;
  /** Subscribe permissions (`sub`). */
  sub?: SubjectPermissionInput;
  /**
   * Allow replying to requests received, even outside `pub.allow` (`resp`): `true` = one reply
   * within the server's default time (2 minutes); or at most `max` replies (-1: any number) within
   * `ttlMs` (-1: no time limit); an omitted one takes the server's default.
   */
  responses?: boolean | { max?: number; ttlMs?: number };
}

/** The four permission lists, named as the CLI options that fill them. */
export type PermissionList = 'allow-pub' | 'deny-pub' | 'allow-sub' | 'deny-sub';

/** The position (from 1) of the first lone UTF-16 surrogate, or 0. */
function loneSurrogateAt(text: string): number {
  const m = /\p{Cs}/u.exec(text);
  return m ? m.index + 1 : 0;
}

/** What is wrong with the queue group of a subscribe permission, or undefined. */
function queueProblem(queue: string): string | undefined {
  if (queue === '') return 'the queue group after the space is empty (write the subject alone, or one space and a queue name)';
  for (let i = 0; i < queue.length; i++) {
    if (isSubjectWhitespace(queue.charCodeAt(i))) return `the queue group contains ${whitespaceName(queue[i])}`;
  }
  return undefined;
}

/** What is wrong with `text` as an entry of `list`, without the list and subject (see permissionSubjectProblem). */
function entryProblem(list: PermissionList, text: string): string | undefined {
  const queues = list.endsWith('-sub');
  const space = queues ? text.indexOf(' ') : -1;
  const subject = space < 0 ? text : text.slice(0, space);
  if (space >= 0 && text.indexOf(' ', space + 1) >= 0) {
    return 'it has more than one space: a subscribe permission is a subject, optionally followed by one space and a queue group';
  }
  const fault = subjectFault(subject);
  if (fault) {
    const hint = fault.kind === 'whitespace' && fault.char === ' ' && !queues ? ' (only subscribe permissions take a queue group after a space)' : '';
    return describeSubjectFault(fault) + hint;
  }
  if (space >= 0) {
    const q = queueProblem(text.slice(space + 1));
    if (q) return q;
  }
  const at = loneSurrogateAt(text);
  if (at) return `character ${at} is a lone UTF-16 surrogate, not valid Unicode`;
  return undefined;
}

/**
 * Why `subject` cannot stand in the permission list `list`, naming the list, the subject and the
 * bad token ("deny-pub 'a..b': token 2 is empty …"), or undefined when it is valid. Total: any
 * string gives a string or undefined.
 */
export function permissionSubjectProblem(list: PermissionList, subject: string): string | undefined {
  if (typeof subject !== 'string') return `${list}: ${typeof subject} is not a subject`;
  const problem = entryProblem(list, subject);
  return problem === undefined ? undefined : `${list} ${quoted(subject)}: ${problem}`;
}

/** Throws a TrustError 'invalid-argument' for the first subject of `subjects` that cannot stand in `list`. */
export function checkPermissionSubjects(list: PermissionList, subjects: unknown): void {
  if (subjects === undefined || subjects === null) return;
  if (!Array.isArray(subjects)) throw new TrustError('invalid-argument', `${list} must be a list of subjects`);
  for (const subject of subjects as unknown[]) {
    const problem = permissionSubjectProblem(list, subject as string);
    if (problem) throw new TrustError('invalid-argument', problem);
  }
}

/**
 * Checks every subject of a user's permissions (see the module comment); a TrustError names the
 * first bad one, after `who` when given (e.g. "user 'bob'" in a batch).
 */
export function checkUserPermissions(permissions: UserPermissionsInput | undefined, who?: string): void {
  try {
    if (permissions === undefined || permissions === null) return;
    if (typeof permissions !== 'object') throw new TrustError('invalid-argument', 'the permissions must be an object with pub and sub lists');
    for (const dir of ['pub', 'sub'] as const) {
      const p = permissions[dir];
      if (p === undefined || p === null) continue;
      if (typeof p !== 'object') throw new TrustError('invalid-argument', `the ${dir} permissions must be an object with allow and deny lists`);
      checkPermissionSubjects(`allow-${dir}`, p.allow);
      checkPermissionSubjects(`deny-${dir}`, p.deny);
    }
  } catch (e) {
    throw who !== undefined && e instanceof TrustError ? new TrustError(e.code, `${who}: ${e.message}`) : e;
  }
}
