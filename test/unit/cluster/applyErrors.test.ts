import * as assert from 'node:assert/strict';
import { ClusterError, fieldForApiError, toApplyError } from '../../../src/core/cluster';

// Error bodies exactly as nats-server 2.9.10 sent them (the server tests check some live).
const cases: [number, string, string | undefined, Record<string, unknown>?][] = [
  [10052, 'maximum replicas is 5', 'num_replicas'],
  [10074, 'replicas > 1 not supported in non-clustered mode', 'num_replicas'],
  [10133, 'replicas count cannot be negative', 'num_replicas'],
  [10005, 'no suitable peers for placement', 'num_replicas'],
  [10005, 'no suitable peers for placement', 'placement', { placement: { tags: ['gpu'] } }],
  [10034, 'stream mirrors can not contain subjects', 'subjects'],
  [10031, 'stream mirrors can not also contain other sources', 'sources'],
  [10065, 'subjects overlap with an existing stream', 'subjects'],
  [10052, 'max age needs to be >= 100ms', 'max_age'],
  [10052, 'duplicates window can not be larger then max age', 'duplicate_window'],
  [10052, 'roll-ups require the purge permission', 'allow_rollup_hdrs'],
  [10052, 'stream configuration update can not change storage type', 'storage'],
  [10052, 'stream configuration update can not change retention policy', 'retention'],
  [10052, 'stream configuration update can not change MaxConsumers', 'max_consumers'],
  [10055, 'stream mirror configuration can not be updated', 'mirror'],
  [10058, 'stream name already in use with a different configuration', 'name'],
  [10056, 'stream name in subject does not match request', 'name'],
  [10027, 'maximum number of streams reached', undefined],
  [10052, 'something new and unexplained', undefined],
];

describe('cluster: apply errors point at the config field', () => {
  for (const [errCode, description, field, config] of cases) {
    it(`${errCode} "${description}" → ${field ?? 'no field (mark the name)'}`, () => {
      assert.equal(fieldForApiError({ code: 400, errCode, description }, config ?? {}), field);
    });
  }

  it('turns a JetStream refusal into a structured error with code, description and field', () => {
    const refusal = new ClusterError({ kind: 'jetstream', message: 'x', api: { code: 500, errCode: 10074, description: 'replicas > 1 not supported in non-clustered mode' } });
    const e = toApplyError(refusal, { name: 'S', num_replicas: 3 }, 'applying');
    assert.equal(e.kind, 'refused');
    assert.equal(e.errCode, 10074);
    assert.equal(e.code, 500);
    assert.equal(e.field, 'num_replicas');
    assert.match(e.message, /replicas > 1 not supported in non-clustered mode \(JetStream error 10074\)/);
  });

  it('calls a timeout or an unavailable JetStream "unavailable", not a refusal', () => {
    const timeout = new ClusterError({ kind: 'timeout', message: 'No answer' });
    assert.equal(toApplyError(timeout, { name: 'S' }, 'applying').kind, 'unavailable');
    const meta = new ClusterError({ kind: 'jetstream', message: 'm', api: { code: 503, errCode: 10008, description: 'JetStream system temporarily unavailable' } });
    assert.equal(toApplyError(meta, { name: 'S' }, 'applying').kind, 'unavailable');
  });
});
