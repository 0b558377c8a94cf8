/**
 * Calibration (seed 003 §6.3, "评分出入较大时，必须查找原因"): when two or more scorers scored one call on one form and
 * their totals differ by more than the form's threshold, the call is flagged for the scorers to meet. Pure.
 */

export interface Calibration {
  scorers: number;
  /** Highest total minus lowest, or 0 with one scorer. */
  spread: number;
  threshold: number;
  flagged: boolean;
}

/** The calibration of one call's scores on one form. */
export function calibrate(totals: readonly number[], threshold: number): Calibration {
  const spread = totals.length < 2 ? 0 : Math.round((Math.max(...totals) - Math.min(...totals)) * 10) / 10;
  return { scorers: totals.length, spread, threshold, flagged: totals.length >= 2 && spread > threshold };
}
