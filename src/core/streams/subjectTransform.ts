/**
 * Whether nats-server can make a subject transform from `src` to `dest`, as its `NewSubjectTransform`
 * (2.10 and later) and `newTransform` (2.9) decide, for the checks both make and those that differ
 * between them. Destination tokens other than `$N` and `{{wildcard(N)}}` (partition, split…) are
 * not judged: a transform holding one is `undetermined` unless something else is wrong with it.
 */

/** A subject as the server's `subjectInfo` reads it: no empty token, `>` last; `*`/`>` count only as whole tokens. */
export interface SubjectInfo {
  valid: boolean;
  tokens: string[];
  /** Whole-token `*` wildcards. */
  partials: number;
  /** Ends with a whole-token `>`. */
  full: boolean;
}

/** nats-server's subjectInfo: whitespace is allowed, as the server allows it here. */
export function subjectInfo(subject: string): SubjectInfo {
  const tokens = subject.split('.');
  let partials = 0;
  let full = false;
  if (subject === '') return { valid: false, tokens, partials, full };
  for (const t of tokens) {
    if (t.length === 0 || full) return { valid: false, tokens, partials, full };
    if (t === '>') full = true;
    else if (t === '*') partials++;
  }
  return { valid: true, tokens, partials, full };
}

/** Go's strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

const WILDCARD_FUNCTION = /{{\s*[wW]ildcard\s*\((.*)\)\s*}}/;

/** What a destination token is: a literal, a wildcard reference (index), an error, or a function not judged here. */
type Placeholder = { kind: 'literal' } | { kind: 'wildcard'; index: number } | { kind: 'bad'; why: string } | { kind: 'other' };

/** nats-server's indexPlaceHolders, for `$N` and `{{wildcard(N)}}`. */
function placeholder(token: string): Placeholder {
  if (token.length <= 1) return { kind: 'literal' };
  if (token[0] === '$') {
    const index = atoi(token.slice(1));
    // Other tokens starting with `$` are literals.
    return index === undefined ? { kind: 'literal' } : { kind: 'wildcard', index };
  }
  if (token.length > 4 && token.startsWith('{{') && token.endsWith('}}')) {
    const m = WILDCARD_FUNCTION.exec(token);
    if (!m) return { kind: 'other' };
    const args = m[1].split(/,\s*/);
    if (args.length === 1 && args[0] === '') return { kind: 'bad', why: `${token} names no wildcard` };
    if (args.length > 1) return { kind: 'bad', why: `${token} takes one argument` };
    const index = atoi(args[0].replace(/^ +| +$/g, ''));
    return index === undefined ? { kind: 'bad', why: `${token} does not name a wildcard by its number` } : { kind: 'wildcard', index };
  }
  return { kind: 'literal' };
}

export type TransformVerdict = { ok: true } | { ok: false; why: string } | { ok: 'undetermined' };

/**
 * Whether the server makes the transform. `modern`: a server from 2.10 (non-strict, as for
 * republish); else 2.9. Reasons are written about `src` and `dest` as the caller names them.
 */
export function checkTransform(src: string, dest: string, modern: boolean): TransformVerdict {
  const s = subjectInfo(src);
  const d = subjectInfo(dest);
  if (!s.valid) return { ok: false, why: `the source ${JSON.stringify(src)} is not a valid subject` };
  if (!d.valid) return { ok: false, why: `the destination ${JSON.stringify(dest)} is not a valid subject` };
  if (d.partials > 0) return { ok: false, why: `the destination ${JSON.stringify(dest)} holds a \`*\` wildcard (refer to the source's wildcards as $1 or {{wildcard(1)}})` };
  if (s.full !== d.full) return { ok: false, why: s.full ? `the source ends in \`>\` and the destination ${JSON.stringify(dest)} does not` : `the destination ends in \`>\` and the source ${JSON.stringify(src)} does not` };
  let undetermined = false;
  let used = 0;
  const wildcards = s.partials > 0 || s.full;
  // 2.9 reads the destination's placeholders only when the source has wildcards.
  if (!wildcards && !modern) return { ok: true };
  for (const token of d.tokens) {
    const p = placeholder(token);
    if (p.kind === 'bad') return { ok: false, why: p.why };
    if (p.kind === 'other') {
      undetermined = true;
      continue;
    }
    if (p.kind !== 'wildcard') continue;
    if (!wildcards) return { ok: false, why: `the destination refers to a wildcard (${token}) but the source ${JSON.stringify(src)} has none` };
    if (p.index > s.partials) {
      return { ok: false, why: `the destination refers to wildcard ${p.index} (${token}) but the source ${JSON.stringify(src)} has ${s.partials === 0 ? 'no `*` wildcard' : s.partials === 1 ? 'one `*` wildcard' : `${s.partials} \`*\` wildcards`}` };
    }
    used++;
  }
  if (undetermined) return { ok: 'undetermined' };
  // 2.9 wants a placeholder for every `*` of the source (2.10 only for strict transforms).
  if (!modern && used < s.partials) return { ok: false, why: `the destination uses ${used} of the source's ${s.partials} \`*\` wildcards (nats-server 2.9 wants each one used)` };
  return { ok: true };
}
