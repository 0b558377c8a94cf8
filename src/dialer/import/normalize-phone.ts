import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { nationalValidity } from './phone-validity.js';

export type NormalizedPhone = { ok: true; e164: string } | { ok: false; reason: string };

// libphonenumber's parse error codes, as a campaign manager reads them in the import report.
const parseReasons: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  INVALID_COUNTRY: 'unknown country code',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong length',
};

// Excel turns a long digit string into 1.38001E+10 when a list passes through a number-formatted column; the digits
// are lost, so say so rather than "not a phone number".
const scientific = /^[+-]?\d+(\.\d+)?e\+?\d+$/i;
// Two numbers in one cell (13800138000/13900139000) are common; libphonenumber would call it "too long".
const severalNumbers = /\d{5,}\s*[/,;、，；|]+\s*\+?\d{5,}/;
// A plain Chinese mobile, bare or behind +86/0086/86. 179xx is left to the full parse, which reads it as a carrier
// (IP dialing) prefix.
const cnMobile = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;

const cnValid = nationalValidity('CN');
// What a cell may hold around a plain mobile's digits (after NFKC, which leaves ASCII text as it is).
const separators = /[\s\-.()]/g;
// Nothing outside printable ASCII: such a cell reads the same before and after NFKC.
const ascii = /^[\x20-\x7e]*$/;

/**
 * Normalizes one phone cell to E.164 with real validity (full metadata): mobiles, landlines with area code, 400/800,
 * +86/0086/86 prefixes, full-width digits and punctuation. Numbers without a country code are read as `region`'s.
 */
export function normalizePhone(raw: string, region: CountryCode = 'CN'): NormalizedPhone {
  // Most rows of a Chinese list are mobiles written in ASCII: checking those straight from their digits skips the
  // Unicode normalization and the text parse, which were most of the cost of an import. Only a valid number is taken
  // here; anything else gets the full parse and its reason.
  const plain = ascii.test(raw);
  if (region === 'CN' && plain) {
    const e164 = cnMobile164(raw);
    if (e164 !== undefined) return { ok: true, e164 };
  }
  const text = plain ? raw.trim() : raw.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (region === 'CN' && !plain) {
    const e164 = cnMobile164(text);
    if (e164 !== undefined) return { ok: true, e164 };
  }
  return parsePhone(text, region);
}

/** A valid plain Chinese mobile in E.164, or undefined for anything else (left to the full parse). */
function cnMobile164(text: string): string | undefined {
  const m = cnMobile.exec(text.replace(separators, ''));
  if (m === null || m[1]!.startsWith('179') || !cnValid(m[1]!)) return undefined;
  return `+86${m[1]!}`;
}

/** The full libphonenumber parse of a cell (NFKC-normalized and trimmed): the reference the fast path agrees with. */
export function parsePhone(text: string, region: CountryCode): NormalizedPhone {
  if (text === '') return { ok: false, reason: 'empty' };
  if (!/\d/.test(text)) return { ok: false, reason: 'not a phone number' };
  if (scientific.test(text)) return { ok: false, reason: 'number in scientific notation (digits lost in a spreadsheet)' };
  if (severalNumbers.test(text)) return { ok: false, reason: 'more than one number' };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, region);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    // Without a + or 00, a "country code" is libphonenumber reading 11x/12x digits as a Chinese IP dialing prefix.
    if (err.message === 'INVALID_COUNTRY' && !/^(\+|00)/.test(text)) return { ok: false, reason: 'not a valid number' };
    return { ok: false, reason: parseReasons[err.message] ?? 'not a phone number' };
  }
  if (!parsed.isPossible()) {
    // Length tells most mistakes apart (a dropped or doubled digit); the rest does not fit the country's plan.
    const length = validatePhoneNumberLength(text, region);
    if (length === 'TOO_SHORT') return { ok: false, reason: 'too short' };
    if (length === 'TOO_LONG') return { ok: false, reason: 'too long' };
    return { ok: false, reason: `impossible number for ${parsed.country ?? `+${parsed.countryCallingCode}`}` };
  }
  if (!parsed.isValid()) return { ok: false, reason: 'not a valid number' };
  return { ok: true, e164: parsed.number };
}
