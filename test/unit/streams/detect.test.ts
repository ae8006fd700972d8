import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeStreamConfig } from '../../../src/core/streams';

const ROOT = path.resolve(__dirname, '../../../..');

describe('stream config detection', () => {
  it('recognises configs, info documents, arrays and JSONC', () => {
    assert.ok(looksLikeStreamConfig('{"name": "ORDERS", "subjects": ["orders.>"]}'));
    assert.ok(looksLikeStreamConfig('{"name":"M","mirror":{"name":"O"}}'));
    assert.ok(looksLikeStreamConfig('{"config": {"name": "S", "num_replicas": 3}, "state": {}}'));
    assert.ok(looksLikeStreamConfig('[\n {"name": "A", "storage": "file"}\n]'));
    assert.ok(looksLikeStreamConfig('{"Name": "ORDERS", "SUBJECTS": ["orders.>"]}'), 'keys in any case, as the server reads them');
    assert.ok(looksLikeStreamConfig('{"subjects": ["a"], "storage": "file", "num_replicas": 3}'), 'several stream fields without a name');
    assert.ok(looksLikeStreamConfig('{"subjects": ["a"], "storage": "file", "STORAGE": "file", "max_age": 0}'));
    assert.ok(looksLikeStreamConfig('\uFEFF// streams\n/* block */ {"name": "A", "retention": "limits"}'));
    for (const file of fs.readdirSync(path.join(ROOT, 'example', 'streams'))) {
      assert.ok(looksLikeStreamConfig(fs.readFileSync(path.join(ROOT, 'example', 'streams', file), 'utf8')), file);
    }
  });

  it('leaves other JSON alone', () => {
    for (const file of ['package.json', 'tsconfig.json', 'package-lock.json', 'test/unit/.mocharc.json']) {
      assert.equal(looksLikeStreamConfig(fs.readFileSync(path.join(ROOT, file), 'utf8')), false, file);
    }
    assert.equal(looksLikeStreamConfig('{"name": "x", "version": "1.0.0"}'), false);
    assert.equal(looksLikeStreamConfig('"subjects"'), false);
    assert.equal(looksLikeStreamConfig(''), false);
    assert.equal(looksLikeStreamConfig('{"subjects": ["a"]}'), false);
    assert.equal(looksLikeStreamConfig('{"storage": "s3", "Storage": "gcs"}'), false, 'one field twice is not several');
    assert.equal(looksLikeStreamConfig('{"subjects": ["a"], "storage": "file"}'), false, 'two fields without a name are not enough');
  });
});
