import * as assert from 'node:assert/strict';
import { expiryText, plural, relativeTime, timeSpan } from '../../src/core/plural';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('plural and relative times', () => {
  it('counts a noun in the singular for 1 and in the plural otherwise', () => {
    assert.equal(plural(1, 'account'), '1 account');
    assert.equal(plural(2, 'account'), '2 accounts');
    assert.equal(plural(0, 'day'), '0 days');
    assert.equal(plural(1, 'reply', 'replies'), '1 reply');
    assert.equal(plural(3, 'reply', 'replies'), '3 replies');
  });

  it('rounds a span to the nearest hour under a day and to the nearest day above', () => {
    assert.equal(timeSpan(90 * DAY - 60_000), '90 days');
    assert.equal(timeSpan(89 * DAY + 13 * HOUR), '90 days');
    assert.equal(timeSpan(89 * DAY + 11 * HOUR), '89 days');
    assert.equal(timeSpan(23 * HOUR + 40 * 60_000), '1 day');
    assert.equal(timeSpan(5 * HOUR), '5 hours');
    assert.equal(timeSpan(1 * HOUR), '1 hour');
    assert.equal(timeSpan(60_000), '1 hour');
    assert.equal(timeSpan(-3 * DAY), '3 days');
  });

  it('gives the same words for a JWT created for 90 days, moments later, in every place', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const expires = new Date(now.getTime() + 90 * DAY - 5_000);
    assert.equal(relativeTime(expires, now), 'in 90 days');
    assert.equal(expiryText(expires, now), 'expires in 90 days');
    assert.equal(expiryText(new Date(now.getTime() - DAY - HOUR), now), 'expired 1 day ago');
    assert.equal(relativeTime(new Date(now.getTime() - 2 * HOUR), now), '2 hours ago');
  });
});
