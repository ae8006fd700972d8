/**
 * A stream config document: the text, its syntax tree, and the streams it holds. The text may be
 * a stream configuration, a `nats stream info --json` document (configuration under `config`), or
 * an array of either.
 */
import { StreamConfig, StreamField, defaultDuplicateWindow, defaultStreamConfig } from './config';
import { JsonTree } from './jsonTree';
import { LineIndex, Range, Span } from './lineIndex';
import { KNOWN_KEYS, SchemaNode, TypeIssue, configSchema, propertySchema, readValue, validate } from './schema';

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
/** The schema of each field, by field number. */
const FIELD_SCHEMAS: SchemaNode[] = [...FIELD_INDEX.keys()].map((field) => propertySchema(configSchema, field)!);
/** Flags per field: written with a valid, non-null value. */
const GIVEN = 1;
/** Flags per field: written with a value of the wrong type (the server refuses it). */
const INVALID = 2;
const NO_FIELDS: readonly number[] = FIELD_SCHEMAS.map(() => -1);

export class StreamEntry {
  /**
   * Field number → -1 when absent, else its key node × 4 (the last one when a key repeats, as the
   * server reads it) plus its flags: `GIVEN`, `INVALID` or 0 (null). One list, not two, per stream.
   */
  private readonly fields: number[] = NO_FIELDS.slice();
  /** True when some field holds a value of the wrong type. */
  private anyInvalid = false;
  readonly config: StreamConfig = defaultStreamConfig();
  /** Wrong types and enum values among the fields, in text order. */
  readonly typeIssues: TypeIssue[] = [];

  constructor(
    readonly document: StreamDocument,
    /** 0-based position among the document's streams. */
    readonly index: number,
    /** The configuration object's node. */
    readonly node: number,
    /** For `nats stream info --json` documents: the cluster the stream was in. */
    readonly cluster: InfoCluster | undefined,
  ) {
    const tree = document.tree;
    const config = this.config as unknown as Record<string, unknown>;
    if (!tree.isObject(node)) return;
    for (let keyNode = tree.firstChild(node); keyNode >= 0; ) {
      const valueNode = tree.nextSibling(keyNode);
      const key = tree.value(keyNode) as string;
      const field = FIELD_INDEX.get(key);
      if (field !== undefined) {
        const schema = FIELD_SCHEMAS[field];
        const before = this.typeIssues.length;
        validate(tree, valueNode, schema, key, keyNode, this.typeIssues);
        const valid = this.typeIssues.length === before;
        if (valid && tree.kind(valueNode) !== 'null') {
          config[key] = readValue(tree, valueNode, schema);
          this.fields[field] = keyNode * 4 + GIVEN;
        } else {
          this.fields[field] = keyNode * 4 + (valid ? 0 : INVALID);
          this.anyInvalid ||= !valid;
          config[key] = defaultStreamConfig()[key as StreamField];
        }
      }
      keyNode = tree.nextSibling(valueNode);
    }
    if (this.config.duplicate_window === 0 || !this.has('duplicate_window')) {
      this.config.duplicate_window = defaultDuplicateWindow(this.config.max_age, this.config.mirror !== undefined);
    }
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
    return i !== undefined && this.fields[i] >= 0 && (this.fields[i] & 3) === GIVEN;
  }

  /** True when any of `fields` holds a value of the wrong type (`invalid-type` reports it). */
  hasInvalid(fields: readonly StreamField[]): boolean {
    if (!this.anyInvalid) return false;
    for (const f of fields) {
      const i = FIELD_INDEX.get(f);
      if (i !== undefined && this.fields[i] >= 0 && (this.fields[i] & 3) === INVALID) return true;
    }
    return false;
  }

  /** The key node of `field` as written (valid or not), or -1. */
  keyNode(field: StreamField): number {
    const i = FIELD_INDEX.get(field);
    return i === undefined || this.fields[i] < 0 ? -1 : this.fields[i] >> 2;
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

export class StreamDocument {
  readonly tree: JsonTree;
  readonly streams: StreamEntry[] = [];
  /** The document's shape is not a stream config, an info document or an array of them. */
  readonly shapeIssues: ShapeIssue[] = [];
  private lineIndex: LineIndex | undefined;

  constructor(
    /** The document's URI or path, as the caller names it. */
    readonly uri: string,
    readonly text: string,
  ) {
    this.tree = JsonTree.parse(text, KNOWN_KEYS);
    const root = this.tree.root;
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
    const config = tree.findValue(node, 'config');
    if (config >= 0 && tree.isObject(config)) {
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
      this.streams.push(new StreamEntry(this, this.streams.length, config, cluster));
    } else {
      this.streams.push(new StreamEntry(this, this.streams.length, node, undefined));
    }
  }
}

/** Parses a stream config document; never throws (syntax errors are in `syntaxErrors`). */
export function parseStreamDocument(text: string, uri = 'untitled'): StreamDocument {
  return new StreamDocument(uri, text);
}
