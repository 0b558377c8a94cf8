import type { DialStats } from './dial-stats.js';
import { HOUR_HALF_LIFE_MS } from './dial-stats.js';
import { fitMean } from './log-normal-fit.js';
import { decayFactor, TIME_BINS, tallyTotal, type OutcomeTally } from './outcome-tally.js';
import type { PacingSettings } from './pacing-settings.js';

/**
 * What the pacing model uses, read from the statistics for one moment and local hour. Sparse data leans on the
 * next broader source: recent dials on this hour's history, this hour's history on the prior.
 */
export interface DialEstimates {
  /** Probability that a dial reaches a live person. */
  readonly pLive: number;
  /** cdf[i] = P(a live answer comes before i seconds), i = 0…TIME_BINS; uniform within each second. */
  readonly liveCdf: Float64Array;
  /** The same for the end of dials that reach no live person. */
  readonly otherCdf: Float64Array;
  /** Talk time log-normal parameters (of ln seconds). */
  readonly talkMu: number;
  readonly talkSigma: number;
  /** Mean after-call work, seconds, and its log-normal parameters. */
  readonly wrapMeanS: number;
  readonly wrapMu: number;
  readonly wrapSigma: number;
}

/** Pseudo-dials the prior answer rate is worth against an hour's history, and the history against recent dials. */
const PRIOR_DIALS = 20;
const HOUR_DIALS = 20;
/** Standard errors added to the answer rate (see estimate). */
const UPPER_Z = 1.5;
/** Pseudo-answers the prior timing is worth, in the same two steps. */
const PRIOR_TIMES = 10;
const HOUR_TIMES = 10;

// Before any data: live answers after 2–30 s, other endings spread over 1–30 s (busy early, no answer at the ring time-out).
const uniformPmf = (from: number, to: number): Float64Array => Float64Array.from({ length: TIME_BINS }, (_, i) => (i >= from && i < to ? 1 / (to - from) : 0));
const PRIOR_LIVE = uniformPmf(2, 30);
const PRIOR_OTHER = uniformPmf(1, 30);

/**
 * The timing cdf in one pass, without decaying the tallies into new arrays (this runs at every decision): the hour's
 * histogram (decayed by fHour) leans on the prior, recent dials (decayed by fRecent) lean on that.
 */
function timingCdf(recent: readonly number[], recentTotal: number, fRecent: number, past: readonly number[] | null, pastTotal: number, fHour: number, prior: Float64Array): Float64Array {
  const bins = TIME_BINS;
  const pastSum = pastTotal * fHour;
  const recentSum = recentTotal * fRecent;
  const cdf = new Float64Array(bins + 1);
  let acc = 0;
  for (let i = 0; i < bins; i++) {
    const hourPmf = past ? (past[i]! * fHour + PRIOR_TIMES * prior[i]!) / (pastSum + PRIOR_TIMES) : prior[i]!;
    acc += (recent[i]! * fRecent + HOUR_TIMES * hourPmf) / (recentSum + HOUR_TIMES);
    cdf[i + 1] = acc;
  }
  // Rounding must not leave a cdf that never reaches 1.
  for (let i = 0; i <= bins; i++) cdf[i] = Math.min(1, cdf[i]! / acc);
  return cdf;
}

/** The estimates for local hour `hour` at `now`. */
export function estimate(stats: DialStats, hour: number, now: number, settings: PacingSettings): DialEstimates {
  const h = ((Math.floor(hour) % 24) + 24) % 24;
  const recent = stats.recent;
  const fRecent = decayFactor(now - recent.at, settings.memoryMinutes * 60_000);
  const past: OutcomeTally | null = stats.byHour[h] ?? null;
  const fHour = past ? decayFactor(now - past.at, HOUR_HALF_LIFE_MS) : 0;
  const p0 = settings.prior.answerRate;
  const pHour = past ? (past.counts.live * fHour + PRIOR_DIALS * p0) / (tallyTotal(past) * fHour + PRIOR_DIALS) : p0;
  const n = tallyTotal(recent) * fRecent + HOUR_DIALS;
  const mean = (recent.counts.live * fRecent + HOUR_DIALS * pHour) / n;
  // Over-estimating the answer rate means fewer dials and fewer abandons, so thin data leans that way: an upper
  // confidence bound, which falls to the plain estimate as dials come in.
  const pLive = Math.min(0.999, mean + UPPER_Z * Math.sqrt((mean * (1 - mean)) / n));
  // Every dial adds one to its count and one to one timing bin, so the histograms' totals are the counts.
  const recentAll = tallyTotal(recent);
  const pastAll = past ? tallyTotal(past) : 0;
  return {
    pLive,
    liveCdf: timingCdf(recent.liveS, recent.counts.live, fRecent, past?.liveS ?? null, past?.counts.live ?? 0, fHour, PRIOR_LIVE),
    otherCdf: timingCdf(recent.otherS, recentAll - recent.counts.live, fRecent, past?.otherS ?? null, pastAll - (past?.counts.live ?? 0), fHour, PRIOR_OTHER),
    talkMu: stats.talk.meanLog,
    talkSigma: Math.sqrt(stats.talk.varLog),
    wrapMeanS: fitMean(stats.wrap),
    wrapMu: stats.wrap.meanLog,
    wrapSigma: Math.sqrt(stats.wrap.varLog),
  };
}

/** The cdf at a fractional second (linear within the second). */
export function cdfAt(cdf: Float64Array, seconds: number): number {
  if (seconds <= 0) return 0;
  if (seconds >= TIME_BINS) return 1;
  const i = Math.floor(seconds);
  const lo = cdf[i]!;
  return lo + (cdf[i + 1]! - lo) * (seconds - i);
}
