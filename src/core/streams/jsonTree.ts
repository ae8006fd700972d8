/**
 * A JSONC syntax tree with offsets, kept in typed arrays (node ids are integers) so that a file of
 * thousands of stream configs parses without allocating an object per node.
 *
 * Well-formed text (JSON, `//` and block comments) is read by a strict scanner below; anything it
 * does not accept verbatim is handed to jsonc-parser's `parseTree`, which recovers from errors and
 * names them. The scanner only accepts what jsonc-parser accepts without errors, and both produce
 * the same tree (a property test checks this).
 *
 * Objects hold their properties as alternating key and value children: key, value, key, value…
 */
import { Node as JsoncNode, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export type JsonLiteral = string | number | boolean | null;

const KINDS: readonly NodeKind[] = ['object', 'array', 'string', 'number', 'boolean', 'null'];
const OBJECT = 0;
const ARRAY = 1;
const STRING = 2;
const NUMBER = 3;
const BOOLEAN = 4;
const NULL = 5;

export interface JsonSyntaxError {
  offset: number;
  length: number;
  /** jsonc-parser's error code name, e.g. `CommaExpected`. */
  code: string;
  message: string;
}

/** In `Builder.aux` of a string node read by the strict scanner: its text is the slice between the quotes. */
const PLAIN = -1;
/** In `Builder.aux` of a string node read by the strict scanner: its value is in `Builder.decoded`. */
const DECODED = -2;

/**
 * Node storage while parsing; grows by doubling. Literal values are not kept as JavaScript values
 * (an array of them costs more than the whole scan): a number's value and a string's source are
 * in `aux`, and strings are sliced from the text when asked for.
 */
class Builder {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  first: Int32Array;
  next: Int32Array;
  /** Numbers: the value. Strings: an index in `keys`, `PLAIN` or `DECODED`. Booleans: 1 or 0. */
  aux: Float64Array;
  /** Strings with escapes, decoded, by node id. */
  readonly decoded = new Map<number, string>();
  /** Literal values by node id, when they come from jsonc-parser's recovered tree instead. */
  values: JsonLiteral[] | undefined;

  constructor(
    capacity: number,
    /** Known key names, indexed by `aux` of string nodes. */
    readonly keys: readonly string[] = [],
  ) {
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.aux = new Float64Array(capacity);
  }

  add(kind: number, start: number, end: number, aux: number): number {
    if (this.count === this.kind.length) this.grow();
    const id = this.count++;
    this.kind[id] = kind;
    this.start[id] = start;
    this.end[id] = end;
    this.first[id] = -1;
    this.next[id] = -1;
    this.aux[id] = aux;
    return id;
  }

  /** Adds a node with its value given (the copy of jsonc-parser's tree). */
  addValue(kind: number, start: number, end: number, value: JsonLiteral): number {
    const id = this.add(kind, start, end, 0);
    (this.values ??= []).push(value);
    return id;
  }

  /** Appends `child` after `previous` (or as the first child when `previous` is -1). */
  link(parent: number, previous: number, child: number): void {
    if (previous < 0) this.first[parent] = child;
    else this.next[previous] = child;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grown = <T extends Uint8Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.kind = grown(this.kind);
    this.start = grown(this.start);
    this.end = grown(this.end);
    this.first = grown(this.first);
    this.next = grown(this.next);
    this.aux = grown(this.aux);
  }
}

/** Thrown inside the strict scanner when the text needs jsonc-parser's error-tolerant parse. */
const BAIL = new Error('not strict JSONC');
/** Thrown inside the strict scanner when arrays and objects nest deeper than MAX_DEPTH. */
const TOO_DEEP = new Error('nested too deeply');
/**
 * The deepest nesting of arrays and objects read, as Go's encoding/json (and so nats-server)
 * reads it: 10,000 levels; deeper text is refused by the server and reported as such.
 */
export const MAX_DEPTH = 10_000;

export interface ParseOptions {
  /** Accept a comma before `]` or `}` (VS Code's JSONC files do). */
  allowTrailingComma?: boolean;
}

/**
 * Known key names (`names`, as the caller gave them), and their indexes in it by length: a key
 * matching one is not sliced. (Names a key cannot match verbatim, and repeats, are left out.)
 */
interface KeyTable {
  names: readonly string[];
  byLength: Map<number, readonly number[]>;
}

function keyTable(keys: readonly string[]): KeyTable {
  const byLength = new Map<number, number[]>();
  keys.forEach((key, index) => {
    if (/["\\\u0000-\u001f]/.test(key) || keys.indexOf(key) !== index) return;
    const list = byLength.get(key.length);
    if (list) list.push(index);
    else byLength.set(key.length, [index]);
  });
  return { names: keys, byLength };
}

/*
 * The strict scanner's state, at module level rather than in closures so that the engine can
 * inline its functions (one parse at a time: it runs to completion without callbacks).
 */
let src = '';
let len = 0;
let pos = 0;
let bld: Builder = new Builder(1);
let keyTab: KeyTable | undefined;
let trailingOk = false;
/** The offset of the first comment or accepted trailing comma, or -1. */
let notPlainAt = -1;


/** The index of the known key between the quotes at `start` and `end` (exclusive), or `PLAIN`. */
function keyIndex(start: number, end: number): number {
  const candidates = keyTab?.byLength.get(end - start);
  if (candidates) {
    for (const candidate of candidates) if (src.startsWith(keyTab!.names[candidate], start)) return candidate;
  }
  return PLAIN;
}

function skipSpace(): number {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      pos++;
    } else if (c === 47) {
      const d = src.charCodeAt(pos + 1);
      if ((d === 47 || d === 42) && notPlainAt < 0) notPlainAt = pos;
      if (d === 47) {
        // jsonc-parser ends a line comment at \n or \r.
        let k = pos + 2;
        while (k < len) {
          const e = src.charCodeAt(k);
          if (e === 10 || e === 13) break;
          k++;
        }
        pos = k;
      } else if (d === 42) {
        const e = src.indexOf('*/', pos + 2);
        if (e < 0) throw BAIL;
        pos = e + 2;
      } else {
        throw BAIL;
      }
    } else {
      return c;
    }
  }
}

/** Reads the string at `pos` into node `node`: sets its end and its `aux`. */
function readString(node: number, isKey: boolean): void {
  const start = pos;
  let k = pos + 1;
  let escaped = false;
  for (;;) {
    if (k >= len) throw BAIL;
    const c = src.charCodeAt(k);
    if (c === 34) break;
    if (c < 32) throw BAIL;
    if (c === 92) {
      escaped = true;
      k += 2;
    } else {
      k++;
    }
  }
  pos = k + 1;
  bld.end[node] = pos;
  if (!escaped) {
    bld.aux[node] = isKey ? keyIndex(start + 1, k) : PLAIN;
    return;
  }
  try {
    bld.decoded.set(node, JSON.parse(src.slice(start, pos)) as string);
  } catch {
    throw BAIL;
  }
  bld.aux[node] = DECODED;
}

/** The end of the run of digits starting at `from`. (Not a closure: one per number would cost an allocation.) */
function digitsEnd(from: number): number {
  let k = from;
  while (k < len) {
    const c = src.charCodeAt(k);
    if (c < 48 || c > 57) break;
    k++;
  }
  return k;
}

function readNumber(): number {
  // JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  let k = pos;
  if (src.charCodeAt(k) === 45) k++;
  const intStart = k;
  k = digitsEnd(k);
  const intDigits = k - intStart;
  if (intDigits === 0 || (intDigits > 1 && src.charCodeAt(intStart) === 48)) throw BAIL;
  const next = src.charCodeAt(k);
  if (intDigits <= 15 && next !== 46 && next !== 101 && next !== 69) {
    // A plain integer that a double holds exactly: read it without making a string.
    let value = 0;
    for (let d = intStart; d < k; d++) value = value * 10 + (src.charCodeAt(d) - 48);
    const negative = intStart > pos;
    pos = k;
    return negative ? -value : value;
  }
  if (next === 46) {
    const from = k + 1;
    k = digitsEnd(from);
    if (k === from) throw BAIL;
  }
  const e = src.charCodeAt(k);
  if (e === 101 || e === 69) {
    k++;
    const s = src.charCodeAt(k);
    if (s === 43 || s === 45) k++;
    const from = k;
    k = digitsEnd(from);
    if (k === from) throw BAIL;
  }
  const value = Number(src.slice(pos, k));
  pos = k;
  return value;
}

function literal(word: string, kind: number, value: number): number {
  if (!src.startsWith(word, pos)) throw BAIL;
  const start = pos;
  pos += word.length;
  return bld.add(kind, start, pos, value);
}

/** After a comma: true when a trailing comma is accepted here (the container closes with `close`). */
function trailingComma(close: number): boolean {
  const comma = pos - 1;
  if (!trailingOk || skipSpace() !== close) return false;
  if (notPlainAt < 0) notPlainAt = comma;
  return true;
}

/**
 * The open arrays and objects while scanning (an explicit stack, not recursion: Go reads 10,000
 * levels, more than the call stack holds): the container's node, and its last child linked (a
 * key or a value), -1 before the first.
 */
let openNode = new Int32Array(64);
let openLast = new Int32Array(64);

/** Reads a key and its colon at `pos` into object `obj` at stack slot `top`. */
function readKey(obj: number, top: number): void {
  if (skipSpace() !== 34) throw BAIL;
  const key = bld.add(STRING, pos, -1, PLAIN);
  readString(key, true);
  bld.link(obj, openLast[top], key);
  openLast[top] = key;
  if (skipSpace() !== 58) throw BAIL;
  pos++;
}

/** Reads a string, number, `true`, `false` or `null` at `pos` (`c` is its first character). */
function readScalar(c: number): number {
  const start = pos;
  if (c === 34) {
    const str = bld.add(STRING, start, -1, PLAIN);
    readString(str, false);
    return str;
  }
  if (c === 116) return literal('true', BOOLEAN, 1);
  if (c === 102) return literal('false', BOOLEAN, 0);
  if (c === 110) return literal('null', NULL, 0);
  if (c === 45 || (c >= 48 && c <= 57)) {
    const value = readNumber();
    return bld.add(NUMBER, start, pos, value);
  }
  throw BAIL;
}

/** Reads the value at `pos` with everything nested in it; Go refuses a 10,001st open array or object. */
function readDocument(): number {
  let depth = 0;
  for (;;) {
    // A value is expected at `pos`.
    const c = skipSpace();
    let value: number;
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) throw TOO_DEEP;
      const node = bld.add(c === 123 ? OBJECT : ARRAY, pos, -1, 0);
      pos++;
      if (depth === openNode.length) {
        const grown = Math.min(MAX_DEPTH, depth * 2);
        const nodes = new Int32Array(grown);
        nodes.set(openNode);
        openNode = nodes;
        const last = new Int32Array(grown);
        last.set(openLast);
        openLast = last;
      }
      openNode[depth] = node;
      openLast[depth] = -1;
      depth++;
      const close = c === 123 ? 125 : 93;
      if (skipSpace() !== close) {
        if (c === 123) readKey(node, depth - 1);
        continue;
      }
      pos++;
      bld.end[node] = pos;
      depth--;
      value = node;
    } else {
      value = readScalar(c);
    }
    // `value` is complete: link it into its container, then close every container that ends here.
    for (;;) {
      if (depth === 0) return value;
      const top = depth - 1;
      const parent = openNode[top];
      bld.link(parent, openLast[top], value);
      openLast[top] = value;
      const close = bld.kind[parent] === OBJECT ? 125 : 93;
      const d = skipSpace();
      if (d === 44) {
        pos++;
        if (!trailingComma(close)) {
          if (close === 125) readKey(parent, top);
          break;
        }
      } else if (d !== close) {
        throw BAIL;
      }
      pos++;
      bld.end[parent] = pos;
      depth--;
      value = parent;
    }
  }
}

