/**
 * Expiry given by a person, in exactly one of three forms (anything else is refused):
 *
 * - a duration from now: whole numbers with units s, m (minutes), h, d, w, y (365 days), one or
 *   more combined (`90m`, `12h`, `30d`, `2w`, `1y`, `1d12h`); `M` is refused (nsc reads it as
 *   months, this parser would read minutes);
 * - a date `YYYY-MM-DD`, a real calendar date, meaning 00:00 UTC at the start of that day (as nsc
 *   reads `--expiry 2030-01-31`): the credentials stop working when that day begins in UTC;
 * - an RFC 3339 date-time with an explicit zone: `2030-01-31T12:00:00Z`,
 *   `2030-01-31T12:00:00.5+02:00` (seconds required, `T` or a space between date and time).
 *
 * The moment must lie in the future and no later than 9999-12-31T23:59:59Z.
 */
import { TrustError } from './problems';
import { quoted } from './quote';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** The latest expiry accepted: the last second a four-digit year (RFC 3339) can write. */
export const LATEST_EXPIRY = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

/** The accepted forms, for messages and help texts. */
export const EXPIRY_FORMS =
  'a duration such as 90m, 12h, 30d, 2w, 1y (or combined, 1d12h), a date such as 2030-01-31 (00:00 UTC that day), ' +
  'or a date-time with a zone such as 2030-01-31T12:00:00Z or 2030-01-31T12:00:00+02:00';

const DURATION = /^(?:\d+[smhdwySHDWY])+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function invalid(message: string): TrustError {
  return new TrustError('invalid-argument', message);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch of a calendar date and time in UTC, checking every field's range. */
function utcMillis(text: string, y: string, mo: string, d: string, h = '00', mi = '00', s = '00'): number {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) throw invalid(`${quoted(text)} is not a valid date: month ${mo} does not exist`);
  if (day < 1 || day > daysIn(year, month)) throw invalid(`${quoted(text)} is not a valid date: ${y}-${mo} has no day ${d}`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw invalid(`${quoted(text)} is not a valid time: use 00:00:00 to 23:59:59`);
  const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s));
  // Date.UTC maps years 0-99 to 1900-1999; such dates are long past anyway.
  return year < 100 ? Number.NEGATIVE_INFINITY : ms;
}

function parseDuration(t: string, now: Date): number {
  let ms = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([a-zA-Z])/g)) ms += Number(n) * UNIT_MS[unit.toLowerCase()];
  if (ms <= 0) throw invalid(`the expiry ${quoted(t)} must be longer than zero`);
  return now.getTime() + ms;
}

/**
 * Milliseconds since the epoch of a date (00:00 UTC) or an RFC 3339 date-time with a zone, or
 * undefined when `t` has neither form; a TrustError for an impossible date or a missing zone.
 */
function moment(t: string): number | undefined {
  let m: RegExpExecArray | null;
  if ((m = DATE.exec(t))) return utcMillis(t, m[1], m[2], m[3]);
  if ((m = DATE_TIME.exec(t))) {
    const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
    let ms = utcMillis(t, y, mo, d, h, mi, s) + (frac ? Math.floor(Number(frac) * 1000) : 0);
    if (!z) {
      if (Number(oh) > 23 || Number(om) > 59) throw invalid(`${quoted(t)} has an invalid zone offset ${sign}${oh}:${om}`);
      ms -= (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000;
    }
    return ms;
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) {
    throw invalid(`${quoted(t)} has no zone: add Z for UTC or an offset such as +02:00 (seconds are required: 2030-01-31T12:00:00Z)`);
  }
  return undefined;
}

/**
 * A moment given by a person for `user revoke --before`: `now`, a date (00:00 UTC) or an RFC 3339
 * date-time with a zone (revokeUsers refuses one in the future). A duration is refused: it counts forward.
 */
export function parsePastTime(text: string, now: Date = new Date()): Date {
  const t = typeof text === 'string' ? text.trim() : '';
  if (t === 'now') return now;
  const ms = moment(t);
  if (ms === undefined) {
    const why = DURATION.test(t) ? ' (a duration would count forward from now)' : '';
    throw invalid(`${quoted(t)} is not a time${why}: use now, a date such as 2024-01-31 (00:00 UTC that day) or a date-time with a zone such as 2024-01-31T12:00:00Z`);
  }
  if (!(ms >= 1000)) throw invalid(`${quoted(t)} is before 1970: no JWT was issued then`);
  return new Date(ms);
}

/** The moment an expiry text designates, relative to `now`; a TrustError explains what is accepted. Total. */
export function parseExpiry(text: string, now: Date = new Date()): Date {
  const t = typeof text === 'string' ? text.trim() : '';
  let ms: number | undefined;
  if (DURATION.test(t)) {
    ms = parseDuration(t, now);
  } else if ((ms = moment(t)) !== undefined) {
    /* a date or date-time */
  } else if (/^(?:\d+[smhdwyMSHDWY])+$/.test(t)) {
    throw invalid(`${quoted(t)} is not an expiry: 'M' is ambiguous (m is minutes here, months in nsc); use m for minutes or d for days (e.g. 60d)`);
  } else {
    throw invalid(`${quoted(t)} is not an expiry: use ${EXPIRY_FORMS}`);
  }
  if (!(ms > now.getTime())) {
    const when = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : t;
    throw invalid(`the expiry ${when} is already past`);
  }
  if (!(ms <= LATEST_EXPIRY.getTime())) throw invalid(`the expiry ${quoted(t)} is too far in the future: the latest accepted is ${LATEST_EXPIRY.toISOString()}`);
  return new Date(ms);
}
