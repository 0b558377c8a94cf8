/**
 * A request URL as the log may show it. fastify logs every request's URL, and a search such as
 * `/leads?phone=13800138000` or `/leads?q=%2B861380` carries a number, whole or in part, in the query.
 */
import { maskNumbersInText } from './mask-rule.js';

// Query keys whose values are numbers or parts of one: a partial number (q=+861380) is too short for the text rule,
// so every digit after the third is starred.
const numberKeys = new Set(['q', 'phone', 'number', 'altPhone', 'callerNumber', 'calledNumber', 'from_number', 'to_number']);

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

const starDigits = (v: string): string => {
  let seen = 0;
  return v.replace(/\d/g, (d) => (++seen > 3 ? '*' : d));
};

/** The URL with numbers masked in its path and in every query value. */
export function maskUrl(url: string): string {
  const at = url.indexOf('?');
  const path = maskNumbersInText(at < 0 ? url : url.slice(0, at));
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskNumbersInText(pair);
      const key = decode(pair.slice(0, eq));
      const value = decode(pair.slice(eq + 1));
      const masked = numberKeys.has(key) ? starDigits(value) : maskNumbersInText(value);
      return `${pair.slice(0, eq)}=${encodeURIComponent(masked)}`;
    })
    .join('&');
  return `${path}?${query}`;
}