/** The strict scan's outcome besides the root: the offset of the first comment or trailing comma, or where nesting got too deep. */
interface StrictResult {
  root: number | undefined;
  notPlainAt: number;
  /** Set when nesting went deeper than MAX_DEPTH (or than the stack allows): where. */
  tooDeepAt?: number;
}

function strictParse(text: string, b: Builder, keys: KeyTable | undefined, options: ParseOptions | undefined): StrictResult {
  src = text;
  len = text.length;
  // A byte order mark opens the text as VS Code reads it: skipped.
  pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  bld = b;
  keyTab = keys;
  trailingOk = options?.allowTrailingComma === true;
  notPlainAt = -1;
  try {
    const root = readDocument();
    skipSpace();
    if (pos < len) throw BAIL;
    return { root, notPlainAt };
  } catch (e) {
    if (e === BAIL) return { root: undefined, notPlainAt };
    if (e === TOO_DEEP) return { root: undefined, notPlainAt, tooDeepAt: pos };
    // The stack ran out first (a smaller stack than Node's default): deeper than this tool reads.
    if (e instanceof RangeError) return { root: undefined, notPlainAt, tooDeepAt: -1 };
    throw e;
  } finally {
    // Let go of the text and the nodes.
    src = '';
    bld = new Builder(1);
    keyTab = undefined;
  }
}


