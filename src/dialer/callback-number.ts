/**
 * Which numbers a callback may dial when the number came from someone other than the campaign's list: a caller
 * keying "another number" in the IVR, a caller ID (which the caller controls), or a person through the API. Only
 * the centre's own country's mobiles and fixed lines: an international number (00…), a premium-rate, shared-cost
 * (400), toll-free (800) or otherwise special number would let a caller make the dialer call a victim abroad or a
 * number that earns the caller money. Pure.
 */
import { parsePhoneNumber, type CountryCode, type E164Number } from 'libphonenumber-js/max';
import { normalizePhone } from './import/normalize-phone.js';

export type CallbackNumberCheck = { ok: true; e164: string } | { ok: false; reason: string };

/** Number types a callback may go to; libphonenumber's FIXED_LINE_OR_MOBILE is a country whose plans overlap. */
const dialableTypes: ReadonlySet<string> = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

/** Whether a caller-given number may be called back, and its E.164 form when it may. */
export function checkCallbackNumber(raw: string, country: CountryCode = 'CN'): CallbackNumberCheck {
  const n = normalizePhone(raw, country);
  if (!n.ok) return { ok: false, reason: n.reason };
  const parsed = parsePhoneNumber(n.e164 as E164Number);
  if (parsed.country !== country) return { ok: false, reason: `not a number in ${country}` };
  const type = parsed.getType();
  if (type === undefined || !dialableTypes.has(type)) return { ok: false, reason: `not a mobile or fixed line (${(type ?? 'unknown').toLowerCase().replace(/_/g, '-')})` };
  return { ok: true, e164: n.e164 };
}

/** The same check as a yes or no, for the IVR while the caller is keying. */
export const callbackNumberAllowed = (raw: string, country: CountryCode = 'CN'): boolean => checkCallbackNumber(raw, country).ok;
