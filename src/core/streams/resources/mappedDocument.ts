/**
 * Streams written in another shape than the server's stream config: NACK resources in YAML
 * (`kind: Stream | KeyValue | ObjectStore`) and JSON key-value bucket configs. The resource is
 * read with the `yaml` package (positions and comments kept; YAML is a superset of JSON), mapped
 * once through the mapping table to a stream config in the server's JSON shape, and that config is
 * analysed by the same rules as any other. Findings' spans map back to the resource's keys and
 * values, quick fixes become edits of the resource's text in place (comments and layout kept), and
 * messages use the resource's own names (`replicas`, `maxAge`, the bucket's name).
 */
import type * as YamlPackage from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Finding } from '../finding';
import { StreamDocument, StreamEntry } from '../document';
import { SyntaxKind, createScanner } from 'jsonc-parser';
import { JsonTree } from '../jsonTree';
import { QuickFix, TextEdit, applyEdits } from '../edits';
import { LineIndex, Range, Span } from '../lineIndex';
import { goDuration, parseGoDuration } from './duration';
import { FieldMapping, JSON_KV_MAPPING, NACK_API_VERSION, NACK_MAPPINGS, ResourceKind, ResourceMapping } from './mapping';

/**
 * The yaml package, loaded on first use: a run that reads only JSON (most `lint` runs, and every
 * workspace without NACK files) skips its start-up, about 10 ms of a CLI run.
 */
let yamlPackage: typeof YamlPackage | undefined;
function yaml(): typeof YamlPackage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use so that JSON-only runs never load it
  return (yamlPackage ??= require('yaml') as typeof YamlPackage);
}

/** A span of the stream config's JSON and the span of the resource text it came from. */
interface Segment {
  json: number;
  jsonLength: number;
  source: number;
  sourceLength: number;
}

/** A property as emitted: the resource's key/value pair, and what was emitted for its value. */
interface EmittedProperty {
  pair: Pair;
  mapping: FieldMapping;
  child?: EmittedObject | EmittedArray;
}

interface EmittedObject {
  kind: 'object';
  map: YAMLMap;
  fields: readonly FieldMapping[];
  /** By the stream config's key (the first part of a dotted target for grouped fields). */
  props: Map<string, EmittedProperty>;
  /** Grouped fields (`external.api`) by group name: their own object. */
  groups: Map<string, EmittedObject>;
}

interface EmittedArray {
  kind: 'array';
  seq: YAMLSeq;
  items: (EmittedObject | undefined)[];
}

/** One resource read as a stream. */
interface Resource {
  mapping: ResourceMapping;
  /** Its stream config object in the JSON text. */
  jsonStart: number;
  jsonEnd: number;
  /** The `spec` map (NACK) or the whole config (JSON); undefined when there is none. */
  root: EmittedObject | undefined;
  /** Where findings about the resource as a whole go (its `spec` key, else its `kind`). */
  anchor: Span;
  /** A duration value that did not read, by its value span's offset in the JSON text. */
  badDurations: Map<number, string>;
}

/** Syntax errors of the resource text, at offsets past the JSON text's end (mapped back by `range`). */
interface SourceError {
  offset: number;
  length: number;
  code: string;
  message: string;
}

/** Plain scalars that read back as the same string in YAML (not numbers, booleans, null). */
const PLAIN_STRING = /^[A-Za-z0-9_][A-Za-z0-9_.\/µ-]*$/;
const YAML_KEYWORD = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end + 1;
}

