import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanConfig, configOf, configText, diffConfigs, effectiveValue, formatChanges, formatDuration } from '../../../src/core/cluster';

// What nats-server 2.9.10 returned for `{"name":"A"}` (see the server tests for the live check).
const LIVE_MINIMAL = {
  name: 'A',
  subjects: ['A'],
  retention: 'limits',
  max_consumers: -1,
  max_msgs: -1,
  max_bytes: -1,
  max_age: 0,
  max_msgs_per_subject: -1,
  max_msg_size: -1,
  discard: 'old',
  storage: 'file',
  num_replicas: 1,
  duplicate_window: 120000000000,
  allow_direct: false,
  mirror_direct: false,
  sealed: false,
  deny_delete: false,
  deny_purge: false,
  allow_rollup_hdrs: false,
};

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
    assert.equal(formatDuration(90061e9 + 5e6), '1d1h1m1s5ms');
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
});
