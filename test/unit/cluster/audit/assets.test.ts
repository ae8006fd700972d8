import * as assert from 'node:assert/strict';
import { streamAsset } from '../../../../src/core/cluster/audit/assets';

describe('audit: which asset a stream is', () => {
  it('a bucket or store by its name and subjects; a plain stream otherwise', () => {
    assert.deepEqual(streamAsset({ name: 'KV_orders', subjects: ['$KV.orders.>'] }), { kind: 'kv', name: 'orders', noun: 'key-value bucket' });
    assert.deepEqual(streamAsset({ name: 'OBJ_files', subjects: ['$O.files.C.>', '$O.files.M.>'] }), { kind: 'objectstore', name: 'files', noun: 'object store' });
    assert.equal(streamAsset({ name: 'KV_orders', subjects: ['orders.>'] }).kind, 'stream', 'a KV_ name with other subjects is a stream');
    assert.equal(streamAsset({ name: 'KV_', subjects: ['$KV..>'] }).kind, 'stream');
  });

  it('by the name alone when the subjects are not known (a stream listed but not described while its server is down)', () => {
    assert.deepEqual(streamAsset({ name: 'KV_one' }), { kind: 'kv', name: 'one', noun: 'key-value bucket' });
    assert.deepEqual(streamAsset({ name: 'OBJ_files' }), { kind: 'objectstore', name: 'files', noun: 'object store' });
    assert.equal(streamAsset({ name: 'ONE' }).kind, 'stream');
  });
});
