/** Human-readable durations, sizes and counts for summaries and hovers. */
import { plural } from '../plural';

export { plural };

const UNITS: [string, number][] = [
  ['d', 86_400e9],
  ['h', 3_600e9],
  ['m', 60e9],
];

function trimDecimals(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** `ns` in whole `units` (largest first) as `1h30m`, and the rest below the smallest unit. */
export function wholeUnits(ns: number, units: readonly (readonly [string, number])[]): { text: string; rest: number } {
  let rest = ns;
  let text = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      const whole = Math.floor(rest / size);
      text += `${whole}${unit}`;
      rest -= whole * size;
    }
  }
  return { text, rest };
}

/**
 * A duration in nanoseconds as text: `2m`, `1h30m`, `7d`, `1.5s`, `100ms`, `250µs`, `42ns`.
 * Days, hours and minutes are whole; seconds and smaller carry up to three decimals.
 */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 0) return `-${formatDuration(-ns)}`;
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${trimDecimals(ns, 0)}ns`;
  if (ns < 1e6) return `${trimDecimals(ns / 1e3, 3)}µs`;
  if (ns < 1e9) return `${trimDecimals(ns / 1e6, 3)}ms`;
  const whole = wholeUnits(ns, UNITS);
  let out = whole.text;
  const rest = whole.rest;
  if (rest >= 1e6) out += `${trimDecimals(rest / 1e9, 3)}s`;
  return out === '' ? '0s' : out;
}

const BYTE_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** A byte count as text: `512 bytes`, `1 GiB`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return plural(bytes, 'byte');
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trimDecimals(value, 2)} ${BYTE_UNITS[unit]}`;
}

/** A count with thousands separators: `1,000,000` (a bigint exactly, beyond 2^53 too). */
export function formatCount(n: number | bigint): string {
  return typeof n === 'bigint' || Number.isSafeInteger(n) ? n.toLocaleString('en-US') : String(n);
}

/** `survives no server failure`, `survives 1 server failure`, `survives 2 server failures`. */
export function survivesText(failures: number): string {
  return failures <= 0 ? 'survives no server failure' : `survives ${plural(failures, 'server failure')}`;
}
