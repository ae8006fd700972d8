import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffConfigs, updateStreamText } from '../../../src/core/cluster';
import { parseStreamDocument } from '../../../src/core/streams';
import { LIVE_MINIMAL } from './liveConfigs';

// What nats-server 2.9.10 holds for ORDERS as the sandbox makes it (7 days).
const LIVE = { ...LIVE_MINIMAL, name: 'ORDERS', subjects: ['orders.>'], max_age: 604800000000000, num_replicas: 3 };

/** The stream configs of a document's text, as values. */
const streamsOf = (text: string): Record<string, unknown>[] => {
  const doc = parseStreamDocument(text);
  assert.deepEqual(doc.syntaxErrors, [], text);
  return doc.streams.map((s) => doc.tree.toValue(s.node) as Record<string, unknown>);
};

describe('cluster: pulling a live config into a file that defines the stream', () => {
  it('changes only the fields that differ, and keeps comments, order and indentation', () => {
    const text = [
      '// The shop\'s orders.',
      '{',
      '    "name": "ORDERS",',
      '    "subjects": ["orders.>"], // every order event',
      '    "num_replicas": 3,',
      '    "max_age": 2592000000000000, /* 30 days */',
      '    "discard": "old"',
      '}',
      '',
    ].join('\n');
    const { text: out, changes } = updateStreamText(text, 0, LIVE);
    assert.deepEqual(changes.map((c) => c.field), ['max_age']);
    assert.equal(out, text.replace('2592000000000000', '604800000000000'));
    assert.deepEqual(diffConfigs(streamsOf(out)[0], LIVE), []);
  });

  it('adds a field the file lacks at the end with the file\'s indentation, and removes one the live config has not', () => {
    const text = '{\n    "name": "ORDERS",\n    "subjects": ["orders.>"],\n    "num_replicas": 3,\n    "max_age": 604800000000000,\n    "placement": { "cluster": "east" }\n}\n';
    const { text: out, changes } = updateStreamText(text, 0, { ...LIVE, max_msgs: 1000 });
    assert.deepEqual(changes.map((c) => c.path), ['max_msgs', 'placement']);
    assert.equal(out, '{\n    "name": "ORDERS",\n    "subjects": ["orders.>"],\n    "num_replicas": 3,\n    "max_age": 604800000000000,\n    "max_msgs": 1000\n}\n');
  });

  it('updates one stream of an array, and the config of a `nats stream info --json` document', () => {
    const array = '[\n  { "name": "A", "subjects": ["a"] },\n  { "name": "ORDERS", "subjects": ["orders.>"], "num_replicas": 1 }\n]\n';
    const out = updateStreamText(array, 1, LIVE).text;
    assert.ok(out.startsWith('[\n  { "name": "A", "subjects": ["a"] },\n'), out);
    const [a, orders] = streamsOf(out);
    assert.deepEqual(a, { name: 'A', subjects: ['a'] });
    assert.deepEqual(diffConfigs(orders, LIVE), []);
    const info = JSON.stringify({ config: { name: 'ORDERS', subjects: ['orders.>'], num_replicas: 1 }, state: { messages: 3 } }, null, 2);
    const updated = updateStreamText(info, 0, LIVE).text;
    assert.deepEqual(diffConfigs(streamsOf(updated)[0], LIVE), []);
    assert.deepEqual(JSON.parse(updated).state, { messages: 3 }, 'the rest of the document stays');
  });

  it('returns the text unchanged when the file matches, and refuses a stream that is not there', () => {
    const text = '{ "name": "ORDERS", "subjects": ["orders.>"], "num_replicas": 3, "max_age": 604800000000000 }';
    assert.deepEqual(updateStreamText(text, 0, LIVE), { text, changes: [] });
    assert.throws(() => updateStreamText(text, 1, LIVE), RangeError);
    assert.throws(() => updateStreamText('{ "name": "X" "subjects": [] }', 0, LIVE), RangeError);
  });

  it('any file, updated, differs in nothing from the live config and still parses (property)', () => {
    const limit = fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 1, max: 1e9 }));
    const configArb = fc.record(
      {
        description: fc.constantFrom('', 'x'),
        subjects: fc.array(fc.constantFrom('orders.>', 'o.*'), { maxLength: 2 }),
        max_msgs: limit,
        max_bytes: limit,
        max_age: fc.constantFrom(0, 60e9, 3600e9),
        num_replicas: fc.constantFrom(1, 3),
        placement: fc.record({ cluster: fc.constantFrom('', 'east'), tags: fc.array(fc.constantFrom('ssd', 'az1'), { maxLength: 2 }) }, { requiredKeys: [] }),
        metadata: fc.dictionary(fc.constantFrom('owner', 'team'), fc.string({ maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(configArb, configArb, fc.constantFrom(0, 2, 4), fc.boolean(), (file, live, indent, inArray) => {
        const one = { name: 'ORDERS', ...file };
        const text = JSON.stringify(inArray ? [{ name: 'OTHER' }, one] : one, null, indent);
        const index = inArray ? 1 : 0;
        const liveConfig = { ...LIVE, ...live };
        const out = updateStreamText(text, index, liveConfig).text;
        assert.deepEqual(diffConfigs(streamsOf(out)[index], liveConfig), [], out);
      }),
      { numRuns: 300 },
    );
  });
});
