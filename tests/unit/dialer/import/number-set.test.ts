import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Cut } from '../../../../src/dialer/import/csv-rows.js';
import { NumberSet } from '../../../../src/dialer/import/number-set.js';

describe('NumberSet', () => {
  it('says whether a number was seen, like a Set of the strings, through many growths', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 3000 }), (picks) => {
        const set = new NumberSet();
        const reference = new Set<string>();
        for (const p of picks) {
          const e164 = `+86138${String(p * 7919).padStart(8, '0')}`;
          expect(set.add(e164)).toBe(!reference.has(e164));
          reference.add(e164);
        }
        expect(set.size).toBe(reference.size);
      }),
      { numRuns: 50, seed: 18 },
    );
  });

  it('keeps numbers of 15 digits apart (every E.164 number fits a double exactly)', () => {
    const set = new NumberSet();
    expect(set.add('+999999999999998')).toBe(true);
    expect(set.add('+999999999999999')).toBe(true);
    expect(set.add('+999999999999998')).toBe(false);
  });
});

describe('utf8Cut', () => {
  it('ends a chunk before a character it cuts, and at its end otherwise', () => {
    const bytes = Buffer.from('a张😀');
    // a (1 byte), 张 (3 bytes), 😀 (4 bytes)
    const cuts = Array.from({ length: bytes.length + 1 }, (_, n) => utf8Cut(bytes.subarray(0, n)));
    expect(cuts).toEqual([0, 1, 1, 1, 4, 4, 4, 4, 8]);
  });
});
