/**
 * Go duration strings (`time.ParseDuration`), as NACK resources write `maxAge`, `duplicateWindow`
 * and `ttl`: a sequence of decimal numbers with units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`,
 * optionally signed, e.g. `1h30m`, `90s`, `1.5h`, `100ms`. `0` alone is zero.
 */
import { wholeUnits } from '../format';

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3_600e9 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Nanoseconds, or undefined when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]];
  }
  return sign * Math.round(total);
}

const PARTS: [string, number][] = [
  ['h', 3_600e9],
  ['m', 60e9],
  ['s', 1e9],
  ['ms', 1e6],
  ['us', 1e3],
  ['ns', 1],
];

/** Nanoseconds as the shortest Go duration string made of whole units: `1h30m`, `100ms`, `0s`. */
export function goDuration(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 0) return `-${goDuration(-ns)}`;
  const { text } = wholeUnits(Math.round(ns), PARTS);
  return text === '' ? '0s' : text;
}
