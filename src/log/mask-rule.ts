/**
 * The one rule for hiding phone numbers, used by the log, the API's answers for roles that see masks, and the live
 * feed: keep the first three and the last four digits of the national number, star the rest
 * (13800138000 → 138****8000, +8613800138000 → +86138****8000).
 */
export function maskNumber(value: string): string {
  const m = /^(\+?(?:86|0086)?)?(\d+)$/.exec(value);
  if (!m) return value;
  const prefix = value.length >= 13 && m[1] ? m[1] : '';
  const body = prefix ? value.slice(prefix.length) : value.replace(/^\+/, '');
  const plus = !prefix && value.startsWith('+') ? '+' : '';
  if (body.length < 7) return value;
  return `${prefix}${plus}${body.slice(0, 3)}${'*'.repeat(body.length - 7)}${body.slice(-4)}`;
}

// Numbers as people write them in text, longest shapes first. Spaced or dashed forms are only the Chinese shapes
// (mobile 3-4-4, area code + subscriber, 400/800), so dates (2026-03-10) and times are not taken for numbers.
const country = String.raw`(?:(?:\+|00)86[ -]?)?`;
const shapes = [
  String.raw`${country}1\d{2}[ -]?\d{4}[ -]?\d{4}`,
  String.raw`${country}0?\d{2,3}[ -](?:\d{7,8}|\d{3,4}[ -]\d{4})`,
  String.raw`[48]00[ -]?\d{3}[ -]?\d{4}`,
  String.raw`\+?\d{7,15}`,
];
// A digit run touching a letter is part of an identifier (a version hash such as 4091238178d9, a uuid), and one
// followed by "." and a digit is an Asterisk uniqueid (1795429371.12), one after "word-" a channel's counter
// (PJSIP/carrier-00000001): none is masked. "%2B" is a URL-encoded
// "+", which does precede a number.
const numberInText = new RegExp(String.raw`(?:(?<=%2[Bb])|(?<![0-9A-Za-z_*+]|\d\.|[0-9A-Za-z]-))(?:${shapes.join('|')})(?![0-9A-Za-z_*]|\.\d)`, 'g');

/**
 * Masks every phone-number-like run inside free text, whatever its spacing; the result has no separators.
 * Numbers in `keep` (digits as written, separators dropped) stay whole: the centre's own published numbers.
 */
export function maskNumbersInText(text: string, keep: ReadonlySet<string> = new Set()): string {
  return text.replace(numberInText, (n) => {
    const bare = n.replace(/[ -]/g, '');
    return keep.has(bare) ? n : maskNumber(bare);
  });
}

