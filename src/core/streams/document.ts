/**
 * A stream config document: the text, its syntax tree, and the streams it holds. The text may be
 * a stream configuration, a `nats stream info --json` document (configuration under `config`), or
 * an array of either.
 */
import { StreamConfig, StreamField, defaultDuplicateWindow, defaultStreamConfig } from './config';
import { ConsumerEntry, objectRole } from './consumers/entry';
import { JsonTree } from './jsonTree';
import { LineIndex, Range, Span } from './lineIndex';
import type { Finding } from './finding';
import type { ResourceKind } from './resources/mapping';
import { CaseIssue, KNOWN_KEYS, SchemaNode, TypeIssue, caseIssues, configSchema, propertyName, propertySchema, readValue, validate } from './schema';

/** Something about the document's shape (not a stream's fields) that is wrong. */
export interface ShapeIssue {
  span: Span;
  message: string;
}

/** The `cluster` part of a `nats stream info --json` document. */
export interface InfoCluster {
  name?: string;
  leader?: string;
}

/** The configuration's fields, numbered in schema order (the index into a stream's per-field arrays). */
const FIELD_INDEX = new Map<string, number>(Object.keys(configSchema.properties ?? {}).map((field, i) => [field, i]));
const FIELD_NAMES: readonly StreamField[] = [...FIELD_INDEX.keys()] as StreamField[];
const FIELD_COUNT = FIELD_NAMES.length;
/** The schema of each field, by field number. */
const FIELD_SCHEMAS: SchemaNode[] = FIELD_NAMES.map((field) => propertySchema(configSchema, field)!);
const DUPLICATE_WINDOW = FIELD_INDEX.get('duplicate_window')!;
/** Field number by index in `KNOWN_KEYS` (-1: not a field), for keys the tree matched to one. */
const FIELD_OF_KNOWN_KEY = Int16Array.from(KNOWN_KEYS, (key) => FIELD_INDEX.get(key) ?? -1);
/** Flags per field: written with a valid, non-null value. */
const GIVEN = 1;
/** Flags per field: written with a value of the wrong type (the server refuses it). */
const INVALID = 2;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The server's defaults by field number, shared by every stream that leaves a field out (frozen: never written to). */
const DEFAULTS: readonly unknown[] = FIELD_NAMES.map((field) => deepFreeze(defaultStreamConfig()[field]));
const NO_ISSUES: readonly TypeIssue[] = Object.freeze([]);
const NO_CASE_ISSUES: readonly CaseIssue[] = Object.freeze([]);
/** Issues of the stream being read, copied out only when there are some. */
const scratchIssues: TypeIssue[] = [];

/**
 * A stream's configuration as the server reads it, each field read from the syntax tree when it
 * is first asked for (rules read a handful of the ~35 fields; building all of them for thousands
 * of streams cost more than the rules). Its properties are getters on the prototype, one per
 * field, defined below from the schema's field list.
 */
class ConfigView {
  constructor(readonly entry: StreamEntry) {}

  /** A plain copy of every field (what `JSON.stringify` prints: the getters are not own properties). */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(FIELD_NAMES.map((field, i) => [field, this.entry.fieldValue(i)]));
  }
}
FIELD_NAMES.forEach((field, i) => {
  Object.defineProperty(ConfigView.prototype, field, {
    enumerable: true,
    get(this: ConfigView) {
      return this.entry.fieldValue(i);
    },
  });
});

export class StreamEntry {
  /** True when some field holds a value of the wrong type. */
  private anyInvalid = false;
  /** This stream's first slot in the document's field table. */
  private readonly base: number;
  /** The configuration with the server's defaults applied (fields are read when first asked for). */
  readonly config: StreamConfig = new ConfigView(this) as unknown as StreamConfig;
  /** Wrong types and enum values among the fields, in text order. */
  readonly typeIssues: readonly TypeIssue[] = NO_ISSUES;
  /** Keys the server reads as a field whose name differs in letter case (`"MAX_AGE"`), in text order. */
  readonly caseIssues: readonly CaseIssue[] = NO_CASE_ISSUES;

