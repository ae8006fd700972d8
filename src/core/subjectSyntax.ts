/**
 * The syntax of a NATS subject as nats-server 2.9.10 checks it (`IsValidSubject` in sublist.go),
 * shared by the stream config rules and the permission subjects of user JWTs.
 *
 * A subject is tokens separated by `.`: no token is empty, none contains whitespace (space, tab,
 * newline, form feed, carriage return; `\v` is not whitespace to the server), and the full
 * wildcard `>` may only be the last token. `*` and `>` are wildcards only as whole tokens (`a*` is
 * the literal token `a*`). Any other character, Unicode included, is allowed.
 */

/** What is wrong with a subject; `token` counts from 1. */
export type SubjectFault =
  | { kind: 'empty' }
  | { kind: 'empty-token'; token: number }
  | { kind: 'whitespace'; token: number; char: string }
  | { kind: 'gt-not-last'; token: number };

const DOT = 46;
const GT = 62;

/** True for the characters the server counts as whitespace in a subject. */
export function isSubjectWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** The first fault of `subject`, reading token by token as the server does, or undefined when it is valid. */
export function subjectFault(subject: string): SubjectFault | undefined {
  const n = subject.length;
  if (n === 0) return { kind: 'empty' };
  let token = 1;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? subject.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (i === start) return { kind: 'empty-token', token };
      if (i < n && i === start + 1 && subject.charCodeAt(start) === GT) return { kind: 'gt-not-last', token };
      token++;
      start = i + 1;
    } else if (isSubjectWhitespace(c)) {
      return { kind: 'whitespace', token, char: subject[i] };
    }
  }
  return undefined;
}

const WHITESPACE_NAMES: Record<string, string> = { ' ': 'a space', '\t': 'a tab', '\n': 'a newline', '\f': 'a form feed', '\r': 'a carriage return' };

/** The name of a whitespace character for messages ("a newline"). */
export function whitespaceName(char: string): string {
  return WHITESPACE_NAMES[char] ?? 'whitespace';
}

/** A fault in words, naming the token: "token 2 is empty", "token 1 contains a space". */
export function describeSubjectFault(fault: SubjectFault): string {
  switch (fault.kind) {
    case 'empty':
      return 'the subject is empty';
    case 'empty-token':
      return `token ${fault.token} is empty (a leading, trailing or doubled '.')`;
    case 'whitespace':
      return `token ${fault.token} contains ${whitespaceName(fault.char)}`;
    case 'gt-not-last':
      return `token ${fault.token} is '>', which may only be the last token`;
  }
}
