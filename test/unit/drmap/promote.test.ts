import * as assert from 'node:assert/strict';
import { PromoteError, promoteMirror } from '../../../src/core/dr';
import { applyEdits, parseStreamDocument } from '../../../src/core/streams';
import { parseAnyStreamDocument } from '../../../src/core/streams/resources';

const MIRROR = `{
  // A read-only copy of ORDERS in another region.
  "name": "ORDERS_DR",
  "mirror": { "name": "ORDERS" },
  "mirror_direct": true,
  "num_replicas": 3,
  "placement": { "cluster": "west" }
}
`;

describe('DR: Promote Mirror on a config file', () => {
  it('removes mirror and mirror_direct, sets subjects, keeps comments and layout', () => {
    const entry = parseStreamDocument(MIRROR, '/ws/orders-dr.stream.json').streams[0];
    const plan = promoteMirror(entry, ['orders.>']);
    assert.equal(plan.mirror, 'ORDERS');
    assert.equal(
      plan.after,
      `{
  // A read-only copy of ORDERS in another region.
  "subjects": ["orders.>"],
  "name": "ORDERS_DR",
  "num_replicas": 3,
  "placement": { "cluster": "west" }
}
`,
    );
    assert.equal(applyEdits(plan.before, [plan.edit]), plan.after, 'the single edit gives the same text');
    const promoted = parseStreamDocument(plan.after, '/ws/orders-dr.stream.json').streams[0];
    assert.equal(promoted.config.mirror, undefined);
    assert.deepEqual(promoted.config.subjects, ['orders.>']);
  });

  it('promotes the right stream of an array file', () => {
    const text = '[\n  {"name": "A", "subjects": ["a"]},\n  {"name": "B", "mirror": {"name": "A"}}\n]\n';
    const plan = promoteMirror(parseStreamDocument(text, '/ws/x.json').streams[1], ['b.>', 'c']);
    assert.equal(plan.after, '[\n  {"name": "A", "subjects": ["a"]},\n  {"subjects": ["b.>","c"], "name": "B"}\n]\n');
  });

  it('refuses what it cannot promote, naming why', () => {
    const plain = parseStreamDocument('{"name": "A", "subjects": ["a"]}', '/ws/a.json').streams[0];
    assert.throws(() => promoteMirror(plain, ['a']), (e: Error) => e instanceof PromoteError && /A in \/ws\/a\.json is not a mirror/.test(e.message));
    const mirror = parseStreamDocument(MIRROR, '/ws/m.json').streams[0];
    assert.throws(() => promoteMirror(mirror, []), /needs at least one subject/);
    assert.throws(() => promoteMirror(mirror, ['orders..x']), /The subject "orders\.\.x" /);
    assert.throws(() => promoteMirror(mirror, ['a b']), /The subject "a b" /);
    const broken = parseStreamDocument('{"name": "M", "mirror": {"name": "A"}, }', '/ws/b.json').streams[0];
    assert.throws(() => promoteMirror(broken, ['x']), /syntax errors/);
    const yaml = parseAnyStreamDocument('apiVersion: jetstream.nats.io/v1beta2\nkind: Stream\nmetadata:\n  name: m\nspec:\n  name: M\n  mirror:\n    name: A\n', '/ws/m.yaml').streams[0];
    assert.ok(yaml, 'the NACK resource is read');
    assert.throws(() => promoteMirror(yaml, ['x']), /promote it by hand/);
  });
});
