import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { cleanConfig, configOf, configText, diffConfigs, diffDocuments, effectiveValue, formatChanges, formatDuration } from '../../../src/core/cluster';
import { LIVE_MINIMAL } from './liveConfigs';

/** Position of a field in the server's order (enough of it for these tests). */
const order = (key: string): number => ['name', 'description', 'subjects', 'retention', 'max_consumers', 'max_msgs', 'max_bytes', 'max_age', 'max_msgs_per_subject', 'max_msg_size', 'discard', 'storage', 'num_replicas'].indexOf(key);

describe('cluster: stream config diff and clean text', () => {
  it('ignores every default the server fills in', () => {
    assert.deepEqual(diffConfigs(LIVE_MINIMAL, { name: 'A' }), []);
    assert.deepEqual(diffConfigs(LIVE_MINIMAL, { name: 'A', max_msgs: 0, num_replicas: 0, description: '', sources: [], placement: {} }), []);
  });

  it('knows the defaults that depend on other fields', () => {
    assert.equal(effectiveValue({ name: 'X', max_age: 60e9 }, 'duplicate_window'), 60e9);
    assert.equal(effectiveValue({ name: 'X', max_age: 3600e9 }, 'duplicate_window'), 120e9);
    assert.equal(effectiveValue({ name: 'M', mirror: { name: 'A' } }, 'subjects'), undefined, 'a mirror has no subjects');
    assert.equal(effectiveValue({ name: 'M', mirror: { name: 'A' } }, 'duplicate_window'), 0);
    assert.deepEqual(effectiveValue({ name: 'X' }, 'subjects'), ['X']);
    assert.equal(effectiveValue({ name: 'X', sealed: true }, 'discard'), 'new');
  });

  it('reports field-level changes with paths and readable values', () => {
    const changes = diffConfigs(
      { ...LIVE_MINIMAL, placement: { cluster: 'east', tags: ['ssd'] }, metadata: { '_nats.ver': '2.11', owner: 'a' } },
      { name: 'A', subjects: ['orders.>'], num_replicas: 3, max_age: 86400e9, placement: { cluster: 'east', tags: ['ssd', 'az1'] }, metadata: { owner: 'b' } },
    );
    assert.deepEqual(
      changes.map((c) => [c.field, c.path]),
      [
        ['subjects', 'subjects'],
        ['max_age', 'max_age'],
        ['num_replicas', 'num_replicas'],
        ['placement', 'placement.tags'],
        ['metadata', 'metadata.owner'],
      ],
    );
    const text = formatChanges(changes);
    assert.match(text, /^subjects: \["A"\] → \["orders\.>"\]$/m);
    assert.match(text, /^max_age: 0 \(unlimited\) → 1d \(86400000000000 ns\)$/m);
    assert.match(text, /^num_replicas: 1 → 3$/m);
    assert.match(text, /^placement\.tags: \["ssd"\] → \["ssd","az1"\]$/m);
    assert.equal(formatChanges([]), 'no changes');
  });

  it('compares unknown fields only when the file names them', () => {
    assert.deepEqual(diffConfigs({ ...LIVE_MINIMAL, future_field: 7 }, { name: 'A' }), []);
    assert.equal(diffConfigs({ ...LIVE_MINIMAL, future_field: 7 }, { name: 'A', future_field: 8 })[0].text, 'future_field: 7 → 8');
  });

  it('writes config fields only, in the server order, without empty values or server metadata', () => {
    const doc = { state: { messages: 1 }, metadata: { '_nats.level': '1' }, num_replicas: 3, name: 'A', subjects: ['a.>'], description: '', zzz: 1, aaa: 2 };
    assert.deepEqual(Object.keys(cleanConfig(doc)), ['name', 'subjects', 'num_replicas', 'aaa', 'state', 'zzz']);
    const text = configText(LIVE_MINIMAL, { omitDefaults: true });
    assert.equal(text, '{\n  "name": "A"\n}\n');
    assert.deepEqual(configOf({ config: { name: 'X' }, state: {} }), { name: 'X' });
    assert.equal(configOf([1]), undefined);
  });

  it('formats durations', () => {
    assert.equal(formatDuration(120e9), '2m');
    assert.equal(formatDuration(90061e9 + 5e6), '1d1h1m1.005s');
    assert.equal(formatDuration(150), '150ns');
  });

  it('round-trips: the pulled text, parsed again, differs in nothing from the live config (property)', () => {
    const limit = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 1e9 }));
    const liveArb = fc.record(
      {
        subjects: fc.array(fc.stringMatching(/^[a-z]{1,5}(\.[a-z>*]{1,3})?$/), { maxLength: 3 }),
        retention: fc.constantFrom('limits', 'interest', 'workqueue'),
        max_msgs: limit,
        max_bytes: limit,
        max_age: fc.oneof(fc.constant(0), fc.integer({ min: 100e6, max: 1e15 })),
        discard: fc.constantFrom('old', 'new'),
        storage: fc.constantFrom('file', 'memory'),
        num_replicas: fc.integer({ min: 1, max: 5 }),
        duplicate_window: fc.integer({ min: 0, max: 1e12 }),
        placement: fc.record({ cluster: fc.constantFrom('', 'east'), tags: fc.array(fc.constantFrom('ssd', 'az1'), { maxLength: 2 }) }),
        sealed: fc.boolean(),
        metadata: fc.dictionary(fc.constantFrom('owner', '_nats.ver'), fc.string({ maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(liveArb, fc.boolean(), (partial, omitDefaults) => {
        const live = { ...LIVE_MINIMAL, ...partial };
        const pulled = JSON.parse(configText(live, { omitDefaults })) as Record<string, unknown>;
        assert.deepEqual(diffConfigs(live, pulled), []);
        assert.equal(configText(pulled, { omitDefaults }), configText(live, { omitDefaults }), 'pulling is stable');
      }),
      { numRuns: 500 },
    );
  });

  describe('the two documents of the diff shown before applying', () => {
    const parse = (text: string): Record<string, unknown> => parseJsonc(text) as Record<string, unknown>;
    /** The top-level fields whose values differ between the two documents (a field on one side only counts). */
    const differing = (docs: { live: string; desired: string }): string[] => {
      const [left, right] = [parse(docs.live), parse(docs.desired)];
      return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((k) => JSON.stringify(left[k]) !== JSON.stringify(right[k]));
    };
    const ORDERS_FILE = {
      name: 'A',
      description: 'Every order',
      subjects: ['A'],
      retention: 'limits',
      storage: 'file',
      num_replicas: 1,
      max_age: 2592000000000000,
      max_bytes: 10737418240,
      discard: 'old',
    };

    it('leaves out the defaults the server filled in, and shows exactly the changes', () => {
      const docs = diffDocuments(LIVE_MINIMAL, ORDERS_FILE);
      const left = parse(docs.live);
      for (const key of ['max_consumers', 'max_msgs', 'max_msg_size', 'max_msgs_per_subject', 'allow_direct', 'sealed', 'deny_delete', 'duplicate_window']) {
        assert.ok(!(key in left), `${key} is a server default the file leaves alone: not shown`);
      }
      const changes = diffConfigs(LIVE_MINIMAL, ORDERS_FILE);
      assert.deepEqual(changes.map((c) => c.field), ['description', 'max_bytes', 'max_age']);
      assert.deepEqual(differing(docs).sort(), changes.map((c) => c.field).sort());
      assert.deepEqual(Object.keys(parse(docs.desired)), Object.keys(ORDERS_FILE).sort((a, b) => order(a) - order(b)));
      assert.match(docs.desired, /"max_age": 2592000000000000, \/\/ 30d\n/);
    });

    it('shows a change the file makes by leaving a field out, marked as the server default', () => {
      const live = { ...LIVE_MINIMAL, max_msgs: 100, duplicate_window: 60e9 };
      const docs = diffDocuments(live, { name: 'A' });
      assert.deepEqual(differing(docs), ['max_msgs', 'duplicate_window']);
      assert.equal(docs.live, '{\n  "name": "A",\n  "max_msgs": 100,\n  "duplicate_window": 60000000000 // 1m\n}\n');
      assert.equal(docs.desired, '{\n  "name": "A",\n  "max_msgs": -1, // server default\n  "duplicate_window": 120000000000 // 2m, server default\n}\n');
    });

    it('compares a new stream with the server defaults, and writes nested values over several lines', () => {
      const docs = diffDocuments(undefined, { name: 'N', num_replicas: 1, placement: { cluster: 'sandbox', tags: ['ssd'] }, retention: 'limits' });
      assert.deepEqual(differing(docs), ['placement']);
      assert.deepEqual(parse(docs.live), { name: 'N', retention: 'limits', num_replicas: 1 });
      assert.deepEqual(parse(docs.desired).placement, { cluster: 'sandbox', tags: ['ssd'] });
      assert.match(docs.desired, /"placement": \{\n {4}"cluster": "sandbox",\n {4}"tags": \[\n {6}"ssd"\n {4}\]\n {2}\}\n\}\n$/);
    });

    it('differs exactly in the fields diffConfigs reports (property)', () => {
      const limit = fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 1, max: 1e9 }));
      const configArb = fc.record(
        {
          description: fc.constantFrom('', 'x'),
          subjects: fc.array(fc.constantFrom('A', 'a.>', 'b.*'), { maxLength: 2 }),
          max_msgs: limit,
          max_bytes: limit,
          max_age: fc.constantFrom(0, 60e9, 3600e9),
          duplicate_window: fc.constantFrom(0, 60e9, 120e9),
          num_replicas: fc.constantFrom(0, 1, 3),
          placement: fc.record({ cluster: fc.constantFrom('', 'east'), tags: fc.array(fc.constantFrom('ssd', 'az1'), { maxLength: 2 }) }, { requiredKeys: [] }),
          sealed: fc.boolean(),
          metadata: fc.dictionary(fc.constantFrom('owner', '_nats.ver'), fc.string({ maxLength: 3 })),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.option(configArb, { nil: undefined }), configArb, (livePart, file) => {
          const live = livePart && { ...LIVE_MINIMAL, ...livePart };
          const desired = { name: 'A', ...file };
          const docs = diffDocuments(live, desired);
          const fields = [...new Set(diffConfigs(live ?? { name: 'A' }, desired).map((c) => c.field))];
          assert.deepEqual(differing(docs).sort(), fields.sort());
        }),
        { numRuns: 500 },
      );
    });
  });
});
