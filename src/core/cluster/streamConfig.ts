/**
 * Stream configurations as JSON documents: the table of config fields (in the server's order, with
 * the defaults the server fills in), comparison that ignores those defaults, a readable field-level
 * diff, and the clean document `pullConfig` writes.
 *
 * "Effective" value of a field = the value given, or the server's default when it is absent; values
 * the server treats alike count as equal (0 and -1 for limits, an empty object and none, …).
 * Fields this table does not know are compared when the desired document names them; fields only
 * the live configuration has are taken as server-filled and ignored.
 */

import { StreamField, defaultDuplicateWindow, defaultStreamConfig } from '../streams/config';
import { formatDuration } from '../streams/format';

export type StreamConfigDoc = Record<string, unknown>;

type Default = (config: StreamConfigDoc) => unknown;

interface FieldSpec {
  key: string;
  /** The server's value when the field is absent; none for optional objects (placement, mirror…). */
  default?: Default;
  /** Nanosecond durations, shown in words in diffs. */
  duration?: boolean;
  /** Limits where the server reads 0 as "unlimited" (-1). */
  zeroUnlimited?: boolean;
}

const constant = (value: unknown): Default => () => value;
const STREAM_DEFAULTS = defaultStreamConfig();
/** The server's default as the linter knows it (`defaultStreamConfig`, kept equal to the schema's). */
const serverDefault = (key: StreamField): Default => constant(STREAM_DEFAULTS[key]);
const isSealed = (c: StreamConfigDoc): boolean => c.sealed === true;

function hasCopySource(c: StreamConfigDoc): boolean {
  return isPresent(c.mirror) || (Array.isArray(c.sources) && c.sources.length > 0);
}

/**
 * The stream config fields in the order the server writes them (Go's StreamConfig). Defaults are
 * the linter's (`serverDefault`), or computed from other fields the same way; `constant` ones are
 * the zero values the server writes back for optional fields the linter leaves undefined.
 */
export const STREAM_CONFIG_FIELDS: readonly FieldSpec[] = [
  { key: 'name' },
  { key: 'description', default: constant('') },
  { key: 'subjects', default: (c) => (hasCopySource(c) ? [] : [c.name]) },
  { key: 'retention', default: serverDefault('retention') },
  { key: 'max_consumers', default: serverDefault('max_consumers'), zeroUnlimited: true },
  { key: 'max_msgs', default: serverDefault('max_msgs'), zeroUnlimited: true },
  { key: 'max_bytes', default: serverDefault('max_bytes'), zeroUnlimited: true },
  { key: 'max_age', default: serverDefault('max_age'), duration: true },
  { key: 'max_msgs_per_subject', default: serverDefault('max_msgs_per_subject'), zeroUnlimited: true },
  { key: 'max_msg_size', default: serverDefault('max_msg_size'), zeroUnlimited: true },
  { key: 'discard', default: (c) => (isSealed(c) ? 'new' : 'old') },
  { key: 'storage', default: serverDefault('storage') },
  { key: 'num_replicas', default: serverDefault('num_replicas') },
  { key: 'no_ack', default: serverDefault('no_ack') },
  { key: 'template_owner', default: constant('') },
  {
    key: 'duplicate_window',
    duration: true,
    default: (c) => defaultDuplicateWindow(typeof c.max_age === 'number' ? c.max_age : 0, isPresent(c.mirror)),
  },
  { key: 'placement' },
  { key: 'mirror' },
  { key: 'sources', default: serverDefault('sources') },
  { key: 'compression', default: serverDefault('compression') },
  { key: 'first_seq', default: constant(0) },
  { key: 'subject_transform' },
  { key: 'republish' },
  { key: 'allow_direct', default: serverDefault('allow_direct') },
  { key: 'mirror_direct', default: serverDefault('mirror_direct') },
  { key: 'discard_new_per_subject', default: serverDefault('discard_new_per_subject') },
  { key: 'sealed', default: serverDefault('sealed') },
  { key: 'deny_delete', default: isSealed },
  { key: 'deny_purge', default: isSealed },
  { key: 'allow_rollup_hdrs', default: serverDefault('allow_rollup_hdrs') },
  { key: 'consumer_limits', default: constant({}) },
  { key: 'metadata', default: constant({}) },
  { key: 'allow_msg_ttl', default: serverDefault('allow_msg_ttl') },
  { key: 'subject_delete_marker_ttl', default: constant(0), duration: true },
  { key: 'allow_msg_counter', default: constant(false) },
  { key: 'allow_atomic', default: constant(false) },
  { key: 'allow_msg_schedules', default: constant(false) },
];

