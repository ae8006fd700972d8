/**
 * Hover texts: what a field's value means for this stream, in markdown, with durations and sizes
 * made readable. `hoverAt` finds the top-level field under an offset.
 */
import { md, mdCode } from '../markdown';
import { MAX_REPLICAS, StreamConfig, StreamField, StreamSource, failuresSurvived, quorum, replicaCount } from './config';
import { StreamDocument, StreamEntry } from './document';
import { formatBytes, formatCount, formatDuration, plural, survivesText } from './format';
import { Range } from './lineIndex';
import { fieldSchema } from './schema';
import { WorkspaceIndex, clusterOf } from './workspace';

export interface Hover {
  markdown: string;
  /** The key the hover is about. */
  range: Range;
}

type FieldHover = (stream: StreamEntry, workspace: WorkspaceIndex | undefined) => string;

/** A value from the file as inline code: the file's author chooses it, so it cannot close the span. */
const code = (v: unknown): string => mdCode(typeof v === 'string' ? v : String(JSON.stringify(v)));

export function replicasText(r: number): string {
  if (r < 0) return `R${r}: invalid, the server refuses a negative replica count.`;
  const n = r === 0 ? 1 : r;
  if (n > MAX_REPLICAS) return `R${n}: the server refuses more than ${MAX_REPLICAS} replicas.`;
  const survives = survivesText(failuresSurvived(n));
  const zero = r === 0 ? ' (0 means 1)' : '';
  const even = n === 2 || n === 4 ? ` An even count adds no tolerance over R${n - 1}.` : '';
  return `R${n}${zero}: quorum ${quorum(n)} of ${n}, ${survives}.${even}`;
}

/** A field's value as written when a double would round it (beyond 2^53), else `value`. */
function exact(s: StreamEntry, field: StreamField, value: number): number | bigint {
  return Number.isSafeInteger(value) ? value : (s.exactInteger(field) ?? value);
}

function limitText(value: number, what: (v: number) => string, unlimited: string): string {
  return value > 0 ? what(value) : value === 0 ? `0: ${unlimited}` : `${value}: ${unlimited}`;
}

function discardEffect(c: StreamConfig): string {
  return c.discard === 'new' ? 'then new messages are refused (`discard: new`)' : 'then the oldest messages are removed (`discard: old`)';
}

function sourceText(source: StreamSource, workspace: WorkspaceIndex | undefined): string {
  const parts = [source.name === undefined ? '**(no name)**' : `**${md(source.name)}**`];
  if (source.filter_subject) parts.push(`subjects ${code(source.filter_subject)}`);
  if (source.opt_start_seq) parts.push(`from sequence ${md(String(source.opt_start_seq))}`);
  if (source.opt_start_time) parts.push(`from ${md(String(source.opt_start_time))}`);
  if (source.external?.api) parts.push(`through ${code(source.external.api)}`);
  const origins = source.name ? (workspace?.byName(source.name) ?? []) : [];
  if (origins.length > 0) {
    const where = origins.map((o) => `${md(o.uri)}${clusterOf(o) ? ` (cluster ${md(clusterOf(o)!)})` : ''}`).join(', ');
    parts.push(`defined in ${where}`);
  } else if (workspace) {
    parts.push('not defined in the workspace');
  }
  return parts.join(', ');
}

