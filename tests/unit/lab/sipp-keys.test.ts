import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { COMMA_PAUSE_MS, KEY_SPACING_MS, planKeys } from '../../../src/lab/sipp-keys.js';

describe('planKeys', () => {
  it('spaces keys 300 ms apart from the first key time, a comma adding 1 s', () => {
    expect(KEY_SPACING_MS).toBe(300);
    expect(COMMA_PAUSE_MS).toBe(1000);
    expect(planKeys('4,12#', 1000)).toEqual([
      { key: '4', atMs: 1000 },
      { key: '1', atMs: 2300 },
      { key: '2', atMs: 2600 },
      { key: '#', atMs: 2900 },
    ]);
  });

  it('keeps repeated keys, leading and double commas, and ignores blanks', () => {
    expect(planKeys(',,1 1*', 0)).toEqual([
      { key: '1', atMs: 2000 },
      { key: '1', atMs: 2300 },
      { key: '*', atMs: 2600 },
    ]);
    expect(planKeys('', 1000)).toEqual([]);
    expect(planKeys('ABCD', 0).map((k) => k.key).join('')).toBe('ABCD');
  });

  it('fails with BAD_REQUEST on a character that is not a key', () => {
    let error: unknown;
    try {
      planKeys('12x', 0);
    } catch (e) {
      error = e;
    }
    expect(isHotlineError(error, 'BAD_REQUEST')).toBe(true);
    expect((error as { key?: string }).key).toBe('keys');
  });

  it('fails with BAD_REQUEST on a negative first-key time', () => {
    expect(() => planKeys('1', -1)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', key: 'wait' }));
  });
});