  constructor(
    readonly document: StreamDocument,
    /** 0-based position among the document's streams. */
    readonly index: number,
    /** The configuration object's node. */
    readonly node: number,
    /** For `nats stream info --json` documents: the cluster the stream was in. */
    readonly cluster: InfoCluster | undefined,
    /** True when read from a `nats stream info --json` document: a stream that exists already. */
    readonly fromInfo = false,
  ) {
    this.base = index * FIELD_COUNT;
    const tree = document.tree;
    if (!tree.isObject(node)) return;
    const slots = document.fieldSlots;
    caseIssues.length = 0;
    for (let keyNode = tree.firstChild(node); keyNode >= 0; ) {
      const valueNode = tree.nextSibling(keyNode);
      const known = tree.knownKeyIndex(keyNode);
      let field = known >= 0 ? FIELD_OF_KNOWN_KEY[known] : -1;
      if (known < 0) {
        const written = tree.value(keyNode) as string;
        const name = propertyName(configSchema, written);
        field = name === undefined ? -1 : FIELD_INDEX.get(name)!;
        if (name !== undefined && name !== written) caseIssues.push({ key: keyNode, field: name });
      }
      if (field >= 0) {
        const before = scratchIssues.length;
        validate(tree, valueNode, FIELD_SCHEMAS[field], FIELD_NAMES[field], keyNode, scratchIssues);
        const valid = scratchIssues.length === before;
        // The last of repeated keys wins, as the server reads it.
        slots[this.base + field] = (keyNode + 1) * 4 + (valid ? (tree.kind(valueNode) === 'null' ? 0 : GIVEN) : INVALID);
        this.anyInvalid ||= !valid;
      }
      keyNode = tree.nextSibling(valueNode);
    }
    if (scratchIssues.length > 0) {
      this.typeIssues = scratchIssues.slice();
      scratchIssues.length = 0;
    }
    if (caseIssues.length > 0) {
      this.caseIssues = caseIssues.slice().sort((a, b) => a.key - b.key);
      caseIssues.length = 0;
    }
  }

  /** Field number `i` → its key node × 4 plus its flags, or -1 when absent. */
  private slot(i: number): number {
    const stored = this.document.fieldSlots[this.base + i];
    return stored === 0 ? -1 : stored - 4;
  }

  /**
   * The value of field number `i` as the server reads it: as written when valid and not null,
   * else its default. Values are read once and kept (rules read the same fields of every stream
   * many times: a kept value is one array read).
   */
  fieldValue(i: number): unknown {
    // One table per document, not an array per stream: thousands of small arrays cost the collector more.
    const cache = this.document.fieldValues;
    const at = this.base + i;
    const kept = cache[at];
    if (kept !== undefined) return kept;
    const value = this.readField(i);
    cache[at] = value;
    return value;
  }

  /** Field number `i` read from the tree, or its default (see fieldValue). */
  private readField(i: number): unknown {
    const slot = this.slot(i);
    if (slot >= 0 && (slot & 3) === GIVEN) {
      const tree = this.document.tree;
      const node = tree.nextSibling(slot >> 2);
      if (i === DUPLICATE_WINDOW && tree.numberValue(node) === 0) return this.defaultDuplicateWindow();
      return readValue(tree, node, FIELD_SCHEMAS[i]);
    }
    return i === DUPLICATE_WINDOW ? this.defaultDuplicateWindow() : DEFAULTS[i];
  }

  /**
   * The exact value of an integer field as written (beyond 2^53 a double rounds it), or undefined
   * when the field is not written as a valid whole number.
   */
  exactInteger(field: StreamField): bigint | undefined {
    const value = this.has(field) ? this.valueNode(field) : -1;
    const tree = this.document.tree;
    return value >= 0 && tree.isIntegerLiteral(value) ? BigInt(tree.raw(value)) : undefined;
  }

  /** The duplicate window the server applies when none (or 0) is given. */
  private defaultDuplicateWindow(): number {
    return defaultDuplicateWindow(this.config.max_age, this.config.mirror !== undefined);
  }

  get uri(): string {
    return this.document.uri;
  }

  /** The stream's name when it is a string (it may still be invalid). */
  get name(): string | undefined {
    return this.config.name;
  }