const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "':' is expected",
  CommaExpected: "',' is expected",
  CloseBraceExpected: "'}' is expected",
  CloseBracketExpected: "']' is expected",
  EndOfFileExpected: 'the document should end here',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'the comment is not closed',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is incomplete',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** Copies jsonc-parser's recovered tree into the builder; properties without a value are left out. */
function copyJsoncTree(node: JsoncNode, text: string, b: Builder): number {
  const end = node.length >= 0 ? node.offset + node.length : text.length;
  switch (node.type) {
    case 'object': {
      const obj = b.addValue(OBJECT, node.offset, end, null);
      let previous = -1;
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = b.addValue(STRING, keyNode.offset, keyNode.offset + keyNode.length, String(keyNode.value));
        b.link(obj, previous, key);
        const value = copyJsoncTree(valueNode, text, b);
        b.next[key] = value;
        previous = value;
      }
      return obj;
    }
    case 'array': {
      const arr = b.addValue(ARRAY, node.offset, end, null);
      let previous = -1;
      for (const child of node.children ?? []) {
        const item = copyJsoncTree(child, text, b);
        b.link(arr, previous, item);
        previous = item;
      }
      return arr;
    }
    case 'string':
      return b.addValue(STRING, node.offset, end, String(node.value));
    case 'number':
      return b.addValue(NUMBER, node.offset, end, Number(node.value));
    case 'boolean':
      return b.addValue(BOOLEAN, node.offset, end, Boolean(node.value));
    default:
      return b.addValue(NULL, node.offset, end, null);
  }
}