const FIELD_BY_KEY = new Map(STREAM_CONFIG_FIELDS.map((f) => [f.key, f]));

/** Metadata keys the server adds itself (2.11+: `_nats.ver`, `_nats.level`, `_nats.req.level`). */
const SERVER_METADATA = /^_nats\./;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Not absent: not undefined/null, not an empty string, array or object. */
function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** Inside nested objects the server omits zero values: drop them so absent and zero compare equal. */
function pruneNested(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNested);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) {
    const pruned = pruneNested(inner);
    if (pruned === 0 || pruned === false || !isPresent(pruned)) continue;
    out[k] = pruned;
  }
  return out;
}

/** A config document's own config: a `nats stream info --json` document has it under `config`. */
export function configOf(doc: unknown): StreamConfigDoc | undefined {
  if (!isPlainObject(doc)) return undefined;
  if (doc.name === undefined && isPlainObject(doc.config)) return doc.config;
  return doc;
}

/** The value of a field as given (pruned, server metadata dropped), or undefined when absent. */
function givenValue(config: StreamConfigDoc, key: string): unknown {
  let value = pruneNested(config[key]);
  if (key === 'metadata' && isPlainObject(value)) {
    value = Object.fromEntries(Object.entries(value).filter(([k]) => !SERVER_METADATA.test(k)));
  }
  return isPresent(value) ? value : undefined;
}

/** The value the server works with: given, or the default; 0-as-unlimited turned into -1. */
export function effectiveValue(config: StreamConfigDoc, key: string): unknown {
  const spec = FIELD_BY_KEY.get(key);
  let value = givenValue(config, key);
  if (value === undefined && spec?.default) value = pruneNested(spec.default(config));
  if (spec?.zeroUnlimited && value === 0) value = -1;
  if (key === 'num_replicas' && value === 0) value = 1;
  return isPresent(value) || value === 0 || value === false ? value : undefined;
}

/** JSON with sorted object keys: equal values give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

export interface ConfigChange {
  /** The top-level config field, e.g. `placement` (where the editor marks the change). */
  field: string;
  /** The changed value's path, e.g. `placement.tags`. */
  path: string;
  /** Live value (undefined: none). */
  live: unknown;
  /** Value the file asks for (undefined: none). */
  desired: unknown;
  /** One line, e.g. `num_replicas: 1 → 3`. */
  text: string;
}

function formatValue(v: unknown, duration: boolean): string {
  if (v === undefined) return '(none)';
  if (duration && typeof v === 'number') return v === 0 ? '0 (unlimited)' : `${formatDuration(v)} (${v} ns)`;
  return JSON.stringify(v);
}

function diffValue(field: string, path: string, live: unknown, desired: unknown, out: ConfigChange[]): void {
  if (canonicalJson(live) === canonicalJson(desired)) return;
  if (isPlainObject(live) && isPlainObject(desired)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])];
    for (const k of keys) diffValue(field, `${path}.${k}`, live[k], desired[k], out);
    return;
  }
  const duration = path === field && FIELD_BY_KEY.get(field)?.duration === true;
  out.push({ field, path, live, desired, text: `${path}: ${formatValue(live, duration)} → ${formatValue(desired, duration)}` });
}

/** The field-level changes that applying `desired` over `live` would make, in field order. */
export function diffConfigs(live: StreamConfigDoc, desired: StreamConfigDoc): ConfigChange[] {
  const known = STREAM_CONFIG_FIELDS.map((f) => f.key);
  const extra = Object.keys(desired)
    .filter((k) => !FIELD_BY_KEY.has(k))
    .sort();
  const changes: ConfigChange[] = [];
  for (const key of [...known, ...extra]) diffValue(key, key, effectiveValue(live, key), effectiveValue(desired, key), changes);
  return changes;
}

