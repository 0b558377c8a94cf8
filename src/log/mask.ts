/**
 * Phone numbers never reach a log line whole (customer data is confidential: no phone numbers in logs,
 * docs/domain.md §Quality and security). The rule itself is mask-rule.ts; this is how log objects are scrubbed.
 */
import { maskNumber, maskNumbersInText } from './mask-rule.js';

export { maskNumber, maskNumbersInText };

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
