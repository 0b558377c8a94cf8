import { erfc as erfcImport, erfcFast as erfcFastImport } from './normal.js';

const erfc = erfcImport;
const erfcFast = erfcFastImport;

/**
 * An online log-normal fit of a duration (talk time, after-call work): the exponentially weighted mean and variance
 * of ln(seconds). Plain numbers, so it goes through JSON as it is. Handle times are close to log-normal in practice,
 * and the fit gives what pacing needs most: how much longer a call that has already lasted e seconds will last.
 */
export interface LogNormalFit {
  /** Observations behind the fit, prior included, capped at the memory (so new calls keep their weight). */
  readonly n: number;
  readonly meanLog: number;
  readonly varLog: number;
}

/** Parameters of the log-normal with this mean and coefficient of variation. */
export function logNormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** A fit that holds the prior as if it had seen `weight` observations. */
export function priorFit(meanS: number, cv: number, weight: number): LogNormalFit {
  const { mu, sigma } = logNormalParams(Math.max(meanS, 0.1), Math.max(cv, 0.01));
  return { n: weight, meanLog: mu, varLog: sigma * sigma };
}

/** The fit after one more duration; `memory` is how many recent observations it averages over at most. */
export function observeDuration(fit: LogNormalFit, seconds: number, memory: number): LogNormalFit {
  // Durations below 0.1 s are clock noise (a call cut at once), not information about the shape.
  const x = Math.log(Math.max(seconds, 0.1));
  const n = Math.min(fit.n + 1, memory);
  const w = 1 / n;
  const d = x - fit.meanLog;
  const meanLog = fit.meanLog + w * d;
  const varLog = (1 - w) * (fit.varLog + w * d * d);
  return { n, meanLog, varLog };
}

/** The fit's mean in seconds. */
export function fitMean(fit: LogNormalFit): number {
  return Math.exp(fit.meanLog + fit.varLog / 2);
}

/** P(T > x) for the fitted log-normal T; x in seconds. */
export function logNormalSurvival(x: number, mu: number, sigma: number): number {
  if (x <= 0) return 1;
  if (sigma <= 0) return Math.log(x) < mu ? 1 : 0;
  return 0.5 * erfc((Math.log(x) - mu) / (sigma * Math.SQRT2));
}

/** logNormalSurvival through the erfc table (to 1e-5): for loops over many agents and seconds. */
export function logNormalSurvivalFast(x: number, mu: number, sigma: number): number {
  if (x <= 0) return 1;
  if (sigma <= 0) return Math.log(x) < mu ? 1 : 0;
  return 0.5 * erfcFast((Math.log(x) - mu) / (sigma * Math.SQRT2));
}
