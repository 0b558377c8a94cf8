/**
 * VICIdial's ADAPT_HARD_LIMIT dial-level controller (AST_VDadapt.pl), as a pure value, for the simulator's baseline.
 *
 * Every second it samples R = ready agents, W = answered calls waiting for an agent and A = logged-in agents, and
 * keeps the last 15. Every 15 s (at the 15th sample since the last step) the dial level DL moves:
 *   d  = (R̄ − W̄ + diff) / Ā                         (0 when Ā or the numerator is 0)
 *   d′ = d·(1 + k) if d ≥ 0, else d·|k − 1|,   k = intensity / 100
 *   DL = DL·(1 + d′), then capped to [1.0, max level (3.0)]
 *   if the last minute had more than 20 calls and more than 50% of them dropped: DL = DL / 2
 *   if more than 50 calls were dialed today and drops / answers today is over the limit: DL = 1.0
 *   and, as the script does last, a level below 1.0 is raised to 1.0.
 * Each dialer tick places round(DL × agents) − active calls, where agents are those ready or in a call (VICIdial
 * pauses agents in after-call work, so they do not count) and active calls are those ringing, waiting or talking.
 */
export interface AdaptSettings {
  /** adaptive_dropped_percentage, in percent. */
  readonly dropLimitPct: number;
  /** adaptive_maximum_level. */
  readonly maxLevel: number;
  /** adaptive_intensity, −40…40 in VICIdial's screen. */
  readonly intensity: number;
  /** adaptive_dl_diff_target. */
  readonly diffTarget: number;
}

export const defaultAdaptSettings: AdaptSettings = { dropLimitPct: 3, maxLevel: 3, intensity: 0, diffTarget: 0 };

/** One second's sample. */
export interface AdaptSample {
  readonly ready: number;
  readonly waiting: number;
  readonly agents: number;
}

/** The drop counts the script reads from its call log. */
export interface DropCounts {
  readonly callsToday: number;
  readonly answersToday: number;
  readonly dropsToday: number;
  readonly callsLastMinute: number;
  readonly dropsLastMinute: number;
}

export interface AdaptState {
  readonly level: number;
  /** The last 15 samples, oldest first. */
  readonly samples: readonly AdaptSample[];
  /** Samples taken since the last step. */
  readonly sinceStep: number;
}

export const SAMPLES = 15;

/** The controller at the start of a day: DL = 1.0. */
export function initialAdapt(): AdaptState {
  return { level: 1, samples: [], sinceStep: 0 };
}

/** The 15-second step: the new dial level from the old one, the sample means and the drop counts. */
export function adaptStep(level: number, mean: AdaptSample, drops: DropCounts, s: AdaptSettings): number {
  const diff = mean.ready - mean.waiting + s.diffTarget;
  const d = diff !== 0 && mean.agents !== 0 ? diff / mean.agents : 0;
  const k = s.intensity / 100;
  const dPrime = d >= 0 ? d * (1 + k) : d * Math.abs(k - 1);
  let next = level * (1 + dPrime);
  next = Math.min(s.maxLevel, Math.max(1, next));
  if (drops.callsLastMinute > 20 && drops.callsLastMinute > 0 && (drops.dropsLastMinute / drops.callsLastMinute) * 100 > 50) next /= 2;
  const dropPct = drops.answersToday > 0 ? (drops.dropsToday / drops.answersToday) * 100 : 0;
  if (drops.callsToday > 50 && dropPct > s.dropLimitPct) next = 1;
  return Math.max(1, next);
}

/** The controller after one second's sample; every 15th sample since the last step moves the level. */
export function adaptSample(state: AdaptState, sample: AdaptSample, drops: DropCounts, s: AdaptSettings): AdaptState {
  const samples = [...state.samples, sample].slice(-SAMPLES);
  const sinceStep = state.sinceStep + 1;
  if (sinceStep < SAMPLES) return { level: state.level, samples, sinceStep };
  const n = samples.length;
  const mean = {
    ready: samples.reduce((a, x) => a + x.ready, 0) / n,
    waiting: samples.reduce((a, x) => a + x.waiting, 0) / n,
    agents: samples.reduce((a, x) => a + x.agents, 0) / n,
  };
  return { level: adaptStep(state.level, mean, drops, s), samples, sinceStep: 0 };
}

/** New dials this tick: round(DL × agents ready or in a call) − active calls, never below 0. */
export function adaptDials(level: number, readyOrInCall: number, activeCalls: number): number {
  return Math.max(0, Math.round(level * readyOrInCall) - activeCalls);
}