function span(node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { offset: r[0], length: r[1] - r[0] } : undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const BY_KEY = new WeakMap<readonly FieldMapping[], Map<string, FieldMapping>>();

/** A field list by resource key (made once per list). */
function byKey(fields: readonly FieldMapping[]): Map<string, FieldMapping> {
  let map = BY_KEY.get(fields);
  if (!map) BY_KEY.set(fields, (map = new Map(fields.map((f) => [f.key, f]))));
  return map;
}

/** An alias whose value cannot be read: where it is and why (the resource holding it is not checked). */
class UnreadableAlias extends Error {
  constructor(
    readonly at: Span,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON of an alias's value. The yaml package refuses an alias to no anchor and aliases that
 * expand past its bound (a "billion laughs" file); an alias inside its own anchor makes a value
 * that JSON cannot hold. Each is an UnreadableAlias, not an exception that ends the run.
 */
function aliasJson(node: Alias, doc: Document): string {
  const at = span(node as unknown as Node) ?? { offset: 0, length: 0 };
  let value: unknown;
  try {
    value = node.toJS(doc);
  } catch (e) {
    throw new UnreadableAlias(at, `the alias *${node.source} cannot be read: ${(e as Error).message}`);
  }
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    throw new UnreadableAlias(at, `the alias *${node.source} is inside the value it names (a value that contains itself)`);
  }
}

/** Builds the JSON text of the stream configs and the segments that map it back. */
class Emitter {
  private readonly parts: string[] = [];
  pos = 0;
  readonly segments: Segment[] = [];

  constructor(
    private readonly doc: Document,
    private readonly mapping: ResourceMapping,
    private readonly badDurations: Map<number, string>,
  ) {}

  get text(): string {
    return this.parts.join('');
  }

  write(s: string): void {
    this.parts.push(s);
    this.pos += s.length;
  }

  segment(json: number, source: Span | undefined): void {
    if (source) this.segments.push({ json, jsonLength: this.pos - json, source: source.offset, sourceLength: source.length });
  }

  /** A plain JSON value of a node with no mapping (subjects, tags, metadata). */
  private plain(node: unknown): void {
    const start = this.pos;
    if (yaml().isAlias(node)) {
      this.write(aliasJson(node, this.doc));
    } else if (yaml().isMap(node)) {
      this.write('{');
      node.items.forEach((pair, i) => {
        if (i > 0) this.write(',');
        const keyStart = this.pos;
        this.write(JSON.stringify(String(yaml().isScalar(pair.key) ? pair.key.value : pair.key)));
        this.segment(keyStart, span(pair.key as Node));
        this.write(':');
        this.plain(pair.value);
      });
      this.write('}');
    } else if (yaml().isSeq(node)) {
      this.write('[');
      node.items.forEach((item, i) => {
        if (i > 0) this.write(',');
        this.plain(item);
      });
      this.write(']');
    } else if (yaml().isScalar(node)) {
      const v = node.value;
      this.write(typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'null'));
    } else {
      this.write('null');
    }
    this.segment(start, span(node as Node));
  }

  /** The value of a mapped field: converted, recursed into, or plain. */
  value(node: unknown, field: FieldMapping): EmittedObject | EmittedArray | undefined {
    const start = this.pos;
    if (field.object && yaml().isMap(node)) {
      const child = this.object(node, field.object);
      this.segment(start, span(node));
      return child;
    }
    if (field.items && yaml().isSeq(node)) {
      const array: EmittedArray = { kind: 'array', seq: node, items: [] };
      this.write('[');
      node.items.forEach((item, i) => {
        if (i > 0) this.write(',');
        const itemStart = this.pos;
        if (yaml().isMap(item)) array.items.push(this.object(item, field.items!));
        else {
          array.items.push(undefined);
          this.plain(item);
        }
        this.segment(itemStart, span(item as Node));
      });
      this.write(']');
      this.segment(start, span(node));
      return array;
    }
    if (field.convert && yaml().isScalar(node)) {
      const v = node.value;
      if (field.convert === 'duration' && this.mapping.durations === 'go') {
        const ns = typeof v === 'string' ? parseGoDuration(v.trim()) : undefined;
        if (ns !== undefined) this.write(String(ns));
        else {
          // Not a Go duration: a string the schema refuses, worded by `adaptFinding`.
          this.badDurations.set(start, String(node.source ?? v));
          this.write(JSON.stringify(String(node.source ?? v)));
        }
      } else if (field.convert === 'bucket' && typeof v === 'string') {
        this.write(JSON.stringify(this.mapping.prefix + v));
      } else if (field.convert === 'compressionFlag' && typeof v === 'boolean') {
        this.write(v ? '"s2"' : '"none"');
      } else {
        this.plain(node);
        return undefined;
      }
      this.segment(start, span(node));
      return undefined;
    }
    this.plain(node);
    return undefined;
  }

  /** An object from a map, with the fields of `fields` (others are left out: the server ignores unknown keys too). */
  object(map: YAMLMap, fields: readonly FieldMapping[], required: Readonly<Record<string, string>> = {}): EmittedObject {
    const emitted: EmittedObject = { kind: 'object', map, fields, props: new Map(), groups: new Map() };
    this.write('{');
    let first = true;
    const groups = new Map<string, Pair[]>();
    for (const pair of map.items) {
      const key = yaml().isScalar(pair.key) ? String(pair.key.value) : undefined;
      const field = key === undefined ? undefined : byKey(fields).get(key);
      if (!field) continue;
      const dot = field.target.indexOf('.');
      if (dot >= 0) {
        const group = field.target.slice(0, dot);
        const list = groups.get(group);
        if (list) {
          list.push(pair);
          continue;
        }
        groups.set(group, [pair]);
        // The group is written where its first field is.
        if (!first) this.write(',');
        first = false;
        const keyStart = this.pos;
        this.write(JSON.stringify(group));
        this.segment(keyStart, span(pair.key as Node));
        this.write(':');
        const groupStart = this.pos;
        const groupFields = fields.filter((f) => f.target.startsWith(`${group}.`)).map((f) => ({ ...f, target: f.target.slice(dot + 1) }));
        const pairs = map.items.filter((p) => yaml().isScalar(p.key) && groupFields.some((f) => f.key === String((p.key as { value: unknown }).value)));
        const inner = new (yaml().YAMLMap)();
        inner.items = pairs;
        emitted.groups.set(group, this.object(inner, groupFields));
        this.segment(groupStart, span(pair.key as Node));
        continue;
      }
      if (!first) this.write(',');
      first = false;
      const keyStart = this.pos;
      this.write(JSON.stringify(field.target));
      this.segment(keyStart, span(pair.key as Node));
      this.write(':');
      if (pair.value === null || pair.value === undefined) {
        const valueStart = this.pos;
        this.write('null');
        this.segment(valueStart, span(pair.key as Node));
        emitted.props.set(field.target, { pair, mapping: field });
      } else {
        emitted.props.set(field.target, { pair, mapping: field, child: this.value(pair.value, field) });
      }
    }
    // Keys the shape needs even when the resource leaves them out (a consumer's `stream_name` and `config`).
    for (const [key, empty] of Object.entries(required)) {
      if (emitted.props.has(key) || emitted.groups.has(key)) continue;
      this.write(`${first ? '' : ','}${JSON.stringify(key)}:${empty}`);
      first = false;
    }
    this.write('}');
    return emitted;
  }
}

/** What makes the mapped JSON a consumer (`nats consumer info --json`), whatever the resource leaves out. */
const CONSUMER_SHAPE: Readonly<Record<string, string>> = { stream_name: 'null', config: '{}' };

/** True when the text may hold a NACK resource (a cheap look before parsing). */
export function mayHoldNackResource(text: string): boolean {
  return text.includes('jetstream.nats.io');
}

/** True for a resource kind read here. */
function knownKind(kind: unknown): kind is ResourceKind {
  return kind === 'Stream' || kind === 'KeyValue' || kind === 'ObjectStore' || kind === 'Consumer';
}

/** What was read from the resource text, before the stream document is made from it. */
interface Reading {
  json: string;
  segments: Segment[];
  resources: Resource[];
  errors: SourceError[];
  flow: 'yaml' | 'json';
  /** JSON text: its first comment or trailing comma (see `jsonc-syntax`), in the resource text. */
  jsonc?: { span: Span; comment: boolean };
}

/** Collects resources into one JSON array of stream configs, with the segments that map it back. */
class ReadingBuilder {
  private readonly parts: string[] = ['['];
  private pos = 1;
  readonly reading: Reading;

  constructor(flow: Reading['flow']) {
    this.reading = { json: '', segments: [], resources: [], errors: [], flow };
  }

  errorsOf(doc: Document): void {
    for (const e of doc.errors) this.reading.errors.push({ offset: e.pos[0], length: Math.max(0, e.pos[1] - e.pos[0]), code: e.code, message: e.message });
  }

  /** Adds one resource: `root` is its map of fields (none: an empty config), `anchor` where findings about it as a whole go. */
  add(doc: Document, mapping: ResourceMapping, root: YAMLMap | undefined, anchor: Span): void {
    const comma = this.reading.resources.length > 0;
    const at = this.pos + (comma ? 1 : 0);
    const badDurations = new Map<number, string>();
    const emitter = new Emitter(doc, mapping, badDurations);
    emitter.pos = at;
    const required = mapping.kind === 'Consumer' ? CONSUMER_SHAPE : undefined;
    let emitted: EmittedObject | undefined;
    try {
      emitted = root ? emitter.object(root, mapping.fields, required) : required ? (emitter.object(new (yaml().YAMLMap)(), mapping.fields, required), undefined) : (emitter.write('{}'), undefined);
    } catch (e) {
      if (!(e instanceof UnreadableAlias)) throw e;
      this.reading.errors.push({ offset: e.at.offset, length: e.at.length, code: 'UNREADABLE_ALIAS', message: e.message });
      return;
    }
    if (comma) {
      this.parts.push(',');
      this.pos++;
    }
    // The object's opening brace (where findings about defaults go when there is no name) maps to the anchor.
    emitter.segments.push({ json: at, jsonLength: 1, source: anchor.offset, sourceLength: anchor.length });
    if (root) emitter.segment(at, span(root));
    this.parts.push(emitter.text);
    this.pos = emitter.pos;
    this.reading.segments.push(...emitter.segments);
    this.reading.resources.push({ mapping, jsonStart: at, jsonEnd: emitter.pos, root: emitted, anchor, badDurations });
  }

  finish(): Reading {
    this.parts.push(']');
    this.reading.json = this.parts.join('');
    return this.reading;
  }
}

function readNack(text: string): Reading {
  const builder = new ReadingBuilder('yaml');
  const docs = yaml().parseAllDocuments(text, { prettyErrors: false });
  for (const doc of Array.isArray(docs) ? docs : []) {
    builder.errorsOf(doc);
    const root = doc.contents;
    if (!yaml().isMap(root)) continue;
    const apiVersion = root.get('apiVersion');
    const kind = root.get('kind');
    if (typeof apiVersion !== 'string' || !NACK_API_VERSION.test(apiVersion) || !knownKind(kind)) continue;
    const specPair = root.items.find((p) => yaml().isScalar(p.key) && p.key.value === 'spec');
    const kindPair = root.items.find((p) => yaml().isScalar(p.key) && p.key.value === 'kind')!;
    const anchor = span(specPair?.key as Node) ?? span(kindPair.value as Node) ?? { offset: 0, length: 0 };
    builder.add(doc, NACK_MAPPINGS[kind as ResourceKind], yaml().isMap(specPair?.value) ? specPair.value : undefined, anchor);
  }
  return builder.finish();
}

/** `text` with each comment's characters (line breaks kept) replaced by spaces. */
function blankComments(text: string): string {
  const scanner = createScanner(text, false);
  const parts: string[] = [];
  let copied = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    parts.push(text.slice(copied, start), text.slice(start, end).replace(/[^\r\n]/g, ' '));
    copied = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

function readJsonKv(text: string, uri: string): Reading {
  const builder = new ReadingBuilder('json');
  // JSON as the stream configs' reader takes it (the YAML reader below would also take a `#`
  // comment, unquoted words or, in a `.json` file, a trailing comma: `nats` refuses them).
  const strict = JsonTree.parse(text, undefined, { allowTrailingComma: /\.jsonc$/i.test(uri) });
  if (strict.errors.length > 0) {
    for (const e of strict.errors) builder.reading.errors.push({ offset: e.offset, length: e.length, code: e.code, message: e.message });
    return builder.finish();
  }
  let yamlText = text;
  if (strict.notPlainJsonAt >= 0) {
    const comment = text.charCodeAt(strict.notPlainJsonAt) === 47;
    builder.reading.jsonc = { span: { offset: strict.notPlainJsonAt, length: comment ? 2 : 1 }, comment };
    // YAML has no `//` or `/* */` comments: read as spaces (offsets kept), as JSON readers skip them.
    yamlText = blankComments(text);
  }
  const doc = yaml().parseDocument(yamlText, { prettyErrors: false });
  builder.errorsOf(doc);
  for (const item of yaml().isSeq(doc.contents) ? doc.contents.items : [doc.contents]) {
    if (yaml().isMap(item)) builder.add(doc, JSON_KV_MAPPING, item, { offset: item.range![0], length: 1 });
  }
  return builder.finish();
}

/** The names of the stream config used in messages, and the resource's names for them. */
function wordingTable(fields: readonly FieldMapping[], out = new Map<string, string>(), prefix = ''): Map<string, string> {
  for (const f of fields) {
    const target = prefix + f.target;
    // Messages name a consumer's field by its own name (`durable_name`, not `config.durable_name`).
    const name = f.target.startsWith('config.') ? f.target.slice('config.'.length) : target;
    if (f.key !== name) out.set(name, f.key);
    if (f.object) wordingTable(f.object, out, `${target}.`);
  }
  return out;
}

interface Wording {
  names: Map<string, string>;
  /** Every name of `names` as a word, longest first. */
  pattern: RegExp;
}

function wordingOf(mapping: ResourceMapping): Wording {
  const names = wordingTable(mapping.fields);
  const words = [...names.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/\./g, '\\.'));
  return { names, pattern: new RegExp(`\\b(?:${words.join('|')})\\b`, 'g') };
}

const WORDING = new Map<ResourceMapping, Wording>();

/** A stream document read from a resource shape; see the file's comment. */
export class MappedStreamDocument extends StreamDocument {
  private sourceLines: LineIndex | undefined;
  private readonly byJsonOffset = new Map<number, Segment[]>();
  /** The resources read as streams, by stream index (consumers are not streams). */
  private readonly streamResources: Resource[];

  private constructor(
    uri: string,
    /** The resource text, as the editor holds it (`text` is the stream configs' JSON). */
    readonly sourceText: string,
    private readonly reading: Reading,
  ) {
    super(uri, reading.json);
    this.streamResources = reading.resources.filter((r) => r.mapping.kind !== 'Consumer');
    for (const s of reading.segments) {
      const list = this.byJsonOffset.get(s.json);
      if (list) list.push(s);
      else this.byJsonOffset.set(s.json, [s]);
    }
  }

  /** Reads a YAML text's NACK resources (other documents in it are left alone). */
  static fromNackYaml(text: string, uri: string): MappedStreamDocument {
    return new MappedStreamDocument(uri, text, mayHoldNackResource(text) ? readNack(text) : new ReadingBuilder('yaml').finish());
  }

  /** Reads a JSON key-value bucket config (or an array of them). */
  static fromKvJson(text: string, uri: string): MappedStreamDocument {
    return new MappedStreamDocument(uri, text, readJsonKv(text, uri));
  }

  /** The number of resources read as streams. */
  get resourceCount(): number {
    return this.reading.resources.length;
  }

  override get syntaxErrors(): StreamDocument['syntaxErrors'] {
    const end = this.text.length;
    return this.reading.errors.map((e, i) => ({ offset: end + i, length: 0, code: e.code, message: e.message }));
  }

  override resourceKind(index: number): ResourceKind {
    return this.streamResources[index]?.mapping.kind ?? 'Stream';
  }

  private get sourceIndex(): LineIndex {
    return (this.sourceLines ??= new LineIndex(this.sourceText));
  }

  override jsoncMark(): ReturnType<StreamDocument['jsoncMark']> {
    const jsonc = this.reading.jsonc;
    // Past the JSON text's end and its errors (see sourceSpan).
    return jsonc && { span: { offset: this.text.length + this.reading.errors.length, length: 0 }, comment: jsonc.comment };
  }

  /**
   * The resource text's span for a span of the JSON text. Offsets past the JSON text's end stand
   * for spans of the resource text itself: its syntax errors, then its JSONC mark.
   */
  sourceSpan(span: Span): Span {
    if (span.offset >= this.text.length) {
      const i = span.offset - this.text.length;
      const e = i < this.reading.errors.length ? this.reading.errors[i] : this.reading.jsonc?.span;
      if (e) return { offset: e.offset, length: e.length };
    }
    const exact = this.byJsonOffset.get(span.offset);
    if (exact) {
      const best = exact.find((s) => s.jsonLength === span.length) ?? exact[0];
      return { offset: best.source, length: best.sourceLength };
    }
    let best: Segment | undefined;
    for (const s of this.reading.segments) {
      if (s.json <= span.offset && span.offset < s.json + s.jsonLength && (!best || s.jsonLength < best.jsonLength)) best = s;
    }
    return best ? { offset: best.source, length: best.sourceLength } : { offset: 0, length: 0 };
  }

  override range(span: Span): Range {
    return this.sourceIndex.range(this.sourceSpan(span));
  }

  override treeOffset(offset: number): number {
    let best: Segment | undefined;
    for (const s of this.reading.segments) {
      if (s.source <= offset && offset <= s.source + s.sourceLength && (!best || s.sourceLength < best.sourceLength)) best = s;
    }
    return best ? best.json : -1;
  }

  /** The resource of a stream, or the one whose JSON holds `span`. */
  private resourceOf(stream: StreamEntry | undefined, span?: Span): Resource | undefined {
    if (stream) return this.streamResources[stream.index];
    if (!span) return undefined;
    return this.reading.resources.find((r) => r.jsonStart <= span.offset && span.offset < r.jsonEnd);
  }

  override reword(text: string, stream?: StreamEntry, span?: Span): string {
    const resource = this.resourceOf(stream, span);
    if (!resource) return text;
    const mapping = resource.mapping;
    let wording = WORDING.get(mapping);
    if (!wording) WORDING.set(mapping, (wording = wordingOf(mapping)));
    const { names, pattern } = wording;
    let out = text.replace(pattern, (name) => names.get(name) ?? name);
    if (mapping.durations === 'go') out = out.replace(/\b-?\d+ ns \(([^)]+)\)/g, '$1').replace(/; durations are in nanoseconds/g, '');
    if (mapping.prefix && stream?.name?.startsWith(mapping.prefix)) {
      const bucket = stream.name.slice(mapping.prefix.length);
      out = out.split(stream.name).join(bucket).replace(/\bstream\b/g, mapping.noun);
    } else if (mapping.prefix && stream && !stream.name) {
      out = out.replace(/\bstream\b/g, mapping.noun);
    }
    return out;
  }

  override adaptFinding(finding: Finding, stream: StreamEntry | undefined, span?: Span): Finding | undefined {
    if (finding.rule === 'parse-error' && this.reading.flow === 'yaml') finding.message = finding.message.replace(/^Invalid JSON/, 'Invalid YAML');
    const resource = this.resourceOf(stream, span);
    if (!resource) return finding;
    if (resource.mapping.rules && !resource.mapping.rules.has(finding.rule)) return undefined;
    finding.message = this.reword(finding.message, stream, span);
    if (finding.rule === 'invalid-type') {
      for (const [at, written] of resource.badDurations) {
        const s = this.sourceSpan({ offset: at, length: 0 });
        const key = this.keyBefore(s.offset);
        if (key && finding.range.offset === key.offset) finding.message = `\`${this.sourceText.slice(key.offset, key.offset + key.length)}\` ${JSON.stringify(written)} is not a duration: write it as Go does, e.g. 90s, 1h30m, 100ms`;
      }
    }
    // Translated when first read (a code-action request), not for every finding of a large file.
    const original = finding.fixes;
    let translated: QuickFix[] | undefined;
    Object.defineProperty(finding, 'fixes', {
      enumerable: true,
      configurable: true,
      get: () => (translated ??= original.map((f) => this.translateFix(f, resource, stream)).filter((f): f is QuickFix => f !== undefined)),
      set: (value: QuickFix[]) => (translated = value),
    });
    return finding;
  }

  /** The key span of the pair whose value starts at `offset`. */
  private keyBefore(offset: number): Span | undefined {
    let best: Segment | undefined;
    for (const s of this.reading.segments) {
      if (s.source < offset && (!best || s.source > best.source) && this.sourceText.slice(s.source + s.sourceLength, offset).trim() === ':') best = s;
    }
    return best ? { offset: best.source, length: best.sourceLength } : undefined;
  }

  /** A fix of the stream config's JSON as edits of the resource text: what it changes, written in the resource's terms. */
  private translateFix(fix: QuickFix, resource: Resource, stream: StreamEntry | undefined): QuickFix | undefined {
    if (!resource.root) return undefined;
    // Durations written with units are not misread nanoseconds.
    if (resource.mapping.durations === 'go' && fix.title.startsWith('Read as ')) return undefined;
    const { jsonStart, jsonEnd } = resource;
    if (fix.edits.some((e) => e.offset < jsonStart || e.offset + e.length > jsonEnd)) return undefined;
    const before = this.text.slice(jsonStart, jsonEnd);
    let after: unknown;
    try {
      after = JSON.parse(applyEdits(before, fix.edits.map((e) => ({ ...e, offset: e.offset - jsonStart }))));
    } catch {
      return undefined;
    }
    const edits: TextEdit[] = [];
    if (!this.diffObject(JSON.parse(before) as Record<string, unknown>, after as Record<string, unknown>, resource.root, resource.mapping, edits)) return undefined;
    if (edits.length === 0) return undefined;
    const translated: QuickFix = { title: this.reword(fix.title, stream, { offset: resource.jsonStart, length: 0 }), edits };
    if (fix.preferred) translated.preferred = true;
    return translated;
  }

  private diffObject(before: Record<string, unknown>, after: Record<string, unknown>, emitted: EmittedObject, mapping: ResourceMapping, edits: TextEdit[]): boolean {
    if (typeof after !== 'object' || after === null || Array.isArray(after)) return false;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const b = before[key];
      const a = after[key];
      if (deepEqual(a, b)) continue;
      const prop = emitted.props.get(key);
      const group = emitted.groups.get(key);
      if (group && typeof a === 'object' && a !== null) {
        if (!this.diffObject(b as Record<string, unknown>, a as Record<string, unknown>, group, mapping, edits)) return false;
      } else if (a === undefined) {
        if (!prop) return false;
        edits.push(this.removePair(emitted.map, prop.pair));
      } else if (!prop) {
        const field = emitted.fields.find((f) => f.target === key);
        if (!field) return false;
        const edit = this.insertPair(emitted.map, field.key, this.format(a, field, mapping));
        if (!edit) return false;
        edits.push(edit);
      } else if (prop.child?.kind === 'object' && typeof a === 'object' && a !== null && !Array.isArray(a) && typeof b === 'object' && b !== null) {
        if (!this.diffObject(b as Record<string, unknown>, a as Record<string, unknown>, prop.child, mapping, edits)) return false;
      } else if (prop.child?.kind === 'array' && Array.isArray(a) && Array.isArray(b)) {
        if (!this.diffArray(b, a, prop.child, edits)) return false;
      } else {
        const edit = this.replaceValue(prop.pair, this.format(a, prop.mapping, mapping));
        if (!edit) return false;
        edits.push(edit);
      }
    }
    return true;
  }

  /** One element removed from an array: that item of the sequence. */
  private diffArray(before: unknown[], after: unknown[], emitted: EmittedArray, edits: TextEdit[]): boolean {
    if (after.length !== before.length - 1) return false;
    let i = 0;
    while (i < after.length && deepEqual(before[i], after[i])) i++;
    for (let j = i; j < after.length; j++) if (!deepEqual(before[j + 1], after[j])) return false;
    const item = emitted.seq.items[i] as Node | undefined;
    const r = item?.range;
    if (!r || emitted.seq.flow || this.reading.flow === 'json') return false;
    const text = this.sourceText;
    edits.push({ offset: lineStart(text, r[0]), length: lineEnd(text, Math.max(r[0], r[1] - 1)) - lineStart(text, r[0]), newText: '' });
    return true;
  }

  /** A value in the resource's terms, as text to write. */
  private format(value: unknown, field: FieldMapping, mapping: ResourceMapping): string {
    let v = value;
    if (field.convert === 'duration' && mapping.durations === 'go' && typeof v === 'number') v = goDuration(v);
    else if (field.convert === 'bucket' && typeof v === 'string' && v.startsWith(mapping.prefix)) v = v.slice(mapping.prefix.length);
    else if (field.convert === 'compressionFlag' && typeof v === 'string') v = v === 's2';
    if (this.reading.flow === 'yaml' && typeof v === 'string' && PLAIN_STRING.test(v) && !YAML_KEYWORD.test(v) && Number.isNaN(Number(v))) return v;
    return JSON.stringify(v);
  }

  private replaceValue(pair: Pair, text: string): TextEdit | undefined {
    const value = span(pair.value as Node);
    if (value) return { offset: value.offset, length: value.length, newText: text };
    const key = span(pair.key as Node);
    if (!key) return undefined;
    const colon = this.sourceText.indexOf(':', key.offset + key.length);
    return colon < 0 ? undefined : { offset: colon + 1, length: 0, newText: ` ${text}` };
  }

  private removePair(map: YAMLMap, pair: Pair): TextEdit {
    const text = this.sourceText;
    const key = span(pair.key as Node)!;
    const value = span(pair.value as Node);
    const end = value ? value.offset + value.length : key.offset + key.length;
    if (map.flow || this.reading.flow === 'json') {
      // `key: value, ` up to the next pair, or `, key: value` after the previous one.
      const index = map.items.indexOf(pair);
      const next = map.items[index + 1];
      const nextStart = next ? span(next.key as Node)?.offset : undefined;
      if (nextStart !== undefined) return { offset: key.offset, length: nextStart - key.offset, newText: '' };
      const previous = map.items[index - 1];
      const previousEnd = previous ? (span(previous.value as Node) ?? span(previous.key as Node)) : undefined;
      if (previousEnd) return { offset: previousEnd.offset + previousEnd.length, length: end - previousEnd.offset - previousEnd.length, newText: '' };
      return { offset: key.offset, length: end - key.offset, newText: '' };
    }
    const start = lineStart(text, key.offset);
    return { offset: start, length: lineEnd(text, Math.max(key.offset, end - 1)) - start, newText: '' };
  }

  private insertPair(map: YAMLMap, key: string, valueText: string): TextEdit | undefined {
    const text = this.sourceText;
    const first = map.items[0];
    const firstKey = first ? span(first.key as Node) : undefined;
    if (!firstKey) return undefined;
    if (map.flow || this.reading.flow === 'json') {
      return { offset: firstKey.offset, length: 0, newText: `${JSON.stringify(key)}: ${valueText}, ` };
    }
    const last = map.items[map.items.length - 1];
    const lastEnd = span(last.value as Node) ?? span(last.key as Node)!;
    const indent = text.slice(lineStart(text, firstKey.offset), firstKey.offset);
    if (indent.trim() !== '') return undefined;
    const at = lineEnd(text, Math.max(lastEnd.offset, lastEnd.offset + lastEnd.length - 1));
    const newline = at > 0 && text[at - 1] === '\n' ? '' : '\n';
    return { offset: at, length: 0, newText: `${newline}${indent}${key}: ${valueText}\n` };
  }
}
