/** part / whole, rounded to 4 decimals; null when there is nothing to divide by (a 0% would be a lie). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Mean of a sum over n, in seconds rounded to 0.1 s; null for n = 0. */
export function meanS(sumMs: number, n: number): number | null {
  return n > 0 ? Math.round(sumMs / n / 100) / 10 : null;
}
