import fc from 'fast-check';
import { PhoneNumber, type E164Number } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalizePhone, parsePhone } from '../../../../src/dialer/import/normalize-phone.js';
import { nationalValidity } from '../../../../src/dialer/import/phone-validity.js';

const cnValid = nationalValidity('CN');
const reference = (national: string) => new PhoneNumber(`+86${national}` as E164Number).isValid();
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));

describe('nationalValidity (CN) against libphonenumber', () => {
  it('agrees on every 5-digit mobile prefix 1[3-9]xxx, with random tails', () => {
    // The mobile patterns look at up to 7 digits (1740[0-5], 1610x); a seeded random tail covers the rest.
    const tails = fc.sample(digits(6), { numRuns: 7000, seed: 18 });
    const disagree: string[] = [];
    for (let p = 0; p < 7000; p++) {
      const n = `1${3 + Math.floor(p / 1000)}${String(p % 1000).padStart(3, '0')}${tails[p]!}`;
      if (cnValid(n) !== reference(n)) disagree.push(n);
    }
    expect(disagree).toEqual([]);
  });

  it('agrees on random national numbers of every length a Chinese number has (7 to 12 digits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 13 }).chain(digits), (n) => {
        expect(cnValid(n)).toBe(reference(n));
      }),
      { numRuns: 20_000, seed: 18 },
    );
  });

  it('agrees on the 7-digit prefixes the patterns single out (1610x, 1740x, 179xx, 14xxx, 16xxx)', () => {
    const prefixes = ['1610', '1740', '1790', '1450', '1470', '1620', '1650', '1660', '1670', '1990', '1920'];
    for (const p of prefixes) {
      for (let d = 0; d < 1000; d++) {
        const n = `${p.slice(0, 3)}${String(d).padStart(3, '0')}${String((d * 7919) % 100000).padStart(5, '0')}`;
        expect(cnValid(n), n).toBe(reference(n));
      }
    }
  });
});

describe('normalizePhone fast path', () => {
  it('gives what the full parse gives for 20,000 generated mobiles as lists write them', () => {
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '0086-', '86', ' ', '+86-', '(+86) ');
    const sep = fc.constantFrom('', ' ', '-', '.', '  ');
    const cell = fc.tuple(prefix, fc.integer({ min: 3, max: 9 }), digits(9), sep).map(([p, d, rest, s]) => {
      const n = `1${d}${rest}`;
      return `${p}${n.slice(0, 3)}${s}${n.slice(3, 7)}${s}${n.slice(7)}`;
    });
    fc.assert(
      fc.property(cell, (raw) => {
        expect(normalizePhone(raw)).toEqual(parsePhone(raw.normalize('NFKC').trim(), 'CN'));
      }),
      { numRuns: 20_000, seed: 18 },
    );
  });
});
