import * as assert from 'node:assert/strict';
import { DEFAULT_FILE_PATTERNS, GlobSet } from '../../../src/editor/filePatterns';

describe('stream config file patterns', () => {
  const defaults = new GlobSet(DEFAULT_FILE_PATTERNS);

  it('match the default stream config names at any depth, absolute or relative', () => {
    for (const path of [
      '/work/app/orders.stream.json',
      '/work/app/deploy/cache.stream.jsonc',
      'orders.stream.json',
      '/work/app/streams/orders.json',
      '/work/app/nats/streams/prod/east/orders.json',
      'streams/orders.json',
      'C:\\work\\app\\streams\\orders.json',
    ]) {
      assert.ok(defaults.matches(path), path);
    }
  });

  it('leave other JSON files alone', () => {
    for (const path of ['/work/app/package.json', '/work/app/tsconfig.json', '/work/app/orders.stream.json.bak', '/work/app/mystreams/orders.json', '/work/app/streams/orders.yaml', '/work/app/x.streamjson']) {
      assert.ok(!defaults.matches(path), path);
    }
  });

  it('match patterns without ** against the workspace-relative path', () => {
    const set = new GlobSet(['config/*.json']);
    assert.ok(set.matches('/work/app/config/a.json', 'config/a.json'));
    assert.ok(!set.matches('/work/app/config/a.json'), 'not against the absolute path');
    assert.ok(!set.matches('/work/app/config/deep/a.json', 'config/deep/a.json'), '* stays within one folder');
  });

  it('understand ?, {a,b}, [abc], [!abc] and escape regular expression characters', () => {
    const set = new GlobSet(['**/s?.{json,jsonc}', '**/r[0-9].json', '**/x[!a].json', '**/a+b(1).json']);
    assert.ok(set.matches('/p/s1.json'));
    assert.ok(set.matches('/p/s1.jsonc'));
    assert.ok(!set.matches('/p/s12.json'));
    assert.ok(set.matches('/p/r5.json'));
    assert.ok(!set.matches('/p/ra.json'));
    assert.ok(set.matches('/p/xb.json'));
    assert.ok(!set.matches('/p/xa.json'));
    assert.ok(set.matches('/p/a+b(1).json'));
    assert.ok(!set.matches('/p/aab(1).json'));
  });

  it('ignore empty patterns and match nothing without patterns', () => {
    assert.ok(!new GlobSet([]).matches('/a.json'));
    assert.ok(!new GlobSet(['', '  ']).matches('/a.json'));
  });
});
