/**
 * Expiry given by a person: a duration from now (`90m`, `12h`, `30d`, `2w`, `1y`, or combined
 * like `1d12h`) or a date (`2026-01-31`, `2026-01-31T12:00:00Z`).
 */
import { TrustError } from './problems';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** The moment an expiry text designates, relative to `now`; a TrustError explains what is accepted. */
export function parseExpiry(text: string, now: Date = new Date()): Date {
  const t = typeof text === 'string' ? text.trim() : '';
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const d = new Date(t);
    if (Number.isNaN(d.getTime())) throw new TrustError('invalid-argument', `'${t}' is not a valid date`);
    if (d.getTime() <= now.getTime()) throw new TrustError('invalid-argument', `the expiry ${d.toISOString()} is already past`);
    return d;
  }
  if (!/^(\d+[smhdwy])+$/i.test(t)) {
    throw new TrustError('invalid-argument', `'${t}' is not an expiry: use a duration such as 90m, 12h, 30d, 2w, 1y (or 1d12h), or a date such as 2030-01-31`);
  }
  let ms = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([smhdwy])/gi)) ms += Number(n) * UNIT_MS[unit.toLowerCase()];
  if (ms <= 0) throw new TrustError('invalid-argument', `the expiry '${t}' must be longer than zero`);
  return new Date(now.getTime() + ms);
}
