/**
 * The stream configuration schema (stream-config.schema.json) as the one source of field names,
 * types, enums, defaults and descriptions, and a validator for the subset of JSON Schema it uses,
 * applied the way the Go server reads JSON:
 * - `null` is accepted where no enum applies (Go leaves the zero value); enum fields refuse it, and
 *   so do arrays of objects (`sources: [null]` crashes nats-server 2.9);
 * - an integer must be written without a fraction or exponent (`1.0` is refused by Go);
 * - integers must fit the field's Go type (int64, int32, uint64);
 * - unknown fields are ignored.
 */
import schemaJson from './stream-config.schema.json';
import { JsonTree, goFoldKey } from './jsonTree';

export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  default?: unknown;
  description?: string;
  $ref?: string;
  anyOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
  /**
   * Set by `resolve` for the integer types of Go (int64, int32, uint64, durations): the exact
   * bounds, since `minimum`/`maximum` are doubles (9223372036854775807 reads as 2^63).
   */
  range?: readonly [bigint, bigint];
}

/** The exact bounds of the schema's integer definitions, by definition name. */
const EXACT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  duration: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** The raw schema document, as contributed to the editor. */
export const streamConfigSchema: SchemaNode = schemaJson as SchemaNode;

function resolve(node: SchemaNode, seen = new Map<SchemaNode, SchemaNode>()): SchemaNode {
  const done = seen.get(node);
  if (done) return done;
  let merged: SchemaNode = node;
  if (node.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    const target = streamConfigSchema.definitions?.[name];
    if (!target) throw new Error(`stream-config.schema.json: unknown $ref ${node.$ref}`);
    const rest: SchemaNode = { ...node };
    delete rest.$ref;
    merged = { ...target, ...rest };
    const range = EXACT_RANGES[name];
    if (range) merged.range = range;
  }
  const out: SchemaNode = { ...merged };
  seen.set(node, out);
  if (merged.properties) {
    out.properties = {};
    for (const [key, child] of Object.entries(merged.properties)) out.properties[key] = resolve(child, seen);
  }
  if (merged.items) out.items = resolve(merged.items, seen);
  if (typeof merged.additionalProperties === 'object') out.additionalProperties = resolve(merged.additionalProperties, seen);
  return out;
}

/** The stream configuration's schema with every `$ref` resolved. */
export const configSchema: SchemaNode = resolve(streamConfigSchema.definitions!.streamConfig);

function propertyNames(schema: SchemaNode, out: Set<string>): Set<string> {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    out.add(key);
    propertyNames(child, out);
  }
  if (schema.items) propertyNames(schema.items, out);
  return out;
}

/** Every property name the schema knows, at any depth (plus the info document's). */
export const KNOWN_KEYS: readonly string[] = [
  ...propertyNames(resolve(streamConfigSchema.definitions!.streamInfo), new Set(['type', 'messages', 'bytes', 'first_seq', 'last_seq', 'consumer_count', 'current', 'active', 'lag'])),
];

const foldedNames = new WeakMap<SchemaNode, Map<string, string>>();

/**
 * The property of an object schema that Go's encoding/json reads key `key` into: the property of
 * that name, else one whose name matches it but for letter case (see goFoldKey); undefined when
 * there is none.
 */
export function propertyName(schema: SchemaNode, key: string): string | undefined {
  const properties = schema.properties;
  if (!properties) return undefined;
  if (Object.prototype.hasOwnProperty.call(properties, key)) return key;
  let folded = foldedNames.get(schema);
  if (!folded) {
    folded = new Map(Object.keys(properties).map((name) => [goFoldKey(name), name]));
    foldedNames.set(schema, folded);
  }
  return folded.get(goFoldKey(key));
}

/**
 * The schema of property `key` of an object schema (own properties, matched as Go matches them,
 * then additionalProperties: a map's keys are matched exactly).
 */
