import type { AuditStreamInfo, RawCopyInfo } from '../types';

/** The stream's mirror and sources with their reported state. */
export function copiesOf(stream: AuditStreamInfo): { copy: RawCopyInfo; role: 'mirror' | 'source' }[] {
  const out: { copy: RawCopyInfo; role: 'mirror' | 'source' }[] = [];
  if (stream.mirror) out.push({ copy: stream.mirror, role: 'mirror' });
  for (const s of stream.sources ?? []) out.push({ copy: s, role: 'source' });
  return out;
}
