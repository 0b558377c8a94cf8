import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The digits a Chinese trunk expects for an E.164 lead number: national format for CN numbers (a landline keeps its
 * trunk 0, a mobile or a 400 number has none), 00 + country code for the rest.
 */
export function dialString(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164.replace(/[^0-9]/g, '');
  if (p.country === 'CN' || p.countryCallingCode === '86') return p.formatNational().replace(/[^0-9]/g, '');
  return `00${p.countryCallingCode}${p.nationalNumber}`;
}
