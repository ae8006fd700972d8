/**
 * NATS subject filters: tokens separated by `.`, where a token `*` matches exactly one token and a
 * final `>` matches one or more. Any other token is literal (`a*` is the literal `a*`).
 */

/** Why the server refuses `subject` as a stream subject, or undefined when it is valid. */
export function subjectProblem(subject: string): string | undefined {
  const n = subject.length;
  if (n === 0) return 'is empty';
  for (let i = 0; i < n; i++) {
    const c = subject.charCodeAt(i);
    // space, \t, \n, \f, \r (\v is not whitespace to the server)
    if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13) return 'contains whitespace';
  }
  // Token by token: the first empty token or non-final `>` is the problem.
  for (let start = 0; ; ) {
    const dot = subject.indexOf('.', start);
    const end = dot < 0 ? n : dot;
    if (end === start) return 'has an empty token (a leading, trailing or doubled `.`)';
    if (dot >= 0 && end === start + 1 && subject.charCodeAt(start) === 62) return 'has `>` before its last token';
    if (dot < 0) return undefined;
    start = dot + 1;
  }
}

/** True when some subject matches both filters (both must be valid). */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] === '>' || y[i] === '>') return true;
    if (x[i] !== y[i] && x[i] !== '*' && y[i] !== '*') return false;
  }
  return x.length === y.length;
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

/** A node of the index; its map and list are made only when something is stored in them. */
interface TrieNode<T> {
  children: Map<string, TrieNode<T>> | undefined;
  /** Owners of the subjects that end at this node. */
  owners: T[] | undefined;
}

const newNode = <T>(): TrieNode<T> => ({ children: undefined, owners: undefined });

function report<T>(owners: T[] | undefined, found: (owner: T) => void): void {
  if (owners) for (let i = 0; i < owners.length; i++) found(owners[i]);
}

/**
 * Subject filters indexed by token, so that the filters overlapping one subject are found
 * without comparing against every stored filter.
 */
export class SubjectIndex<T> {
  private readonly root: TrieNode<T> = newNode();

  add(subject: string, owner: T): void {
    this.addTokens(subject.split('.'), owner);
  }

  /** `add` for a subject already split at its dots. */
  addTokens(tokens: readonly string[], owner: T): void {
    let node = this.root;
    for (const token of tokens) {
      const children = (node.children ??= new Map());
      let child = children.get(token);
      if (!child) {
        child = newNode();
        children.set(token, child);
      }
      node = child;
    }
    (node.owners ??= []).push(owner);
  }

  /** Calls `found` with the owner of every stored filter that overlaps `subject`. */
  overlapping(subject: string, found: (owner: T) => void): void {
    this.walk(this.root, subject.split('.'), 0, found);
  }

  /** `overlapping` for a subject already split at its dots. */
  overlappingTokens(tokens: readonly string[], found: (owner: T) => void): void {
    this.walk(this.root, tokens, 0, found);
  }

  private walk(node: TrieNode<T>, tokens: readonly string[], i: number, found: (owner: T) => void): void {
    if (i === tokens.length) {
      report(node.owners, found);
      return;
    }
    const children = node.children;
    if (!children) return;
    const token = tokens[i];
    if (token === '>') {
      // Everything stored below this node with at least one more token.
      for (const child of children.values()) this.everything(child, found);
      return;
    }
    const gt = children.get('>');
    if (gt) report(gt.owners, found);
    if (token === '*') {
      for (const [t, child] of children) if (t !== '>') this.walk(child, tokens, i + 1, found);
      return;
    }
    const exact = children.get(token);
    if (exact) this.walk(exact, tokens, i + 1, found);
    const star = children.get('*');
    if (star) this.walk(star, tokens, i + 1, found);
  }

  private everything(node: TrieNode<T>, found: (owner: T) => void): void {
    report(node.owners, found);
    if (node.children) for (const child of node.children.values()) this.everything(child, found);
  }
}
