import * as assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDuration } from '../../../src/core/streams';

describe('human-readable values', () => {
  it('formats nanosecond durations', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [7, '7ns'],
      [60, '60ns'],
      [1_500, '1.5µs'],
      [100_000_000, '100ms'],
      [1_500_000_000, '1.5s'],
      [120e9, '2m'],
      [5_400e9, '1h30m'],
      [86_400e9, '1d'],
      [30 * 86_400e9, '30d'],
      [90_061e9, '1d1h1m1s'],
      [61.25e9, '1m1.25s'],
      [-60e9, '-1m'],
    ];
    for (const [ns, text] of cases) assert.equal(formatDuration(ns), text, String(ns));
  });

  it('formats sizes and counts', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(512), '512 bytes');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1_572_864), '1.5 MiB');
    assert.equal(formatBytes(1_073_741_824), '1 GiB');
    assert.equal(formatCount(1_000_000), '1,000,000');
  });
});