  /** A readable label: the name, or `stream #N` when it has none. */
  get label(): string {
    return this.config.name ? this.config.name : `stream #${this.index + 1}`;
  }

  /** True when `field` is written with a valid, non-null value (else the default applies). */
  has(field: StreamField): boolean {
    const i = FIELD_INDEX.get(field);
    if (i === undefined) return false;
    const slot = this.slot(i);
    return slot >= 0 && (slot & 3) === GIVEN;
  }

  /** True when any of `fields` holds a value of the wrong type (`invalid-type` reports it). */
  hasInvalid(fields: readonly StreamField[]): boolean {
    if (!this.anyInvalid) return false;
    for (const f of fields) {
      const i = FIELD_INDEX.get(f);
      if (i === undefined) continue;
      const slot = this.slot(i);
      if (slot >= 0 && (slot & 3) === INVALID) return true;
    }
    return false;
  }

  /** The key node of `field` as written (valid or not), or -1. */
  keyNode(field: StreamField): number {
    const i = FIELD_INDEX.get(field);
    if (i === undefined) return -1;
    const slot = this.slot(i);
    return slot < 0 ? -1 : slot >> 2;
  }

  /** The value node of `field` as written, or -1. */
  valueNode(field: StreamField): number {
    const key = this.keyNode(field);
    return key < 0 ? -1 : this.document.tree.nextSibling(key);
  }

  /** The whole configuration object. */
  get span(): Span {
    const tree = this.document.tree;
    return { offset: tree.offset(this.node), length: tree.length(this.node) };
  }

  /** Where findings about defaults go: the `name` key, else the object's opening brace. */
  get defaultAnchor(): Span {
    const name = this.keyNode('name');
    const tree = this.document.tree;
    return name >= 0 ? { offset: tree.offset(name), length: tree.length(name) } : { offset: tree.offset(this.node), length: 1 };
  }

  /** The span of `field`'s key, or the default anchor when the field is not written. */
  keySpan(field: StreamField): Span {
    const key = this.keyNode(field);
    if (key < 0) return this.defaultAnchor;
    const tree = this.document.tree;
    return { offset: tree.offset(key), length: tree.length(key) };
  }

  get range(): Range {
    return this.document.range(this.span);
  }

  get anchorRange(): Range {
    return this.document.range(this.defaultAnchor);
  }
}

/** A file that could not be read as text (set by whoever read it: the CLI, the editor). */
export interface ReadProblem {
  message: string;
}

export class StreamDocument {
  readonly tree: JsonTree;
  /** Why the file's text could not be read; the document then holds no streams. */
  readonly readProblem: ReadProblem | undefined;
  readonly streams: StreamEntry[] = [];
  /** Consumer configurations among the document's objects (they are no streams). */
  readonly consumers: ConsumerEntry[] = [];
  /** The document's shape is not a stream config, an info document or an array of them. */
  readonly shapeIssues: ShapeIssue[] = [];
  private lineIndex: LineIndex | undefined;
  /**
   * For the streams' use (one table per document, not an array per stream): stream i's field f is
   * at `i * FIELD_COUNT + f`. A slot holds 0 when the field is absent, else (its key node + 1) × 4
   * (the last key when one repeats, as the server reads it) plus flags: `GIVEN`, `INVALID` or 0
   * (null). Absent is 0 so that the table needs no filling.
   */
  readonly fieldSlots: Int32Array;
  /** Field values read so far, at the same places as `fieldSlots` (undefined: not read yet). */
  readonly fieldValues: unknown[];

  constructor(
    /** The document's URI or path, as the caller names it. */
    readonly uri: string,
    readonly text: string,
    readProblem?: ReadProblem,
  ) {
    this.readProblem = readProblem;
    // VS Code's JSONC accepts trailing commas in `.jsonc` files (`jsonc-syntax` warns that `nats` does not).
    this.tree = readProblem ? JsonTree.parse('{}') : JsonTree.parse(text, KNOWN_KEYS, { allowTrailingComma: /\.jsonc$/i.test(uri) });
    const root = readProblem ? -1 : this.tree.root;
    let items = root < 0 ? 0 : 1;
    if (this.tree.isArray(root)) {
      items = 0;
      for (let item = this.tree.firstChild(root); item >= 0; item = this.tree.nextSibling(item)) items++;
    }
    this.fieldSlots = new Int32Array(items * FIELD_COUNT);
    this.fieldValues = new Array<unknown>(items * FIELD_COUNT);
    if (root < 0) return;
    if (this.tree.isArray(root)) {
      for (let item = this.tree.firstChild(root); item >= 0; item = this.tree.nextSibling(item)) this.addStream(item);
    } else {
      this.addStream(root);
    }
  }