/** The changes as text, one per line ("no changes" when there are none). */
export function formatChanges(changes: readonly ConfigChange[]): string {
  return changes.length ? changes.map((c) => c.text).join('\n') : 'no changes';
}

export interface CleanConfigOptions {
  /** Leave out fields whose value is the server's default (a short file). Default false. */
  omitDefaults?: boolean;
}

/**
 * Only config fields, in the server's order (unknown fields after them, sorted), without empty
 * values and server-added metadata; with `omitDefaults`, also without default values.
 */
export function cleanConfig(config: StreamConfigDoc, options: CleanConfigOptions = {}): StreamConfigDoc {
  const out: StreamConfigDoc = {};
  const extra = Object.keys(config)
    .filter((k) => !FIELD_BY_KEY.has(k))
    .sort();
  for (const key of [...STREAM_CONFIG_FIELDS.map((f) => f.key), ...extra]) {
    const raw = config[key];
    if (raw === undefined || raw === null) continue;
    const value = key === 'metadata' ? givenValue(config, key) : raw;
    if (!isPresent(value) && value !== 0 && value !== false) continue;
    if (options.omitDefaults && key !== 'name') {
      const spec = FIELD_BY_KEY.get(key);
      const fallback = spec?.default ? effectiveValue({ ...config, [key]: undefined }, key) : undefined;
      if (spec?.default && canonicalJson(effectiveValue(config, key)) === canonicalJson(fallback)) continue;
    }
    out[key] = value;
  }
  return out;
}

/** The clean config as file text: two-space JSON and a final newline. */
export function configText(config: StreamConfigDoc, options: CleanConfigOptions = {}): string {
  return `${JSON.stringify(cleanConfig(config, options), null, 2)}\n`;
}

/** The two sides of the diff shown before applying, as JSONC text. */
export interface DiffDocuments {
  /** The live configuration (the server's defaults when the stream does not exist yet). */
  live: string;
  /** The configuration after applying. */
  desired: string;
}

function diffDocumentText(entries: readonly { key: string; value: unknown; note: string[] }[]): string {
  const lines = entries.map(({ key, value, note }, i) => {
    const [first, ...rest] = JSON.stringify(value, null, 2).split('\n');
    const comma = i < entries.length - 1 ? ',' : '';
    const comment = note.length ? ` // ${note.join(', ')}` : '';
    if (!rest.length) return `  ${JSON.stringify(key)}: ${first}${comma}${comment}`;
    return [`  ${JSON.stringify(key)}: ${first}${comment}`, ...rest.map((l, j) => `  ${l}${j === rest.length - 1 ? comma : ''}`)].join('\n');
  });
  return `{\n${lines.join('\n')}\n}\n`;
}

/**
 * The diff of applying `desired` over `live` (undefined: a new stream, compared with the server's
 * defaults) as two documents that differ exactly where `diffConfigs` finds changes. Both hold the
 * fields the file sets and the fields that change, with the values the server works with; a
 * field the file leaves to the server's default appears only when applying changes it, marked
 * `// server default` on the right. Durations carry their value in words.
 */
export function diffDocuments(live: StreamConfigDoc | undefined, desired: StreamConfigDoc): DiffDocuments {
  const base = live ?? { name: desired.name };
  const changed = new Set(diffConfigs(base, desired).map((c) => c.field));
  const extra = Object.keys(desired)
    .filter((k) => !FIELD_BY_KEY.has(k))
    .sort();
  const left: { key: string; value: unknown; note: string[] }[] = [];
  const right: { key: string; value: unknown; note: string[] }[] = [];
  const durationNote = (key: string, value: unknown): string[] => (FIELD_BY_KEY.get(key)?.duration && typeof value === 'number' && value > 0 ? [formatDuration(value)] : []);
  for (const key of [...STREAM_CONFIG_FIELDS.map((f) => f.key), ...extra]) {
    const given = givenValue(desired, key) !== undefined;
    if (!given && !changed.has(key)) continue;
    const before = effectiveValue(base, key);
    const after = effectiveValue(desired, key);
    if (before !== undefined) left.push({ key, value: before, note: durationNote(key, before) });
    if (after !== undefined) right.push({ key, value: after, note: [...durationNote(key, after), ...(given ? [] : ['server default'])] });
  }
  return { live: diffDocumentText(left), desired: diffDocumentText(right) };
}