/**
 * A key as Go's encoding/json compares it with a field name when no name matches exactly: ASCII
 * letters without case, and the Kelvin sign and long s (U+212A, U+017F) as `k` and `s`. (Go reads
 * `"MAX_AGE"` into `max_age`; field names are ASCII, so no other folding can make a match.)
 */
export function goFoldKey(key: string): string {
  return /[A-Z\u017f\u212a]/.test(key) ? key.replace(/[A-Z\u017f\u212a]/g, (c) => (c === '\u017f' ? 's' : c === '\u212a' ? 'k' : c.toLowerCase())) : key;
}

const tables = new WeakMap<readonly string[], KeyTable>();

function tableFor(keys: readonly string[]): KeyTable {
  let table = tables.get(keys);
  if (!table) {
    table = keyTable(keys);
    tables.set(keys, table);
  }
  return table;
}

export class JsonTree {
  private constructor(
    readonly text: string,
    /** The root node, or -1 when the text holds no value. */
    readonly root: number,
    /** Syntax errors, in text order; empty for well-formed text. */
    readonly errors: readonly JsonSyntaxError[],
    private readonly b: Builder,
    /**
     * The offset of the first comment or trailing comma (JSONC that plain JSON readers such as
     * the `nats` CLI refuse), or -1; known for text without syntax errors.
     */
    readonly notPlainJsonAt: number,
  ) {}

