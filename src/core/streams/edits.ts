/**
 * Quick fixes as pure text edits, which an editor turns into workspace edits and the tests apply
 * with `applyEdits`.
 */
import { JsonTree } from './jsonTree';

/** Replace `length` characters at `offset` with `newText` (an insertion when `length` is 0). */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

/** A named set of edits, applied together. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor should offer first (e.g. for "fix all"). */
  preferred?: boolean;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** Replaces a value node with `newText`. */
export function replaceNode(tree: JsonTree, node: number, newText: string): TextEdit {
  return { offset: tree.offset(node), length: tree.length(node), newText };
}

/** The whitespace that starts the line `offset` is on, up to `offset`. */
function indentBefore(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' ? text.slice(i, offset) : undefined;
}

/** Sets `key` of object `obj` to `valueText`: replaces the value if the key exists, else inserts the property first. */
export function setProperty(tree: JsonTree, obj: number, key: string, valueText: string): TextEdit {
  const existing = tree.findValue(obj, key);
  if (existing >= 0) return replaceNode(tree, existing, valueText);
  const property = `${JSON.stringify(key)}: ${valueText}`;
  const firstKey = tree.firstChild(obj);
  if (firstKey < 0) return { offset: tree.offset(obj) + 1, length: 0, newText: property };
  const at = tree.offset(firstKey);
  const indent = indentBefore(tree.text, at);
  const newText = indent === undefined ? `${property}, ` : `${property},\n${indent}`;
  return { offset: at, length: 0, newText };
}

/**
 * Removes one member of an object or array, with its comma: for a member followed by another, up
 * to the next member; for the last of several, from the end of the previous one; for the only
 * member, everything between the brackets.
 */
function removeMember(tree: JsonTree, container: number, start: number, end: number, previousEnd: number, nextStart: number): TextEdit {
  if (nextStart >= 0) return { offset: start, length: nextStart - start, newText: '' };
  if (previousEnd >= 0) return { offset: previousEnd, length: end - previousEnd, newText: '' };
  const inner = tree.offset(container) + 1;
  return { offset: inner, length: tree.end(container) - 1 - inner, newText: '' };
}

/** Removes property `key` (its last occurrence) from object `obj`; undefined when it is absent. */
export function removeProperty(tree: JsonTree, obj: number, key: string): TextEdit | undefined {
  const target = tree.findKey(obj, key);
  if (target < 0) return undefined;
  let previousEnd = -1;
  for (let k = tree.firstChild(obj); k >= 0; ) {
    const v = tree.nextSibling(k);
    const nextKey = tree.nextSibling(v);
    if (k === target) return removeMember(tree, obj, tree.offset(k), tree.end(v), previousEnd, nextKey >= 0 ? tree.offset(nextKey) : -1);
    previousEnd = tree.end(v);
    k = nextKey;
  }
  return undefined;
}

/** Removes element `item` from array `arr`. */
export function removeElement(tree: JsonTree, arr: number, item: number): TextEdit | undefined {
  let previousEnd = -1;
  for (let c = tree.firstChild(arr); c >= 0; c = tree.nextSibling(c)) {
    const next = tree.nextSibling(c);
    if (c === item) return removeMember(tree, arr, tree.offset(c), tree.end(c), previousEnd, next >= 0 ? tree.offset(next) : -1);
    previousEnd = tree.end(c);
  }
  return undefined;
}
