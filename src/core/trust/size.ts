/**
 * A byte size given by a person, for account limits: `1073741824`, `512M`, `1G`, `1.5GiB`,
 * `100MB`. K/M/G/T and KiB/MiB/GiB/TiB are powers of 1024; KB/MB/GB/TB powers of 1000;
 * `-1` or `unlimited` mean no limit (-1). A fraction of a unit is rounded to whole bytes; a
 * fraction of a byte is refused, and so is a size that would round to 0 (0 allows nothing).
 */
import { TrustError } from './problems';

const POWER: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4 };

/** The number of bytes a size text designates; a TrustError naming `what` explains the format. */
export function parseSize(text: string, what = 'the size'): number {
  const t = typeof text === 'string' ? text.trim() : '';
  if (t === '-1' || /^unlimited$/i.test(t)) return -1;
  const m = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])(i?B)?|(B))?$/i.exec(t);
  if (!m) throw new TrustError('invalid-argument', `${what} '${t}' is not a size: use bytes or a unit, e.g. 512M, 1G, 1.5GiB, 100MB, or -1 for unlimited`);
  const unit = (m[2] ?? '').toUpperCase();
  const decimal = m[3] !== undefined && m[3].toUpperCase() === 'B';
  const bytes = Number(m[1]) * (decimal ? 1000 : 1024) ** POWER[unit];
  if (unit === '' && !Number.isInteger(bytes)) throw new TrustError('invalid-argument', `${what} '${t}' is not a whole number of bytes: give whole bytes, or a fraction of a unit such as 1.5K`);
  if (bytes > 0 && Math.round(bytes) === 0) throw new TrustError('invalid-argument', `${what} '${t}' is less than one byte (it would be 0, which allows nothing)`);
  if (!Number.isSafeInteger(Math.round(bytes))) throw new TrustError('invalid-argument', `${what} '${t}' is too large`);
  return Math.round(bytes);
}
