/**
 * Phone numbers never reach a log line whole (customer data is confidential: no phone numbers in logs,
 * docs/domain.md §Quality and security):
 * 13800138000 → 138****8000, +8613800138000 → +86138****8000.
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

// Digit runs of 7-15 that are not part of an Asterisk uniqueid such as 1795429371.12 (kept for correlation).
const numberInText = /(?<![\d.*])\+?\d{7,15}(?![\d.*])/g;

/** Masks every phone-number-like run inside free text. */
export function maskNumbersInText(text: string): string {
  return text.replace(numberInText, (n) => maskNumber(n));
}

/** Keys whose string values are phone numbers wherever they appear in a log object. */
export const phoneKeys = new Set([
  'callerNumber',
  'calledNumber',
  'number',
  'phone',
  'from',
  'to',
  'caller',
  'callee',
  'endpoint',
  'callerId',
]);

/** Keys whose values are secrets and never logged. */
export const secretKeys = new Set(['password', 'authorization', 'api_key', 'apiKey', 'token', 'secret']);

/** Returns a copy of a log object with numbers masked and secrets replaced, at any depth. */
export function scrubLogObject(value: unknown, key = '', depth = 0): unknown {
  if (depth > 6) return value;
  if (secretKeys.has(key)) return '[redacted]';
  if (typeof value === 'string') return phoneKeys.has(key) ? maskNumbersInText(maskNumber(value)) : maskNumbersInText(value);
  if (Array.isArray(value)) return value.map((v) => scrubLogObject(v, key, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubLogObject(v, k, depth + 1);
    return out;
  }
  if (value instanceof Error) return { type: value.name, message: maskNumbersInText(value.message), code: (value as { code?: unknown }).code };
  return value;
}
