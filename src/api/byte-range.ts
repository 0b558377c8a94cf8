/**
 * One HTTP byte range (RFC 9110 §14.1.2) for a file of `size` bytes: players seek in a recording with it. Several
 * ranges in one header get the first only, which every browser player accepts. Pure.
 */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** The inclusive range asked for, 'unsatisfiable' when no byte is in it, or null for no (or an unreadable) header. */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*(,.*)?$/.exec(header.trim());
  // An unreadable Range header is ignored and the whole file sent, as the RFC allows.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