  /**
   * Parses JSON with comments; never throws. `knownKeys` (e.g. the schema's field names) are
   * shared instead of allocated for every occurrence.
   */
  static parse(text: string, knownKeys?: readonly string[], options?: ParseOptions): JsonTree {
    // Pretty-printed stream configs hold one node per 14 to 16 characters; the builder grows
    // (copying every array) when that is too few, which costs more than a little room to spare.
    const table = knownKeys ? tableFor(knownKeys) : undefined;
    const fast = new Builder(Math.max(16, Math.ceil(text.length / 12)), table?.names);
    const strict = strictParse(text, fast, table, options);
    if (strict.root !== undefined) return new JsonTree(text, strict.root, [], fast, strict.notPlainAt);
    if (strict.tooDeepAt !== undefined) {
      const at = Math.max(0, strict.tooDeepAt);
      const message =
        strict.tooDeepAt >= 0
          ? `arrays and objects nested deeper than ${MAX_DEPTH.toLocaleString('en-US')} levels: the server's JSON reader refuses them ("exceeded max depth")`
          : 'arrays and objects nested deeper than this tool reads';
      return new JsonTree(text, -1, [{ offset: at, length: at < text.length ? 1 : 0, code: 'TooDeep', message }], new Builder(1), -1);
    }
    const b = new Builder(Math.max(16, text.length >> 4));
    const jsoncErrors: ParseError[] = [];
    try {
      // jsonc-parser reads a byte order mark as an error: a space in its place keeps the offsets.
      const input = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
      const tree = parseTree(input, jsoncErrors, { disallowComments: false, allowTrailingComma: options?.allowTrailingComma === true });
      const errors = jsoncErrors.map((e) => {
        const code = printParseErrorCode(e.error);
        const offset = Math.min(e.offset, text.length);
        return { offset, length: Math.max(0, Math.min(e.length, text.length - offset)), code, message: ERROR_TEXT[code] ?? code };
      });
      if (errors.length === 0 && !tree) {
        errors.push({ offset: 0, length: 0, code: 'ValueExpected', message: ERROR_TEXT.ValueExpected });
      }
      return new JsonTree(text, tree ? copyJsoncTree(tree, text, b) : -1, errors, b, -1);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const tooDeep = { offset: 0, length: 0, code: 'TooDeep', message: 'arrays and objects nested deeper than this tool reads' };
      return new JsonTree(text, -1, [tooDeep], new Builder(1), -1);
    }
  }

  get nodeCount(): number {
    return this.b.count;
  }

  kind(node: number): NodeKind {
    return KINDS[this.b.kind[node]];
  }

  isObject(node: number): boolean {
    return node >= 0 && this.b.kind[node] === OBJECT;
  }

  isArray(node: number): boolean {
    return node >= 0 && this.b.kind[node] === ARRAY;
  }

  offset(node: number): number {
    return this.b.start[node];
  }

  end(node: number): number {
    return this.b.end[node];
  }

  length(node: number): number {
    return this.b.end[node] - this.b.start[node];
  }

  /** The first child (for objects: the first key), or -1. */
  firstChild(node: number): number {
    return this.b.first[node];
  }

  /** The next sibling (for a key: its value; for a value in an object: the next key), or -1. */
  nextSibling(node: number): number {
    return this.b.next[node];
  }

  /** The value of a string, number, boolean or null node (a key node holds its name). */
  value(node: number): JsonLiteral {
    const b = this.b;
    if (b.values) return b.values[node];
    switch (b.kind[node]) {
      case STRING: {
        const aux = b.aux[node];
        if (aux === PLAIN) return this.text.slice(b.start[node] + 1, b.end[node] - 1);
        if (aux === DECODED) return b.decoded.get(node)!;
        return b.keys[aux];
      }
      case NUMBER:
        return b.aux[node];
      case BOOLEAN:
        return b.aux[node] === 1;
      default:
        return null;
    }
  }

