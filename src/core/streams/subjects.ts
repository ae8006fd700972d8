/**
 * NATS subject filters: tokens separated by `.`, where a token `*` matches exactly one token and a
 * final `>` matches one or more. Any other token is literal (`a*` is the literal `a*`).
 */
import { subjectFault } from '../subjectSyntax';

/** Why the server refuses `subject` as a stream subject, or undefined when it is valid. */
export function subjectProblem(subject: string): string | undefined {
  const fault = subjectFault(subject);
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'empty':
      return 'is empty';
    case 'whitespace':
      return 'contains whitespace';
    case 'empty-token':
      return 'has an empty token (a leading, trailing or doubled `.`)';
    case 'gt-not-last':
      return 'has `>` before its last token';
  }
}

/** The end of the token of `subject` starting at `start` (the next `.`, or the end). */
function tokenEnd(subject: string, start: number): number {
  const dot = subject.indexOf('.', start);
  return dot < 0 ? subject.length : dot;
}

/** True when the token of `subject` from `start` to `end` is the single character `c`. */
function isChar(subject: string, start: number, end: number, c: number): boolean {
  return end === start + 1 && subject.charCodeAt(start) === c;
}

/** True when the token of `a` from `i` to `ie` equals the token of `b` from `j` to `je`. */
function sameToken(a: string, i: number, ie: number, b: string, j: number, je: number): boolean {
  if (ie - i !== je - j) return false;
  for (let k = 0; k < ie - i; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

const STAR = 42;
const GT = 62;
const DOT = 46;

/** True when a whole token of `subject` is `*` or `>` (a wildcard, not a literal such as `a*`). */
export function hasWildcardToken(subject: string): boolean {
  return subject.split('.').some((t) => t === '*' || t === '>');
}

/** True when some subject matches both filters (both must be valid). Compares token by token in place. */
export function subjectsOverlap(a: string, b: string): boolean {
  for (let i = 0, j = 0; ; ) {
    const ie = tokenEnd(a, i);
    const je = tokenEnd(b, j);
    if (isChar(a, i, ie, GT) || isChar(b, j, je, GT)) return true;
    if (!sameToken(a, i, ie, b, j, je) && !isChar(a, i, ie, STAR) && !isChar(b, j, je, STAR)) return false;
    const aEnds = ie === a.length;
    const bEnds = je === b.length;
    if (aEnds || bEnds) return aEnds && bEnds;
    i = ie + 1;
    j = je + 1;
  }
}

/** True when every subject matched by `subject` is also matched by `filter`. */
export function isSubsetMatch(subject: string, filter: string): boolean {
  const s = subject.split('.');
  const f = filter.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return i < s.length;
    if (i >= s.length || s[i] === '>') return false;
    if (f[i] !== '*' && (s[i] === '*' || s[i] !== f[i])) return false;
  }
  return s.length === f.length;
}

/**
 * A node of the index: the token leading to it, its children (most nodes have one, kept without a
 * map) and the owners of the subjects ending here. Maps and lists are made only when needed.
 */
class TrieNode<T> {
  /** The only child, while there is just one. */
  only: TrieNode<T> | undefined = undefined;
  /** Every child by token, once there are two or more. */
  children: Map<string, TrieNode<T>> | undefined = undefined;
  owners: T[] | undefined = undefined;

  constructor(readonly token: string) {}

  /** The child for the token of `subject` from `start` to `end` (sliced only to look up a map). */
  child(subject: string, start: number, end: number): TrieNode<T> | undefined {
    const only = this.only;
    if (only) return sameToken(only.token, 0, only.token.length, subject, start, end) ? only : undefined;
    return this.children?.get(subject.slice(start, end));
  }

  addChild(token: string): TrieNode<T> {
    const child = new TrieNode<T>(token);
    if (!this.only && !this.children) {
      this.only = child;
    } else {
      if (this.only) {
        this.children = new Map([[this.only.token, this.only]]);
        this.only = undefined;
      }
      this.children!.set(token, child);
    }
    return child;
  }
}

function report<T>(owners: T[] | undefined, found: (owner: T) => void): void {
  if (owners) for (let i = 0; i < owners.length; i++) found(owners[i]);
}

/** The start of the token after the one ending at `end`, or -1 after the last token. */
function nextToken(subject: string, end: number): number {
  return end === subject.length ? -1 : end + 1;
}

/**
 * Subject filters indexed by token, so that the filters overlapping one subject are found
 * without comparing against every stored filter. Subjects are read in place, never split.
 */
export class SubjectIndex<T> {
  private readonly root = new TrieNode<T>('');

  add(subject: string, owner: T): void {
    let node = this.root;
    for (let start = 0; start >= 0; ) {
      const end = tokenEnd(subject, start);
      node = node.child(subject, start, end) ?? node.addChild(subject.slice(start, end));
      start = nextToken(subject, end);
    }
    (node.owners ??= []).push(owner);
  }

  /** Calls `found` with the owner of every stored filter that overlaps `subject` (a valid one). */
  overlapping(subject: string, found: (owner: T) => void): void {
    this.walk(this.root, subject, 0, found);
  }

  /** Matches the tokens of `subject` from `start` (-1: none left) below `node`. */
  private walk(node: TrieNode<T>, subject: string, start: number, found: (owner: T) => void): void {
    if (start < 0) {
      report(node.owners, found);
      return;
    }
    if (!node.only && !node.children) return;
    const end = tokenEnd(subject, start);
    const next = nextToken(subject, end);
    if (isChar(subject, start, end, GT)) {
      // Everything stored below this node with at least one more token.
      if (node.only) this.everything(node.only, found);
      else for (const child of node.children!.values()) this.everything(child, found);
      return;
    }
    const gt = node.child('>', 0, 1);
    if (gt) report(gt.owners, found);
    if (isChar(subject, start, end, STAR)) {
      if (node.only) {
        if (node.only !== gt) this.walk(node.only, subject, next, found);
      } else {
        for (const child of node.children!.values()) if (child !== gt) this.walk(child, subject, next, found);
      }
      return;
    }
    const exact = node.child(subject, start, end);
    if (exact) this.walk(exact, subject, next, found);
    const star = node.child('*', 0, 1);
    if (star) this.walk(star, subject, next, found);
  }

  private everything(node: TrieNode<T>, found: (owner: T) => void): void {
    report(node.owners, found);
    if (node.only) this.everything(node.only, found);
    else if (node.children) for (const child of node.children.values()) this.everything(child, found);
  }
}

/** True when `subject` has a `*` token. */
function hasStarToken(subject: string): boolean {
  for (let i = subject.indexOf('*'); i >= 0; i = subject.indexOf('*', i + 1)) {
    if ((i === 0 || subject.charCodeAt(i - 1) === DOT) && (i + 1 === subject.length || subject.charCodeAt(i + 1) === DOT)) return true;
  }
  return false;
}

/**
 * True when no two of `subjects` (valid ones) held by different owners overlap, proven by exact
 * lookups: possible when no subject has a `*` token, so that every subject is literal or a literal
 * prefix and a final `>`. False when some pair may overlap, or a `*` makes the proof impossible:
 * then a SubjectIndex finds the overlaps. (Most files hold no overlap: this spares them the index.)
 *
 * Without `*`, two literal subjects overlap when they are equal; `p.>` overlaps a literal subject
 * whose tokens go on past the tokens of `p`, and `p.>` and `q.>` overlap when the tokens of one of
 * `p` and `q` start the other (a lone `>` is the empty prefix). So each subject is looked up with
 * each of its proper token prefixes among the `>` subjects.
 */
export function provablyDisjoint(subjects: readonly string[], owners: ArrayLike<number>): boolean {
  // Literal subjects, and the prefixes of `>` subjects ('' for a lone `>`), with their owner.
  const literals = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < subjects.length; i++) {
    const subject = subjects[i];
    if (hasStarToken(subject)) return false;
    const open = subject === '>' || subject.endsWith('.>');
    const key = subject === '>' ? '' : open ? subject.slice(0, -2) : subject;
    const map = open ? prefixes : literals;
    const other = map.get(key);
    if (other === undefined) map.set(key, owners[i]);
    else if (other !== owners[i]) return false;
    keys.push(key);
  }
  if (prefixes.size === 0) return true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const owner = owners[i];
    const whole = prefixes.get('');
    if (whole !== undefined && whole !== owner) return false;
    for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
      const other = prefixes.get(key.slice(0, dot));
      if (other !== undefined && other !== owner) return false;
    }
  }
  return true;
}
