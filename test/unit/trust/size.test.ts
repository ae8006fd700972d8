import * as assert from 'node:assert/strict';
import { TrustError } from '../../../src/core/trust';
import { parseSize } from '../../../src/core/trust/size';

describe('trust: parseSize', () => {
  it('reads plain bytes, binary and decimal units', () => {
    assert.equal(parseSize('1024'), 1024);
    assert.equal(parseSize('512M'), 512 * 1024 ** 2);
    assert.equal(parseSize('1g'), 1024 ** 3);
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('100MB'), 100 * 1000 ** 2);
    assert.equal(parseSize(' 2 T '), 2 * 1024 ** 4);
    assert.equal(parseSize('10B'), 10);
  });

  it('reads unlimited', () => {
    assert.equal(parseSize('-1'), -1);
    assert.equal(parseSize('Unlimited'), -1);
  });

  it('refuses what is not a size, naming it', () => {
    for (const bad of ['', 'abc', '1X', '-5', '1..2G', '1 G B']) {
      assert.throws(
        () => parseSize(bad, 'the file storage'),
        (e: Error) => e instanceof TrustError && e.code === 'invalid-argument' && e.message.startsWith('the file storage'),
        bad,
      );
    }
  });
});