export function propertySchema(schema: SchemaNode, key: string): SchemaNode | undefined {
  const name = propertyName(schema, key);
  if (name !== undefined) return schema.properties![name];
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** A key written in other letter case than its field's name (Go reads it as that field). */
export interface CaseIssue {
  /** The key node. */
  key: number;
  /** The field's name. */
  field: string;
}

/** Keys in odd case found by `validate` since the caller last emptied it. */
export const caseIssues: CaseIssue[] = [];

/** The schema of a top-level configuration field, or undefined for unknown fields. */
export function fieldSchema(field: string): SchemaNode | undefined {
  return propertySchema(configSchema, field);
}

export interface TypeIssue {
  /** The node reported on: the property's key, or an array element. */
  anchor: number;
  /** The offending value node. */
  node: number;
  /** Dotted path of the field, e.g. `placement.tags[1]`. */
  path: string;
  message: string;
  /** For an enum value in the wrong case: the value the server expects. */
  suggestion?: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const typeCache = new WeakMap<SchemaNode, readonly string[]>();

function typeNames(s: SchemaNode): readonly string[] {
  let types = typeCache.get(s);
  if (!types) {
    types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    typeCache.set(s, types);
  }
  return types;
}

/**
 * Dotted path of the node being validated, kept as segments and joined only for a message: a
 * string is a property name, a number ≥ 0 an array index, and a number < 0 the property whose key
 * is node −(n + 1) of the tree being validated (its name is read only when a message needs it).
 */
type PathSegments = (string | number)[];

function pathText(tree: JsonTree, segments: PathSegments): string {
  return segments
    .map((p, i) => {
      const name = typeof p === 'number' && p < 0 ? (tree.value(-p - 1) as string) : p;
      return typeof name === 'number' ? `[${name}]` : i === 0 ? name : `.${name}`;
    })
    .join('');
}

function describe(tree: JsonTree, node: number): string {
  const kind = tree.kind(node);
  if (kind === 'object' || kind === 'array') return `an ${kind}`;
  const raw = tree.raw(node);
  return `${kind === 'number' && /[.eE]/.test(raw) ? 'the number' : `the ${kind}`} ${raw.length > 40 ? raw.slice(0, 37) + '…' : raw}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Checks `node` against `schema` (already resolved), pushing one issue per wrong value. `anchor`
 * is the node to report on (the key of the property holding `node`); `path` names it.
 */
export function validate(tree: JsonTree, node: number, schema: SchemaNode, path: string, anchor: number, issues: TypeIssue[]): void {
  // One segment list serves every call (`check` pops what it pushes, and issues copy the path out).
  // (pop, not `length = 0`: that would drop the list's storage and cost an allocation per call)
  segmentsInUse.push(path);
  check(tree, node, schema, segmentsInUse, anchor, issues);
  segmentsInUse.pop();
}

const segmentsInUse: PathSegments = [];

/**
 * Records an issue whose message is the field's path in backquotes, then `rest`. (`check` builds
 * no closures: a closure over its variables would cost an allocation on every call.)
 */
function push(tree: JsonTree, issues: TypeIssue[], segments: PathSegments, anchor: number, node: number, rest: string, suggestion?: string): void {
  const path = pathText(tree, segments);
  const message = `\`${path}\` ${rest}`;
  issues.push(suggestion === undefined ? { anchor, node, path, message } : { anchor, node, path, message, suggestion });
}

/** True when the string node holds one of `values` (compared in place, without reading it out). */
function isOneOf(tree: JsonTree, node: number, values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && tree.stringEquals(node, v)) return true;
  }
  return false;
}

/** The enum value equal to `value` but for case, if any. */
function sameIgnoringCase(values: readonly unknown[], value: string): string | undefined {
  const lower = value.toLowerCase();
  return values.find((e) => typeof e === 'string' && e.toLowerCase() === lower) as string | undefined;
}

/** Doubles hold every integer up to 2^53 exactly: beyond, the bounds are compared as exact integers. */
const EXACT_DOUBLE = 2 ** 53;

/** True when the number `node` (value `value`) is outside the schema's bounds, compared exactly. */
function outOfRange(tree: JsonTree, node: number, value: number, schema: SchemaNode): boolean {
  // Below 2^53 the double bounds decide exactly (they are exact, or round outwards past 2^53).
  if (value > -EXACT_DOUBLE && value < EXACT_DOUBLE) return (schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum);
  const range = schema.range;
  if (range && tree.isIntegerLiteral(node)) {
    const exact = BigInt(tree.raw(node));
    return exact < range[0] || exact > range[1];
  }
  return (schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum);
}

