import { describe, expect, it } from 'vitest';
import { defined } from '../../src/defined.js';

describe('defined', () => {
  it('keeps the entries with a value, null, 0, false and "" included, and drops the undefined ones', () => {
    expect(defined({ a: 1, b: undefined, c: null, d: 0, e: false, f: '' })).toEqual({ a: 1, c: null, d: 0, e: false, f: '' });
    expect(Object.keys(defined({ a: undefined }))).toEqual([]);
  });
});