  /** True when string node `node` holds `s` (compared in place when it has no escapes). */
  stringEquals(node: number, s: string): boolean {
    const b = this.b;
    if (!b.values && b.aux[node] === PLAIN) {
      const start = b.start[node] + 1;
      return b.end[node] - 1 - start === s.length && this.text.startsWith(s, start);
    }
    return this.value(node) === s;
  }

  /**
   * For a key the scanner matched to one of `knownKeys` given to `parse`: its index there; else
   * -1 (then read its name with `value`).
   */
  knownKeyIndex(node: number): number {
    const b = this.b;
    return !b.values && b.kind[node] === STRING && b.aux[node] >= 0 ? b.aux[node] : -1;
  }

  /** The value of a number node. */
  numberValue(node: number): number {
    return this.b.values ? (this.b.values[node] as number) : this.b.aux[node];
  }

  /** True for a number written without a fraction or exponent (as Go reads integers). */
  isIntegerLiteral(node: number): boolean {
    if (this.b.kind[node] !== NUMBER) return false;
    for (let i = this.b.start[node]; i < this.b.end[node]; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 46 || c === 101 || c === 69) return false;
    }
    return true;
  }

  /** The text of a node as written. */
  raw(node: number): string {
    return this.text.slice(this.b.start[node], this.b.end[node]);
  }

  /** The child nodes of an array (or keys and values of an object, alternating). */
  children(node: number): number[] {
    const out: number[] = [];
    for (let c = this.b.first[node]; c >= 0; c = this.b.next[c]) out.push(c);
    return out;
  }

  /** Calls `fn` for each property of an object, in text order. */
  forEachProperty(obj: number, fn: (key: string, keyNode: number, valueNode: number) => void): void {
    if (!this.isObject(obj)) return;
    for (let k = this.b.first[obj]; k >= 0; ) {
      const v = this.b.next[k];
      fn(this.value(k) as string, k, v);
      k = this.b.next[v];
    }
  }

  /**
   * The key node of the last property that a Go server reads as field `key` (a lower-case field
   * name): named `key`, or `key` in other letter case (see goFoldKey); -1 when there is none.
   */
  findKey(obj: number, key: string): number {
    let found = -1;
    if (!this.isObject(obj)) return found;
    for (let k = this.b.first[obj]; k >= 0; k = this.b.next[this.b.next[k]]) {
      const name = this.value(k) as string;
      if (name === key || (name.length === key.length && goFoldKey(name) === key)) found = k;
    }
    return found;
  }

  /** The value node of the last property named `key`, or -1. */
  findValue(obj: number, key: string): number {
    const k = this.findKey(obj, key);
    return k < 0 ? -1 : this.b.next[k];
  }

  /** The plain JavaScript value of a node (objects keep the last of duplicate keys). */
  toValue(node: number): unknown {
    switch (this.b.kind[node]) {
      case OBJECT: {
        const out: Record<string, unknown> = {};
        this.forEachProperty(node, (key, _k, v) => {
          out[key] = this.toValue(v);
        });
        return out;
      }
      case ARRAY:
        return this.children(node).map((c) => this.toValue(c));
      default:
        return this.value(node);
    }
  }

  /**
   * The chain of nodes from the root down to the innermost node whose span contains `offset`
   * (a key counts as containing the offset just after its closing quote).
   */
  pathAt(offset: number): number[] {
    const path: number[] = [];
    let node = this.root;
    while (node >= 0 && this.b.start[node] <= offset && offset <= this.b.end[node]) {
      path.push(node);
      let inner = -1;
      for (let c = this.b.first[node]; c >= 0; c = this.b.next[c]) {
        if (this.b.start[c] <= offset && offset <= this.b.end[c]) {
          inner = c;
          break;
        }
      }
      node = inner;
    }
    return path;
  }
}