function check(tree: JsonTree, node: number, schema: SchemaNode, segments: PathSegments, anchor: number, issues: TypeIssue[]): void {
  const kind = tree.kind(node);
  if (kind === 'null') {
    if (schema.enum) push(tree, issues, segments, anchor, node, `cannot be null: use one of ${schema.enum!.map((e) => JSON.stringify(e)).join(', ')}`);
    return;
  }
  // Most schema nodes name one type: compared directly, without the cached list.
  const type = schema.type;
  let wanted: string | undefined;
  if (typeof type === 'string') {
    if (type === kind || (type === 'integer' && kind === 'number')) wanted = type;
  } else if (type) {
    for (let i = 0; i < type.length; i++) {
      const t = type[i];
      if (t === kind || (t === 'integer' && kind === 'number')) wanted = t;
    }
  }
  const types = wanted || type === undefined ? undefined : typeNames(schema);
  if (types && types.length > 0) {
    push(tree, issues, segments, anchor, node, `must be ${types.map(article).join(' or ')}, not ${describe(tree, node)}`);
    return;
  }
  if (kind === 'number') {
    const value = tree.numberValue(node);
    if (wanted === 'integer' && !tree.isIntegerLiteral(node)) {
      push(tree, issues, segments, anchor, node, `must be a whole number written without a fraction or exponent, not ${tree.raw(node)}`);
    } else if (outOfRange(tree, node, value, schema)) {
      const [min, max] = schema.range ?? [schema.minimum, schema.maximum];
      push(tree, issues, segments, anchor, node, `is out of range: ${tree.raw(node)} does not fit between ${min} and ${max}`);
    }
    return;
  }
  if (kind === 'string') {
    if (!schema.enum && schema.format !== 'date-time') return;
    if (schema.enum && isOneOf(tree, node, schema.enum)) return;
    const value = tree.value(node) as string;
    if (schema.enum) {
      const suggestion = sameIgnoringCase(schema.enum, value);
      push(tree, issues, segments, anchor, node, `must be one of ${schema.enum!.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(value)}`, suggestion);
    } else if (schema.format === 'date-time' && !RFC3339.test(value)) {
      push(tree, issues, segments, anchor, node, `must be an RFC 3339 time such as 2024-05-01T00:00:00Z, not ${JSON.stringify(value)}`);
    }
    return;
  }
  if (kind === 'array' && schema.items) {
    // Go reads an array of objects as pointers: a null element is a nil entry, which nats-server
    // 2.9 crashes on (a null `sources` entry); other null elements become zero values.
    const objects = typeNames(schema.items).includes('object');
    let i = 0;
    for (let c = tree.firstChild(node); c >= 0; c = tree.nextSibling(c), i++) {
      segments.push(i);
      if (objects && tree.kind(c) === 'null') push(tree, issues, segments, c, c, `must be an object, not null`);
      else check(tree, c, schema.items, segments, c, issues);
      segments.pop();
    }
    return;
  }
  if (kind === 'object' && (schema.properties || schema.additionalProperties)) {
    for (let k = tree.firstChild(node); k >= 0; k = tree.nextSibling(tree.nextSibling(k))) {
      // Under `additionalProperties` alone every key has the same schema: its name is not read.
      let child: SchemaNode | undefined;
      if (schema.properties) {
        const key = tree.value(k) as string;
        const name = propertyName(schema, key);
        if (name !== undefined && name !== key) caseIssues.push({ key: k, field: name });
        child = propertySchema(schema, key);
      } else {
        child = propertySchema(schema, '');
      }
      if (!child) continue;
      segments.push(-k - 1);
      check(tree, tree.nextSibling(k), child, segments, k, issues);
      segments.pop();
    }
  }
}

/** The zero value Go gives a `null` of this schema's type. */
function zeroValue(schema: SchemaNode): unknown {
  switch (typeNames(schema)[0]) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/**
 * The value of a node that passed `validate`, read as the Go server reads it: a `null` array
 * element becomes its type's zero value, a `null` property of an object and unknown keys are
 * left out.
 */
export function readValue(tree: JsonTree, node: number, schema: SchemaNode | undefined): unknown {
  const kind = tree.kind(node);
  if (!schema) return tree.toValue(node);
  if (kind === 'array') {
    const items = schema.items;
    const out: unknown[] = [];
    for (let c = tree.firstChild(node); c >= 0; c = tree.nextSibling(c)) {
      out.push(items && tree.kind(c) === 'null' ? zeroValue(items) : readValue(tree, c, items));
    }
    return out;
  }
  if (kind === 'object') {
    const out: Record<string, unknown> = {};
    for (let k = tree.firstChild(node); k >= 0; k = tree.nextSibling(tree.nextSibling(k))) {
      const written = tree.value(k) as string;
      // The field Go reads it into (`"Name"` is `name`); the last of repeated keys wins. Unknown
      // keys are left out, as the server ignores them.
      const child = propertySchema(schema, written);
      if (!child) continue;
      const key = propertyName(schema, written) ?? written;
      const v = tree.nextSibling(k);
      if (tree.kind(v) === 'null') delete out[key];
      else out[key] = readValue(tree, v, child);
    }
    return out;
  }
  return tree.value(node);
}
