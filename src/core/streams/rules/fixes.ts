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

/** Sets (or inserts) a top-level field of the stream's configuration. */
export function setFieldFix(stream: StreamEntry, field: StreamField, valueText: string, title: string, preferred = false): QuickFix {
  const edit = setProperty(stream.document.tree, stream.node, field, valueText);
  return preferred ? { title, edits: [edit], preferred } : { title, edits: [edit] };
}

/** Removes a top-level field; undefined when it is not written. */
export function removeFieldFix(stream: StreamEntry, field: StreamField, title: string, preferred = false): QuickFix | undefined {
  const edit = removeProperty(stream.document.tree, stream.node, field);
  if (!edit) return undefined;
  return preferred ? { title, edits: [edit], preferred } : { title, edits: [edit] };
}

export function replicasFix(stream: StreamEntry, replicas: number, preferred = false): QuickFix {
  return setFieldFix(stream, 'num_replicas', String(replicas), `Use ${plural(replicas, 'replica')} (R${replicas})`, preferred);
}

/** Drops undefined entries from a list of fixes. */
export function fixes(...list: (QuickFix | undefined)[]): QuickFix[] {
  return list.filter((f): f is QuickFix => f !== undefined);
}
