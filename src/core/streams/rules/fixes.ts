/** Quick-fix and span helpers shared by the rules. */
import { StreamEntry } from '../document';
import { QuickFix, removeProperty, setProperty } from '../edits';
import { JsonTree } from '../jsonTree';
import { Span } from '../lineIndex';
import { StreamField, StreamSource } from '../config';
import { plural } from '../../plural';

export function nodeSpan(tree: JsonTree, node: number): Span {
  return { offset: tree.offset(node), length: tree.length(node) };
}

/** Sets (or inserts) property `key` of object `obj`. */
export function setPropertyFix(tree: JsonTree, obj: number, key: string, valueText: string, title: string, preferred = false): QuickFix {
  const edit = setProperty(tree, obj, key, valueText);
  return preferred ? { title, edits: [edit], preferred } : { title, edits: [edit] };
}

/** Removes property `key` of object `obj`; undefined when it is not written. */
export function removePropertyFix(tree: JsonTree, obj: number, key: string, title: string, preferred = false): QuickFix | undefined {
  const edit = removeProperty(tree, obj, key);
  if (!edit) return undefined;
  return preferred ? { title, edits: [edit], preferred } : { title, edits: [edit] };
}

/** Sets (or inserts) a top-level field of the stream's configuration. */
export function setFieldFix(stream: StreamEntry, field: StreamField, valueText: string, title: string, preferred = false): QuickFix {
  return setPropertyFix(stream.document.tree, stream.node, field, valueText, title, preferred);
}

/** Removes a top-level field; undefined when it is not written. */
export function removeFieldFix(stream: StreamEntry, field: StreamField, title: string, preferred = false): QuickFix | undefined {
  return removePropertyFix(stream.document.tree, stream.node, field, title, preferred);
}

export function replicasFix(stream: StreamEntry, replicas: number, preferred = false): QuickFix {
  return setFieldFix(stream, 'num_replicas', String(replicas), `Use ${plural(replicas, 'replica')} (R${replicas})`, preferred);
}

/** Drops undefined entries from a list of fixes. */
export function fixes(...list: (QuickFix | undefined)[]): QuickFix[] {
  return list.filter((f): f is QuickFix => f !== undefined);
}

/** The stream's copies: its mirror (index -1) and its `sources` entries (their index), in that order. */
export function copyEntries(stream: StreamEntry): { copy: StreamSource; index: number }[] {
  const { mirror, sources } = stream.config;
  return [...(mirror ? [{ copy: mirror, index: -1 }] : []), ...sources.map((copy, index) => ({ copy, index }))];
}

/**
 * The span of a copy's `path` key (`['name']`, `['external', 'api']`), else of the copy's entry (a
 * mirror: index -1; a `sources` entry: its index), else of the field.
 */
export function copyKeySpan(stream: StreamEntry, index: number, path: readonly string[]): Span {
  const tree = stream.document.tree;
  const entry = index < 0 ? stream.valueNode('mirror') : (tree.children(stream.valueNode('sources'))[index] ?? -1);
  let node = entry;
  for (let i = 0; i < path.length - 1 && node >= 0; i++) node = tree.findValue(node, path[i]);
  const key = node >= 0 ? tree.findKey(node, path[path.length - 1]) : -1;
  if (key >= 0) return nodeSpan(tree, key);
  return entry >= 0 ? nodeSpan(tree, entry) : stream.keySpan(index < 0 ? 'mirror' : 'sources');
}