  /** Syntax errors, in text order. */
  get syntaxErrors(): JsonTree['errors'] {
    return this.tree.errors;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** The folder part of the URI (the text before the last `/` or `\`). */
  get folder(): string {
    const cut = Math.max(this.uri.lastIndexOf('/'), this.uri.lastIndexOf('\\'));
    return cut < 0 ? '' : this.uri.slice(0, cut);
  }

  range(span: Span): Range {
    return this.lines.range(span);
  }

  // Hooks for documents read from other shapes (resources/mappedDocument.ts): a stream config is its own text.

  /** The kind of resource stream `index` was read from. */
  resourceKind(_index: number): ResourceKind {
    return 'Stream';
  }

  /** The offset in `text` for an offset in the file as the editor holds it (-1: none). */
  treeOffset(offset: number): number {
    return offset;
  }

  /** Text about a stream (a message, a hover) in the names the file uses. */
  reword(text: string, _stream?: StreamEntry): string {
    return text;
  }

  /**
   * Where the text first departs from plain JSON (a comment, or a trailing comma where accepted),
   * as a span `range` maps; undefined for plain JSON. `comment`: a comment, not a comma.
   */
  jsoncMark(): { span: Span; comment: boolean } | undefined {
    const at = this.tree.notPlainJsonAt;
    if (at < 0) return undefined;
    const comment = this.text.charCodeAt(at) === 47;
    return { span: { offset: at, length: comment ? 2 : 1 }, comment };
  }

  /** A finding in the file's terms (`span`: the hit's, in `text`); undefined when its rule does not apply to what the file holds. */
  adaptFinding(finding: Finding, _stream: StreamEntry | undefined, _span?: Span): Finding | undefined {
    return finding;
  }

  private nodeSpan(node: number): Span {
    return { offset: this.tree.offset(node), length: this.tree.length(node) };
  }

  private addStream(node: number): void {
    const tree = this.tree;
    if (!tree.isObject(node)) {
      this.shapeIssues.push({
        span: this.nodeSpan(node),
        message: `expected a stream configuration object (or a \`nats stream info --json\` document), not ${tree.kind(node) === 'array' ? 'an array' : `a ${tree.kind(node)}`}`,
      });
      return;
    }
    const role = objectRole(tree, node);
    if (role.kind === 'consumer') {
      this.consumers.push(new ConsumerEntry(this, this.consumers.length, node, role.config));
    } else if (role.kind === 'stream-info') {
      const clusterNode = tree.findValue(node, 'cluster');
      let cluster: InfoCluster | undefined;
      if (tree.isObject(clusterNode)) {
        const name = tree.findValue(clusterNode, 'name');
        const leader = tree.findValue(clusterNode, 'leader');
        cluster = {
          name: name >= 0 && tree.kind(name) === 'string' ? (tree.value(name) as string) : undefined,
          leader: leader >= 0 && tree.kind(leader) === 'string' ? (tree.value(leader) as string) : undefined,
        };
      }
      this.streams.push(new StreamEntry(this, this.streams.length, role.config, cluster, true));
    } else {
      this.streams.push(new StreamEntry(this, this.streams.length, node, undefined));
    }
  }
}

/** Parses a stream config document; never throws (syntax errors are in `syntaxErrors`). */
export function parseStreamDocument(text: string, uri = 'untitled'): StreamDocument {
  return new StreamDocument(uri, text);
}

/** A document for a file that could not be read (`unreadable-file` reports `message` on it). */
export function unreadableDocument(uri: string, message: string): StreamDocument {
  return new StreamDocument(uri, '', { message });
}
