import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LATEST_EXPIRY, parseExpiry, TrustError } from '../../../src/core/trust';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const DAY = 86_400_000;

describe('trust: expiry parsing', () => {
  it('accepts a duration, a real calendar date (00:00 UTC) or an RFC 3339 date-time with a zone', () => {
    const good: [string, string][] = [
      ['90m', new Date(NOW.getTime() + 90 * 60_000).toISOString()],
      ['1d12h', new Date(NOW.getTime() + 1.5 * DAY).toISOString()],
      ['2W', new Date(NOW.getTime() + 14 * DAY).toISOString()],
      ['1y', new Date(NOW.getTime() + 365 * DAY).toISOString()],
      ['  30d  ', new Date(NOW.getTime() + 30 * DAY).toISOString()],
      ['2030-02-28', '2030-02-28T00:00:00.000Z'],
      ['2028-02-29', '2028-02-29T00:00:00.000Z'],
      ['2030-12-31', '2030-12-31T00:00:00.000Z'],
      ['2030-01-31T12:00:00Z', '2030-01-31T12:00:00.000Z'],
      ['2030-01-31t12:00:00z', '2030-01-31T12:00:00.000Z'],
      ['2030-01-31 12:00:00Z', '2030-01-31T12:00:00.000Z'],
      ['2030-01-31T12:00:00+02:00', '2030-01-31T10:00:00.000Z'],
      ['2030-01-31T12:00:00-01:30', '2030-01-31T13:30:00.000Z'],
      ['2030-01-31T12:00:00.123456Z', '2030-01-31T12:00:00.123Z'],
      ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
    ];
    for (const [text, iso] of good) assert.equal(parseExpiry(text, NOW).toISOString(), iso, text);
  });

  it('refuses everything else with a message that names the text and the accepted forms', () => {
    const bad: [string, RegExp][] = [
      ['2030-02-30', /'2030-02-30' is not a valid date: 2030-02 has no day 30/],
      ['2027-02-29', /2027-02 has no day 29/],
      ['2030-04-31', /has no day 31/],
      ['2030-13-01', /month 13 does not exist/],
      ['2030-00-10', /month 00 does not exist/],
      ['2030-01-00', /has no day 00/],
      ['2030-01-31 dec', /'2030-01-31 dec' is not an expiry: use a duration such as 90m.*a date such as 2030-01-31.*2030-01-31T12:00:00Z/],
      ['2030-01-31junk', /'2030-01-31junk' is not an expiry/],
      ['2030-1-31', /is not an expiry/],
      ['30-01-31', /is not an expiry/],
      ['20300131', /is not an expiry/],
      ['2030-01-31T12:00:00', /has no zone: add Z for UTC or an offset/],
      ['2030-01-31T12:00', /has no zone/],
      ['2030-01-31T24:00:00Z', /is not a valid time/],
      ['2030-01-31T12:60:00Z', /is not a valid time/],
      ['2030-06-30T23:59:60Z', /is not a valid time/],
      ['2030-01-31T12:00:00+24:00', /invalid zone offset \+24:00/],
      ['2030-01-31T12:00:00+0200', /is not an expiry/],
      ['Jan 31 2030', /is not an expiry/],
      ['1767225600', /is not an expiry/],
      ['2M', /'M' is ambiguous/],
      ['1d2M', /'M' is ambiguous/],
      ['1.5d', /is not an expiry/],
      ['-1d', /is not an expiry/],
      ['d', /is not an expiry/],
      ['', /'' is not an expiry/],
      ['0s', /must be longer than zero/],
      ['0d0h', /must be longer than zero/],
      ['2026-06-15', /the expiry 2026-06-15T00:00:00.000Z is already past/],
      ['2026-06-15T10:00:00Z', /already past/],
      ['0001-01-01', /already past/],
      ['99999y', /'99999y' is too far in the future: the latest accepted is 9999-12-31T23:59:59.000Z/],
      ['9'.repeat(400) + 's', /too far in the future/],
      ['9999-12-31T23:59:59-00:01', /too far in the future/],
      ['1d\n2030', /'1d\\n2030' is not an expiry/],
    ];
    for (const [text, expected] of bad) {
      assert.throws(
        () => parseExpiry(text, NOW),
        (e: unknown) => e instanceof TrustError && e.code === 'invalid-argument' && expected.test(e.message),
        `${JSON.stringify(text)} should be refused with ${expected}`,
      );
    }
  });

  it('whatever it accepts is a finite Date in the future, no later than 9999-12-31T23:59:59Z (property)', () => {
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    const dateText = fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    const timeText = fc
      .tuple(dateText, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('Z', '+02:00', '-11:30', '+23:59', '-24:00', ''))
      .map(([d, h, m, s, z]) => `${d}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${z}`);
    const duration = fc.array(fc.tuple(fc.nat(), fc.constantFrom('s', 'm', 'h', 'd', 'w', 'y', 'M', 'D', 'x')), { minLength: 1, maxLength: 3 }).map((parts) => parts.map(([n, u]) => `${n}${u}`).join(''));
    const text = fc.oneof(dateText, timeText, duration, fc.string(), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 4_000_000_000_000 }), (t, nowMs) => {
        const now = new Date(nowMs);
        let d: Date;
        try {
          d = parseExpiry(t, now);
        } catch (e) {
          assert.ok(e instanceof TrustError, `${JSON.stringify(t)} threw ${String(e)}`);
          assert.ok(e.message.length < 400, 'messages stay short');
          return;
        }
        assert.ok(d instanceof Date && Number.isFinite(d.getTime()), JSON.stringify(t));
        assert.ok(d.getTime() > now.getTime(), `${JSON.stringify(t)} is in the future`);
        assert.ok(d.getTime() <= LATEST_EXPIRY.getTime());
        // A calendar date is taken exactly as written: the Date's UTC fields give the text back.
        if (/^\d{4}-\d{2}-\d{2}$/.test(t.trim())) assert.equal(d.toISOString().slice(0, 10), t.trim());
      }),
      { numRuns: 5000 },
    );
  });

  it('a non-string throws a TrustError too', () => {
    for (const v of [undefined, null, 42, {}, []]) assert.throws(() => parseExpiry(v as unknown as string, NOW), TrustError);
  });
});
