/**
 * How many different numbers one caller may have called back in a day. A number's own callbacks are bounded by its
 * lead's attempt limits (callback-on-lead.ts); this bounds the other way round: one caller keying a new number on
 * every call would otherwise point the dialer at any number of victims. Data, so a test and the docs can name it.
 */
export const callbackRate = {
  /** Distinct callback numbers handed to the dialer per caller number within windowMs. */
  maxNumbersPerCaller: 3,
  windowMs: 24 * 3_600_000,
} as const;

/** True when a callback would take its caller past the limit, given the other numbers they already had called back. */
export const callerOverLimit = (otherNumbers: number): boolean => otherNumbers >= callbackRate.maxNumbersPerCaller;
