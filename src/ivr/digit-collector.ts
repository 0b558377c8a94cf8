/** Gathering keyed digits: when an entry is complete and whether it is acceptable (collect and callback number entry). */

export interface DigitRules {
  minLength: number;
  maxLength: number;
  /** The key that ends the entry, or 'none'. */
  terminator: string;
  /** The whole entry must match (anchored); checked after the lengths. */
  pattern?: string;
}

/** The entry after one more key; complete when the key was the terminator or the entry reached maxLength. */
export function addDigit(rules: DigitRules, digits: string, key: string): { digits: string; complete: boolean } {
  if (key === rules.terminator) return { digits, complete: true };
  const next = digits + key;
  return { digits: next, complete: next.length >= rules.maxLength };
}

/** Whether a complete entry is acceptable. */
export function digitsAcceptable(rules: DigitRules, digits: string): boolean {
  if (digits.length < rules.minLength || digits.length > rules.maxLength) return false;
  return rules.pattern === undefined || new RegExp(`^(?:${rules.pattern})$`).test(digits);
}
