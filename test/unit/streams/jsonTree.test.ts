import * as assert from 'node:assert/strict';
import { JsonTree } from '../../../src/core/streams';
import { canonJsonc, canonTree, jsoncParse } from './treeCanon';

const WELL_FORMED = [
  '{}',
  '[]',
  '{"name": "ORDERS", "subjects": ["a.>", "b.*"], "num_replicas": 3, "max_age": 1e9, "x": -0.5E-3}',
  '// leading comment\r\n{\r\n  "a": /* inside */ true, // end\r\n  "b": [null, false, {"c": "d\\"e\\u0041\\n"}]\r\n}\r\n',
  '[1, -2, 3.25, 0, 1e+5, "é ☃ 𝄞", {"": ""}]',
  '{"dup": 1, "dup": 2}',
  '  "just a string"  ',
  '123',
];

const BROKEN = ['', '{', '{"a": 1,}', '[1,]', '{"a" 1}', '{"a": 01}', '{"a": .5}', '{"a": 1.}', '{"a": "x\ny"}', '{"a": tru}', '{"a": 1} x', '/* open', '{"a": "\\q"}', '\u00a0{}', '{"a":\v1}'];

describe('JSONC tree', () => {
  for (const text of WELL_FORMED) {
    it(`matches jsonc-parser on ${JSON.stringify(text).slice(0, 50)}`, () => {
      const tree = JsonTree.parse(text);
      const reference = jsoncParse(text);
      assert.deepEqual(reference.errors, []);
      assert.deepEqual(tree.errors, []);
      assert.deepEqual(canonTree(tree, tree.root), canonJsonc(reference.root!));
    });
  }

  for (const text of BROKEN) {
    it(`reports errors like jsonc-parser on ${JSON.stringify(text)}`, () => {
      const tree = JsonTree.parse(text);
      const reference = jsoncParse(text);
      assert.ok(reference.errors.length > 0 || text.includes('\u00a0') || text.includes('\v'), 'the sample should be broken for jsonc-parser');
      assert.equal(tree.errors.length > 0, reference.errors.length > 0);
      for (const e of tree.errors) {
        assert.ok(e.offset >= 0 && e.offset + e.length <= text.length);
        assert.ok(e.message.length > 0);
      }
    });
  }

  it('keeps the recovered tree of a broken document, with every node inside the text', () => {
    const text = '{"name": "S", "num_replicas": 3 "storage": "memory", "placement": {"cluster": ';
    const tree = JsonTree.parse(text);
    assert.ok(tree.errors.length > 0);
    assert.equal(tree.kind(tree.root), 'object');
    assert.equal(tree.value(tree.findValue(tree.root, 'name')), 'S');
    for (let n = 0; n < tree.nodeCount; n++) assert.ok(tree.offset(n) >= 0 && tree.end(n) <= text.length && tree.length(n) >= 0);
  });

  it('reads values, keeps the last of duplicate keys and finds nodes by offset', () => {
    const text = '{"a": {"b": [1, "two", null]}, "a": 5}';
    const tree = JsonTree.parse(text);
    assert.deepEqual(tree.toValue(tree.root), { a: 5 });
    assert.equal(tree.raw(tree.findValue(tree.root, 'a')), '5');
    const path = tree.pathAt(text.indexOf('"two"') + 1);
    assert.equal(tree.value(path[path.length - 1]), 'two');
    assert.equal(path.length, 4);
  });

  it('survives absurd nesting without throwing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const tree = JsonTree.parse(deep);
    assert.ok(tree.errors.length > 0 || tree.root >= 0);
    const shallow = '['.repeat(300) + ']'.repeat(300);
    assert.deepEqual(JsonTree.parse(shallow).errors, []);
  });
});
