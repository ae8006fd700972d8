/** Counted nouns and relative times, worded the same way everywhere. */

/** `1 account`, `2 accounts`; give the plural of an irregular noun: `plural(n, 'reply', 'replies')`. */
export function plural(n: number, word: string, pluralForm = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralForm}`;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A time span in whole hours (under a day, at least 1 hour) or whole days, rounded to the
 * nearest: 89 days 23 hours 59 minutes is `90 days`, 23 hours 40 minutes is `1 day`.
 */
export function timeSpan(ms: number): string {
  const abs = Math.abs(ms);
  const hours = Math.max(1, Math.round(abs / HOUR_MS));
  return hours < 24 ? plural(hours, 'hour') : plural(Math.round(abs / DAY_MS), 'day');
}

/** `in 90 days` or `3 days ago`: `when` relative to `now`. */
export function relativeTime(when: Date, now: Date): string {
  const ms = when.getTime() - now.getTime();
  return ms >= 0 ? `in ${timeSpan(ms)}` : `${timeSpan(ms)} ago`;
}

/** `expires in 12 days`, `expires in 5 hours`, `expired 3 days ago`. */
export function expiryText(expires: Date, now: Date): string {
  return `${expires.getTime() < now.getTime() ? 'expired' : 'expires'} ${relativeTime(expires, now)}`;
}
