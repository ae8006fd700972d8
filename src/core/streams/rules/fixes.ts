/** Quick-fix and span helpers shared by the rules. */
import { StreamEntry } from '../document';
import { QuickFix, removeProperty, setProperty } from '../edits';
import { JsonTree } from '../jsonTree';
import { Span } from '../lineIndex';
import { StreamField } from '../config';
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
