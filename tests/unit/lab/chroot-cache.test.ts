import { describe, expect, it } from 'vitest';
import { cacheUsable, chrootCache } from '../../../src/lab/chroot-cache.js';

describe('the cached chroot', () => {
  const day = 86_400_000;

  it('is named by its package list, so another list never unpacks this snapshot', () => {
    const a = chrootCache('/var/cache/x', ['asterisk', 'asterisk-core-sounds-en'], 7)!;
    const b = chrootCache('/var/cache/x', ['asterisk'], 7)!;
    expect(a.file).toMatch(/^\/var\/cache\/x\/chroot-[0-9a-f]{12}\.tar$/);
    expect(a.file).not.toBe(b.file);
    expect(chrootCache('/var/cache/x', ['asterisk'], 7)!.file).toBe(b.file);
  });

  it('is off with an empty dir', () => {
    expect(chrootCache('', ['asterisk'], 7)).toBeUndefined();
  });

  it('is used while younger than its age limit, and made again after', () => {
    const cache = chrootCache('/c', ['asterisk'], 7)!;
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(cacheUsable(cache, now, () => ({ mtimeMs: now - 6 * day }))).toBe(true);
    expect(cacheUsable(cache, now, () => ({ mtimeMs: now - 8 * day }))).toBe(false);
    expect(cacheUsable(cache, now, () => undefined)).toBe(false);
  });
});
