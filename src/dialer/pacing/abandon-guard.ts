import type { WindowCounts } from './abandon-window.js';
import type { PacingSettings } from './pacing-settings.js';

/**
 * The hard guard between the model and the law, and the feedback that holds the model to its target.
 *
 * The model may risk a marginal abandon probability `threshold` per launched call. A launch that is marginal at p
 * also raises the risk of the calls already out, so calls launched at a marginal p are abandoned less often than p:
 * in the simulator 0.25–0.7 times, depending on the number of agents and the answer rate. The threshold starts at
 * MARGINAL_PER_TARGET × target and is steered by the compliance window's own counts, which makes the feedback an
 * integral one without any state of its own:
 *   z = (target·lives − abandons) / √(target·lives + 1)     how many standard deviations the window is under budget
 *   threshold = MARGINAL_PER_TARGET · target · e^(GAIN·z), at most MAX_BOOST times the start
 * A window that keeps running under (over) its target sees z grow (fall) without end, so the rate settles on the
 * target whatever the model's bias. Between the target and the limit the threshold also shrinks in proportion to the
 * room left, to nothing at the limit; when one more abandon would carry the window over the limit, pacing falls back
 * to progressive (a call only for an agent who is ready and has none coming).
 */
export interface GuardVerdict {
  /** Highest marginal abandon probability a new call may carry. */
  readonly threshold: number;
  /** At or over the limit: no more than progressive. */
  readonly fallback: boolean;
  /** The window is over its budget, so the threshold is below its starting point. */
  readonly tightened: boolean;
}

/** Marginal abandon probability allowed per unit of target when the window is on budget. */
export const MARGINAL_PER_TARGET = 2;
/** How much the threshold changes per standard deviation the window is under (over) budget: e^GAIN. */
export const GAIN = 0.5;
/** How far the feedback may raise the threshold while the window is under budget. */
export const MAX_BOOST = 2.5;

/** The guard's verdict for the window's counts. */
export function guard(counts: WindowCounts, s: PacingSettings): GuardVerdict {
  const limit = s.abandonLimit;
  const target = Math.min(s.abandonTarget, limit);
  // Headroom: the model only risks an abandon the window can absorb. One more abandon (with the answer it comes
  // from) must leave the rate within the limit, so a young campaign is progressive until it has about 1/limit live
  // answers behind it, and a short window never reads over the limit because of the model.
  if (target <= 0 || counts.abandons + 1 > limit * (counts.lives + 1)) return { threshold: 0, fallback: true, tightened: true };
  const budget = target * counts.lives;
  const z = (budget - counts.abandons) / Math.sqrt(budget + 1);
  const steer = Math.min(MAX_BOOST, Math.exp(GAIN * z));
  const rate = counts.lives > 0 ? counts.abandons / counts.lives : 0;
  const room = rate > target && limit > target ? Math.max(0, (limit - rate) / (limit - target)) : 1;
  const factor = steer * room;
  return { threshold: target * MARGINAL_PER_TARGET * factor, fallback: false, tightened: factor < 1 };
}
