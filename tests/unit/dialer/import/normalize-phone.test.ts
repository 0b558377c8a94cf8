import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone, parsePhone } from '../../../../src/dialer/import/normalize-phone.js';

describe('normalizePhone (region CN, full metadata)', () => {
  const valid: Array<[raw: string, e164: string]> = [
    ['13800138000', '+8613800138000'],
    // The lab's numbering plan: real-format 139 mobiles.
    ['13900000003', '+8613900000003'],
    ['13900000099', '+8613900000099'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['138.0013.8000', '+8613800138000'],
    [' 13800138000 ', '+8613800138000'],
    ['+8613800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['0086-138-0013-8000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['86-13800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['＋８６ １３８－００１３－８０００', '+8613800138000'],
    ['19912345678', '+8619912345678'],
    ['010-6552 9988', '+861065529988'],
    ['01065529988', '+861065529988'],
    ['(021)12345678', '+862112345678'],
    ['（０２１）１２３４５６７８', '+862112345678'],
    ['0755 8888 8888', '+8675588888888'],
    ['+86 10 6552 9988', '+861065529988'],
    // The trunk 0 kept after +86 is a common mistake that still means the same landline.
    ['+86 010 6552 9988', '+861065529988'],
    ['400-800-1234', '+864008001234'],
    ['4008001234', '+864008001234'],
    ['+86 400 800 1234', '+864008001234'],
    ['800-820-8820', '+868008208820'],
    // Foreign numbers with their own country code are real numbers too.
    ['+1 202 555 0143', '+12025550143'],
  ];
  it.each(valid)('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164 });
  });

  const invalid: Array<[raw: string, reason: string]> = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not a phone number'],
    ['无', 'not a phone number'],
    ['12345', 'too short'],
    ['10086', 'too short'],
    ['+8612345', 'too short'],
    ['1380013800000', 'too long'],
    ['11111111111', 'not a valid number'],
    ['00000000000', 'not a valid number'],
    // A local landline without its area code cannot be dialed from another city.
    ['65529988', 'not a valid number'],
    ['+999 1234567', 'unknown country code'],
    ['1.38001E+10', 'number in scientific notation (digits lost in a spreadsheet)'],
    ['13800138000/13900000003', 'more than one number'],
    ['13800138000，13900000003', 'more than one number'],
    // libphonenumber reads 11x/12x as a Chinese IP dialing prefix and then fails on the "country code".
    ['11000000000', 'not a valid number'],
  ];
  it.each(invalid)('%j is invalid: %s', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, reason });
  });

  it('says "impossible number" for a length the country never uses, and names the country', () => {
    // CN numbers may have 7 to 12 national digits, so in China a wrong length is always "too short" or "too long".
    expect(normalizePhone('+65 2222 22222')).toEqual({ ok: false, reason: 'impossible number for SG' });
    expect(normalizePhone('+852 2222 22222 2')).toEqual({ ok: false, reason: 'impossible number for HK' });
  });

  it('takes the mobile fast path only where the full parse agrees, whatever the prefix and separators', () => {
    const fullWidth = (t: string) => t.replace(/[0-9+\-()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const mobile = fc.tuple(fc.constantFrom(...'0123456789'), fc.stringMatching(/^\d{9}$/)).map(([d, rest]) => `1${d}${rest}`);
    const written = fc
      .tuple(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '0086-', '86', '86 ', '(86)'), fc.constantFrom('', ' ', '-', '.'), fc.boolean())
      .map(([n, prefix, sep, wide]) => {
        const text = `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;
        return wide ? fullWidth(text) : text;
      });
    fc.assert(
      fc.property(written, (raw) => {
        expect(normalizePhone(raw)).toEqual(parsePhone(raw.normalize('NFKC').trim(), 'CN'));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('normalizePhone: cells from real lists', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['0086-13800138000', '+8613800138000'],
    ['86 13800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['010-6552 9988', '+861065529988'],
    ['(021)12345678', '+862112345678'],
    ['（010）65529988', '+861065529988'],
    ['0755 8888 8888', '+8675588888888'],
    ['400-800-1234', '+864008001234'],
    ['800-810-1234', '+868008101234'],
    ['13900000003', '+8613900000003'],
    ['13900000001', '+8613900000001'],
    ['13900000009', '+8613900000009'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not a phone number'],
    ['12345', 'too short'],
    ['1380013800', 'not a valid number'],
    ['1380013800012345', 'too long'],
    ['10000000000', 'not a valid number'],
    ['1.38001E+10', 'number in scientific notation (digits lost in a spreadsheet)'],
    ['13800138000/13900139000', 'more than one number'],
  ])('%j is refused: %s', (raw, reason) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.length).toBeGreaterThan(0);
      expect(r.reason).toBe(reason);
    }
  });
});
