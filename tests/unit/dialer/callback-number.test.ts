import { describe, expect, it } from 'vitest';
import { checkCallbackNumber } from '../../../src/dialer/callback-number.js';

// Issue 17 item 4: "another number" in the callback offer took any 7-15 digits, 00… and premium included.
describe('numbers a caller may be called back on', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['02112345678', '+862112345678'],
    ['010-6552-1234', '+861065521234'],
  ])('%s: a national mobile or fixed line is allowed', (raw, e164) => {
    expect(checkCallbackNumber(raw)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['an international number dialed with 00', '0012125551234', 'not a number in CN'],
    ['an international number with +', '+12125551234', 'not a number in CN'],
    ['a 400 number (shared cost)', '4008001234', 'not a mobile or fixed line (shared-cost)'],
    ['an 800 number (toll free)', '8001234567', 'not a mobile or fixed line (toll-free)'],
    ['seven digits of nothing', '1234567', 'not a valid number'],
  ])('refuses %s', (_what, raw, reason) => {
    expect(checkCallbackNumber(raw)).toEqual({ ok: false, reason });
  });
});