const FIELD_HOVERS: Partial<Record<StreamField, FieldHover>> = {
  num_replicas: (s) => replicasText(s.config.num_replicas),
  storage: (s) => {
    const r = replicaCount(s.config);
    if (s.config.storage === 'file') return 'File storage: messages are written to disk and survive a restart.';
    return r <= 1
      ? 'Memory storage with one replica: messages live only in RAM, and **every message is lost when the server restarts**.'
      : `Memory storage: messages live in RAM on ${r} servers; a restarted server re-syncs from the others, but all are lost if every replica restarts at once.`;
  },
  retention: (s) =>
    ({
      limits: 'Limits retention: messages stay until `max_age`, `max_bytes`, `max_msgs` or `max_msgs_per_subject` removes them.',
      interest: 'Interest retention: a message is removed once every consumer interested in it has acknowledged it (immediately when there is none).',
      workqueue: 'Work-queue retention: each message is removed as soon as one consumer acknowledges it; consumers may not overlap.',
    })[s.config.retention],
  placement: (s) => {
    const p = s.config.placement;
    if (!p) return 'No placement: the stream is placed in the cluster of the client that creates it.';
    const cluster = p.cluster ? `in cluster ${code(p.cluster)}` : 'in the creating client\'s cluster';
    const tags = p.tags && p.tags.length > 0 ? `, on servers tagged ${p.tags.map(code).join(', ')}` : '';
    return `Placed ${cluster}${tags}: each of its ${replicaCount(s.config)} replicas needs a matching JetStream server.`;
  },
  mirror: (s, ws) =>
    s.config.mirror ? `A read-only copy of ${sourceText(s.config.mirror, ws)}. A mirror has no subjects and no sources of its own.` : 'No mirror.',
  sources: (s, ws) =>
    s.config.sources.length === 0
      ? 'No sources.'
      : `Copies messages from ${plural(s.config.sources.length, 'stream')}:\n\n${s.config.sources.map((src) => `- ${sourceText(src, ws)}`).join('\n')}`,
  subjects: (s) =>
    s.config.subjects.length === 0
      ? 'No subjects: the stream stores only what it copies (mirror or sources).'
      : `Stores messages published on ${s.config.subjects.map(code).join(', ')}. \`*\` matches one token, \`>\` the rest.`,
  max_age: (s) => {
    const age = s.config.max_age;
    return age > 0 ? `Messages are kept for **${formatDuration(age)}** (${exact(s, 'max_age', age)} ns).` : age === 0 ? 'Messages are kept forever (no age limit).' : `${age}: invalid, a duration cannot be negative.`;
  },
  duplicate_window: (s) => {
    const w = s.config.duplicate_window;
    const given = s.has('duplicate_window') && s.document.tree.value(s.valueNode('duplicate_window')) !== 0;
    const value = `**${formatDuration(w)}** (${exact(s, 'duplicate_window', w)} ns)`;
    return given ? `Message IDs are remembered for ${value} to drop re-sent duplicates.` : `Not set: the server uses ${value}, its default of 2 minutes lowered to \`max_age\`.`;
  },
  max_msgs: (s) => limitText(s.config.max_msgs, (v) => `At most **${formatCount(exact(s, 'max_msgs', v))} messages**; ${discardEffect(s.config)}.`, 'no limit on the number of messages'),
  max_bytes: (s) => limitText(s.config.max_bytes, (v) => `At most **${formatBytes(v)}** stored; ${discardEffect(s.config)}.`, 'no limit on the stored size'),
  max_msgs_per_subject: (s) =>
    limitText(s.config.max_msgs_per_subject, (v) => `Keeps the last **${formatCount(exact(s, 'max_msgs_per_subject', v))}** ${v === 1 ? 'message' : 'messages'} of each subject.`, 'no limit per subject'),
  max_msg_size: (s) =>
    limitText(s.config.max_msg_size, (v) => `Messages larger than **${formatBytes(v)}** are refused.`, "the server's `max_payload` applies (1 MiB by default)"),
  max_consumers: (s) => limitText(s.config.max_consumers, (v) => `At most **${formatCount(exact(s, 'max_consumers', v))}** consumers.`, 'no limit on consumers'),
  discard: (s) =>
    s.config.discard === 'new'
      ? 'When a limit is reached, **new messages are refused** (publishers get an error).'
      : 'When a limit is reached, **the oldest messages are removed** to make room.',
};

export interface HoverOptions {
  /**
   * Append the schema's description of the field (default true). An editor that already shows it
   * (a JSON language server with the schema) passes false: then fields without a meaning of their
   * own get no hover.
   */
  description?: boolean;
}

/** The markdown hover for one field of a stream (its meaning here, then the schema's description). */
export function fieldHover(stream: StreamEntry, field: StreamField, workspace?: WorkspaceIndex, options: HoverOptions = {}): string | undefined {
  const schema = fieldSchema(field);
  const description = options.description === false ? undefined : schema?.description;
  const invalid = stream.keyNode(field) >= 0 && !stream.has(field) && stream.document.tree.kind(stream.valueNode(field)) !== 'null';
  const specific = invalid ? 'this value is not valid here, so the server refuses the configuration.' : FIELD_HOVERS[field]?.(stream, workspace);
  if (!specific && !description) return undefined;
  const parts = [`**${field}**${specific ? ` — ${specific}` : ''}`];
  if (description) parts.push(`*${description}*`);
  return parts.join('\n\n');
}

/** The stream whose configuration object contains `offset`. */
export function streamAtOffset(doc: StreamDocument, offset: number): StreamEntry | undefined {
  return doc.streams.find((s) => s.span.offset <= offset && offset <= s.span.offset + s.span.length);
}

/**
 * The hover for the top-level field of a stream configuration under `offset` (on its key or
 * anywhere in its value), or undefined.
 */
export function hoverAt(doc: StreamDocument, sourceOffset: number, workspace?: WorkspaceIndex, options: HoverOptions = {}): Hover | undefined {
  const offset = doc.treeOffset(sourceOffset);
  const stream = streamAtOffset(doc, offset);
  if (!stream) return undefined;
  const tree = doc.tree;
  let result: Hover | undefined;
  tree.forEachProperty(stream.node, (key, keyNode, valueNode) => {
    if (result || offset < tree.offset(keyNode) || offset > tree.end(valueNode)) return;
    const markdown = fieldHover(stream, key as StreamField, workspace, options);
    if (markdown) result = { markdown: doc.reword(markdown, stream), range: doc.range({ offset: tree.offset(keyNode), length: tree.length(keyNode) }) };
  });
  return result;
}
