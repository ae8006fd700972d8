/** Trees of JsonTree and of jsonc-parser in one comparable shape, for the tests. */
import { Node as JsoncNode, ParseError, parseTree } from 'jsonc-parser';
import { JsonTree } from '../../../src/core/streams';

/** A tree as nested arrays: [kind, offset, length, value | children]; object children alternate key, value. */
type Canon = [string, number, number, unknown];

export function canonTree(tree: JsonTree, node: number): Canon {
  const kind = tree.kind(node);
  const rest = kind === 'object' || kind === 'array' ? tree.children(node).map((c) => canonTree(tree, c)) : tree.value(node);
  return [kind, tree.offset(node), tree.length(node), rest];
}

export function canonJsonc(node: JsoncNode): Canon {
  if (node.type === 'object') {
    const children = (node.children ?? []).flatMap((p) => [canonJsonc(p.children![0]), canonJsonc(p.children![1])]);
    return ['object', node.offset, node.length, children];
  }
  if (node.type === 'array') return ['array', node.offset, node.length, (node.children ?? []).map(canonJsonc)];
  return [node.type, node.offset, node.length, node.value];
}

export function jsoncParse(text: string, allowTrailingComma = false): { root: JsoncNode | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma });
  return { root, errors };
}
