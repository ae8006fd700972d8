import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonTree, analyzeWorkspace, applyEdits } from '../../../src/core/streams';
import { removeElement, removeProperty, setProperty } from '../../../src/core/streams/edits';

const ROOT = path.resolve(__dirname, '../../../..');

function edited(text: string, edit: (tree: JsonTree) => { offset: number; length: number; newText: string } | undefined): string {
  const tree = JsonTree.parse(text);
  const e = edit(tree);
  assert.ok(e);
  return applyEdits(text, [e]);
}

describe('quick-fix edits', () => {
  it('inserts a property with the indentation of the first one, or inline in a one-line object', () => {
    assert.equal(edited('{\n    "name": "S"\n}', (t) => setProperty(t, t.root, 'num_replicas', '3')), '{\n    "num_replicas": 3,\n    "name": "S"\n}');
    assert.equal(edited('{"name": "S"}', (t) => setProperty(t, t.root, 'num_replicas', '3')), '{"num_replicas": 3, "name": "S"}');
    assert.equal(edited('{}', (t) => setProperty(t, t.root, 'num_replicas', '3')), '{"num_replicas": 3}');
    assert.equal(edited('{"num_replicas": 2}', (t) => setProperty(t, t.root, 'num_replicas', '3')), '{"num_replicas": 3}');
  });

  it('removes the first, a middle, the last and the only property with their commas', () => {
    const text = '{\n  "a": 1,\n  "b": [2],\n  "c": {"d": 3}\n}';
    assert.equal(edited(text, (t) => removeProperty(t, t.root, 'a')), '{\n  "b": [2],\n  "c": {"d": 3}\n}');
    assert.equal(edited(text, (t) => removeProperty(t, t.root, 'b')), '{\n  "a": 1,\n  "c": {"d": 3}\n}');
    assert.equal(edited(text, (t) => removeProperty(t, t.root, 'c')), '{\n  "a": 1,\n  "b": [2]\n}');
    assert.equal(edited('{ "a": 1 }', (t) => removeProperty(t, t.root, 'a')), '{}');
    assert.equal(removeProperty(JsonTree.parse('{"a": 1}'), 0, 'zzz'), undefined);
  });

  it('removes array elements', () => {
    const text = '[{"n": 1}, {"n": 2}, {"n": 3}]';
    const items = (t: JsonTree): number[] => t.children(t.root);
    assert.equal(edited(text, (t) => removeElement(t, t.root, items(t)[2])), '[{"n": 1}, {"n": 2}]');
    assert.equal(edited(text, (t) => removeElement(t, t.root, items(t)[0])), '[{"n": 2}, {"n": 3}]');
    assert.equal(edited('[1]', (t) => removeElement(t, t.root, items(t)[0])), '[]');
  });

  it('every quick fix offered on the example workspace parses and removes its finding', () => {
    const folder = path.join(ROOT, 'example', 'streams');
    const docs = fs.readdirSync(folder).map((f) => ({ uri: path.join(folder, f), text: fs.readFileSync(path.join(folder, f), 'utf8') }));
    const analysis = analyzeWorkspace(docs);
    let applied = 0;
    for (const doc of analysis.documents) {
      for (const finding of doc.findings) {
        for (const fix of finding.fixes) {
          const text = applyEdits(doc.document.text, fix.edits);
          const others = docs.filter((d) => d.uri !== doc.uri);
          const after = analyzeWorkspace([...others, { uri: doc.uri, text }]).documents.at(-1)!;
          assert.deepEqual(after.document.syntaxErrors, [], `${fix.title} broke ${doc.uri}`);
          const still = after.findings.filter((f) => f.rule === finding.rule && f.streamIndex === finding.streamIndex && f.message === finding.message);
          assert.deepEqual(still.map((f) => f.message), [], `${fix.title} left ${finding.rule} in ${doc.uri}`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 15, `only ${applied} fixes applied`);
  });

  it('offers the quick fixes the issue asks for', () => {
    const titles = (text: string, rule: string): string[] =>
      analyzeWorkspace([{ uri: 'a.json', text }]).documents[0].findings.filter((f) => f.rule === rule).flatMap((f) => f.fixes.map((x) => x.title));
    assert.deepEqual(titles('{"name": "S", "num_replicas": 2}', 'replicas-even'), ['Use 3 replicas (R3)']);
    assert.deepEqual(titles('{"name": "S", "num_replicas": 4}', 'replicas-even'), ['Use 5 replicas (R5)', 'Use 3 replicas (R3)']);
    assert.deepEqual(titles('{"name": "S", "storage": "memory"}', 'memory-single-replica'), ['Use file storage', 'Use 3 replicas (R3)']);
    assert.deepEqual(titles('{"name": "S", "mirror": {"name": "O"}, "subjects": ["a"]}', 'mirror-with-subjects'), ['Remove subjects from the mirror']);
    assert.deepEqual(titles('{"name": "S", "mirror": {"name": "O"}, "sources": [{"name": "P"}]}', 'mirror-with-sources'), ['Remove sources from the mirror']);
    assert.deepEqual(titles('{"name": "S", "max_age": 1000000000, "duplicate_window": 5000000000}', 'duplicate-window-over-max-age'), ['Lower duplicate_window to max_age (1s)']);
    assert.deepEqual(titles('{"name": "S", "mirror_direct": true}', 'mirror-direct-without-mirror'), ['Remove mirror_direct']);
    assert.deepEqual(titles('{"name": "S", "discard_new_per_subject": true, "max_msgs_per_subject": 3}', 'discard-new-per-subject'), ['Set discard to "new"']);
    assert.deepEqual(titles('{"name": "S", "discard_new_per_subject": true, "discard": "new"}', 'discard-new-per-subject'), []);
    const memory = analyzeWorkspace([{ uri: 'a.json', text: '{\n  "name": "S",\n  "storage": "memory"\n}' }]).documents[0].findings;
    const r3 = memory.find((f) => f.rule === 'memory-single-replica')!.fixes[1];
    assert.equal(applyEdits('{\n  "name": "S",\n  "storage": "memory"\n}', r3.edits), '{\n  "num_replicas": 3,\n  "name": "S",\n  "storage": "memory"\n}');
  });
});
