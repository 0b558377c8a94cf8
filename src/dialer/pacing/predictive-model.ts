import { cdfAt, type DialEstimates } from './dial-estimates.js';
import { logNormalSurvivalFast as survivalImport } from './log-normal-fit.js';
import { normalCdf as normalCdfImport } from './normal.js';
import { TIME_BINS } from './outcome-tally.js';
import type { PacingState } from './pacing-state.js';

/**
 * The predictive model: how many calls to launch now so that each one's marginal abandon probability stays within
 * the guard's threshold.
 *
 * Time ahead is cut into one-second bins up to the longest time a live answer takes. For each bin i it estimates
 *  - supply S(i): agents free by the middle of the bin plus the patience (the 2 s a live answer may wait): every ready
 *    agent; an agent wrapping up whose wrap-up ends by then; an agent on a call whose talk (log-normal, conditioned on
 *    the talk time so far) ends early enough to also finish the mean wrap-up;
 *  - demand D(i): live answers before the bin, from calls waiting now, from calls ringing (each conditioned on having
 *    rung this long without ending), and from k new calls.
 * S and D are sums of independent Bernoulli variables; their difference is taken as normal (mean and variance add),
 * with a continuity correction. A live answer in bin i is abandoned when S(i) − D(i) < 1, so the expected abandons of
 * everything answered within the horizon, with k new calls, is
 *   EA(k) = Σ_i a_in(i)·P(S − D_in − k·q(i) < ½) + k·f(i)·P(S − D_in − (k−1)·q(i) < ½)
 * where a_in(i) are the live answers of calls already out in bin i, q(i) = p·F(i) a new call's chance to be live
 * before bin i and f(i) its chance to be live in bin i (answers within the same bin count half ahead, see
 * expectedAbandons). The k-th call's marginal abandon probability is
 * (EA(k) − EA(k−1)) / (its chance to be live at all); the model launches the largest k whose marginal is within the
 * threshold. Agents who take a call and free again within the horizon are not counted (calls are rarely that short),
 * which errs on the side of fewer abandons; the guard's feedback on measured abandons corrects the rest.
 */

// Local names for the functions called in the inner loops (one look-up, not one per call).
const logNormalSurvival = survivalImport;
const normalCdf = normalCdfImport;

/** Variance floor: keeps a certain difference (only ready agents, nothing ringing) a clean step at ½. */
const VAR_FLOOR = 0.01;

export interface ModelResult {
  /** Calls to launch (within [min, max]). */
  readonly launch: number;
  /** Marginal abandon probability of the last call launched (0 when none beyond the minimum). */
  readonly marginal: number;
  /** Expected abandons within the horizon with that many launches. */
  readonly expectedAbandons: number;
}

/** Curves over the horizon that do not depend on the number of new calls. */
interface Curves {
  readonly bins: number;
  /** Supply mean and variance per bin. */
  readonly sm: Float64Array;
  readonly sv: Float64Array;
  /** Demand before each bin from calls already out (mean, variance), and their live answers within each bin. */
  readonly dm: Float64Array;
  readonly dv: Float64Array;
  readonly arrive: Float64Array;
  /** A new call: live before bin i, and live within bin i. */
  readonly q: Float64Array;
  readonly f: Float64Array;
  /** A new call's chance to be live within the horizon. */
  readonly pLiveInHorizon: number;
}

function horizonBins(cdf: Float64Array): number {
  let h = TIME_BINS;
  while (h > 1 && cdf[h - 1]! >= 1 - 1e-9) h--;
  return h;
}

function curves(s: PacingState, e: DialEstimates, patienceS: number): Curves {
  const bins = horizonBins(e.liveCdf);
  const sm = new Float64Array(bins);
  const sv = new Float64Array(bins);
  const dm = new Float64Array(bins + 1);
  const dv = new Float64Array(bins + 1);
  const arrive = new Float64Array(bins);
  const q = new Float64Array(bins);
  const f = new Float64Array(bins);
  const reach = (i: number) => i + 0.5 + patienceS;

  sm.fill(s.ready);
  for (const w of s.wrapping) {
    if (w.remainingMs !== undefined) {
      const r = w.remainingMs / 1000;
      for (let i = 0; i < bins; i++) if (r <= reach(i)) sm[i]! += 1;
      continue;
    }
    const el = w.elapsedMs / 1000;
    const s0 = logNormalSurvival(el, e.wrapMu, e.wrapSigma);
    for (let i = 0; i < bins; i++) {
      const p = s0 > 1e-12 ? 1 - logNormalSurvival(el + reach(i), e.wrapMu, e.wrapSigma) / s0 : 1;
      sm[i]! += p;
      sv[i]! += p * (1 - p);
    }
  }
  const wrap = e.wrapMeanS;
  // Bins before this one cannot see an agent who is still talking: the wrap-up alone is longer.
  const firstTalkBin = Math.max(0, Math.ceil(wrap - patienceS - 0.5));
  for (const c of s.onCall) {
    const el = c.talkMs / 1000;
    const s0 = logNormalSurvival(el, e.talkMu, e.talkSigma);
    for (let i = firstTalkBin; i < bins; i++) {
      const left = reach(i) - wrap;
      if (left <= 0) continue;
      const p = s0 > 1e-12 ? 1 - logNormalSurvival(el + left, e.talkMu, e.talkSigma) / s0 : 1;
      sm[i]! += p;
      sv[i]! += p * (1 - p);
    }
  }

  dm.fill(s.waiting.length);
  const p = e.pLive;
  const live = e.liveCdf;
  const last = live.length - 1;
  // The live cdf is linear within each second, so a call's curve over whole seconds ahead keeps one fraction.
  const at = (j: number, frac: number) => (j >= last ? 1 : live[j]! + frac * (live[j + 1]! - live[j]!));
  for (const r of s.ringing) {
    const age = Math.max(0, r.ageMs / 1000);
    const j0 = Math.floor(age);
    const frac = age - j0;
    const fl0 = at(j0, frac);
    const pending = p * (1 - fl0) + (1 - p) * (1 - cdfAt(e.otherCdf, age));
    if (pending < 1e-9) continue;
    const c = p / pending;
    for (let i = 1; i <= bins; i++) {
      const qi = Math.min(1, c * (at(j0 + i, frac) - fl0));
      dm[i]! += qi;
      dv[i]! += qi * (1 - qi);
    }
  }
  for (let i = 0; i < bins; i++) {
    arrive[i] = dm[i + 1]! - dm[i]!;
    q[i] = p * e.liveCdf[i]!;
    f[i] = p * (e.liveCdf[i + 1]! - e.liveCdf[i]!);
  }
  return { bins, sm, sv, dm, dv, arrive, q, f, pLiveInHorizon: p * e.liveCdf[bins]! };
}

/**
 * Expected abandons within the horizon with k new calls. A live answer in bin i has ahead of it everything answered
 * before the bin, and a uniformly random share of the bin's own answers (mean half, variance M²/12 for M answers in
 * the bin): without that, answers that all come at the same second would never be counted as competing.
 */
function expectedAbandons(c: Curves, k: number): number {
  let total = 0;
  for (let i = 0; i < c.bins; i++) {
    const qi = c.q[i]!;
    const fi = c.f[i]!;
    const a = c.arrive[i]!;
    const supply = c.sm[i]! - c.dm[i]!;
    const baseVar = c.sv[i]! + c.dv[i]! + VAR_FLOOR;
    const vq = qi * (1 - qi);
    if (a > 0) {
      const inBin = a + k * fi;
      total += a * normalCdf((0.5 - (supply - k * qi - inBin / 2)) / Math.sqrt(baseVar + k * vq + (inBin * inBin) / 12));
    }
    if (k > 0 && fi > 0) {
      const inBin = a + (k - 1) * fi;
      total += k * fi * normalCdf((0.5 - (supply - (k - 1) * qi - inBin / 2)) / Math.sqrt(baseVar + (k - 1) * vq + (inBin * inBin) / 12));
    }
  }
  return total;
}

/**
 * The number of calls to launch now, between `min` (launched whatever the model says) and `max` (the caps), so that
 * the marginal abandon probability of the last one is at most `threshold`.
 */
export function predictLaunches(s: PacingState, e: DialEstimates, patienceS: number, threshold: number, min: number, max: number): ModelResult {
  const lo0 = Math.max(0, Math.min(min, max));
  const c = curves(s, e, patienceS);
  const perCall = Math.max(c.pLiveInHorizon, 1e-9);
  const ea = new Map<number, number>();
  const at = (k: number) => {
    let v = ea.get(k);
    if (v === undefined) {
      v = expectedAbandons(c, k);
      ea.set(k, v);
    }
    return v;
  };
  const marginal = (k: number) => (at(k) - at(k - 1)) / perCall;
  const ok = (k: number) => marginal(k) <= threshold;
  if (lo0 >= max || !ok(lo0 + 1)) return { launch: lo0, marginal: lo0 > 0 ? Math.max(0, marginal(lo0)) : 0, expectedAbandons: at(lo0) };
  // The marginal grows with k: double until it fails, then halve the gap.
  let lo = lo0 + 1;
  let step = 1;
  let hi = lo;
  for (;;) {
    const next = Math.min(max, lo + step);
    if (next === lo) {
      hi = lo;
      break;
    }
    if (!ok(next)) {
      hi = next - 1;
      break;
    }
    lo = next;
    step *= 2;
    if (lo === max) {
      hi = lo;
      break;
    }
  }
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return { launch: lo, marginal: Math.max(0, marginal(lo)), expectedAbandons: at(lo) };
}
