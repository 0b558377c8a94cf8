import { guard } from './abandon-guard.js';
import { windowCounts, type AbandonWindow } from './abandon-window.js';
import { estimate } from './dial-estimates.js';
import type { DialStats } from './dial-stats.js';
import type { PacingSettings } from './pacing-settings.js';
import { workingAgents, type PacingState } from './pacing-state.js';
import { predictLaunches } from './predictive-model.js';

/**
 * One pacing decision: how many calls a campaign launches now. Pure: (state, stats, window, settings, now) →
 * decision; the engine gathers the state, picks that many due leads (selectDials) and dials them.
 */

/** What decided the number, for logs and the console. */
export type PacingReason =
  /** No agent logged in. */
  | 'no-agents'
  /** Agents are logged in but every one is paused. */
  | 'all-paused'
  /** Progressive: one call per ready agent without one coming. */
  | 'progressive'
  /** A fixed ratio of lines per agent ready or on a call. */
  | 'ratio'
  /** The predictive model. */
  | 'model'
  /** The abandon guard: tightened the model, or (at or over the limit) held it to progressive. */
  | 'guard'
  /** The model wanted more, but lines per working agent are capped (settings.maxLinesPerAgent). */
  | 'cap-agent-lines'
  /** Fewer free lines than wanted. */
  | 'cap-lines'
  /** Fewer calls-per-second tokens than wanted. */
  | 'cap-cps';

export type PacingAlgorithm = 'progressive' | 'ratio' | 'model';

export interface PacingDecision {
  /** Calls to launch now. */
  readonly launch: number;
  readonly reason: PacingReason;
  readonly algorithm: PacingAlgorithm;
  /** Calls the algorithm wanted before the line and calls-per-second caps. */
  readonly wanted: number;
  /** Abandon rate over the compliance window (raw), and its live answers. */
  readonly windowRate: number;
  readonly windowLives: number;
  /** Model only: the marginal abandon probability allowed and the one the last launched call carries. */
  readonly threshold?: number;
  readonly marginal?: number;
}

/** What the campaign's settings say about pacing. */
export interface PaceConfig {
  /** The campaign's dial mode (preview and agentless campaigns are not paced by agents). */
  readonly mode: 'progressive' | 'predictive';
  readonly pacing: PacingSettings;
  /** A live answer with no agent after this long is abandoned (the campaign's abandonAfterMs, at most 2 s). */
  readonly abandonAfterMs: number;
}

/** Calls for ready agents who have none ringing or waiting for them. */
export function progressiveLaunches(s: PacingState): number {
  return Math.max(0, s.ready - s.ringing.length - s.waiting.length);
}

/** Calls up to `ratio` lines per agent ready or on a call, counting the calls already out and connected. */
export function ratioLaunches(s: PacingState, ratio: number): number {
  const lines = Math.floor(ratio * (s.ready + s.onCall.length) + 1e-9);
  return Math.max(0, lines - (s.ringing.length + s.waiting.length + s.onCall.length));
}

/** The caps every algorithm obeys: free lines and whole calls-per-second tokens. */
export function capLaunches(wanted: number, s: PacingState): { launch: number; capped: 'cap-lines' | 'cap-cps' | null } {
  const lines = Math.max(0, Math.floor(s.freeLines));
  const tokens = Math.max(0, Math.floor(s.cpsTokens));
  const launch = Math.max(0, Math.min(wanted, lines, tokens));
  if (launch >= wanted) return { launch, capped: null };
  return { launch, capped: lines <= tokens ? 'cap-lines' : 'cap-cps' };
}

/** How many calls to launch now. */
export function pace(state: PacingState, stats: DialStats, window: AbandonWindow, config: PaceConfig, now: number): PacingDecision {
  const counts = windowCounts(window, now);
  const base = { windowRate: counts.rate, windowLives: counts.lives };
  const algorithm: PacingAlgorithm = config.mode === 'progressive' ? 'progressive' : config.pacing.algorithm;
  const loggedIn = workingAgents(state) + state.paused;
  if (loggedIn === 0) return { launch: 0, reason: 'no-agents', algorithm, wanted: 0, ...base };
  if (workingAgents(state) === 0) return { launch: 0, reason: 'all-paused', algorithm, wanted: 0, ...base };

  const finish = (wanted: number, reason: PacingReason, extra: Partial<PacingDecision> = {}): PacingDecision => {
    const { launch, capped } = capLaunches(wanted, state);
    return { launch, reason: capped ?? reason, algorithm, wanted, ...base, ...extra };
  };
  if (algorithm === 'progressive') return finish(progressiveLaunches(state), 'progressive');

  const verdict = guard(counts, config.pacing);
  // At or over the limit every algorithm is held to progressive until the window comes back under it.
  if (verdict.fallback) return finish(Math.min(progressiveLaunches(state), algorithm === 'ratio' ? ratioLaunches(state, config.pacing.ratio) : Infinity), 'guard', { threshold: 0 });
  if (algorithm === 'ratio') return finish(ratioLaunches(state, config.pacing.ratio), 'ratio');

  const floor = progressiveLaunches(state);
  const out = state.ringing.length + state.waiting.length;
  const perAgentRoom = Math.max(0, Math.floor(config.pacing.maxLinesPerAgent * workingAgents(state)) - out);
  // The model sizes what it wants under its own brake only, so a decision cut by lines or tokens says so.
  const ceiling = Math.max(floor, perAgentRoom);
  const est = estimate(stats, state.hour, now, config.pacing);
  const model = predictLaunches(state, est, config.abandonAfterMs / 1000, verdict.threshold, floor, ceiling);
  const reason: PacingReason = model.launch === perAgentRoom && perAgentRoom > floor ? 'cap-agent-lines' : verdict.tightened ? 'guard' : 'model';
  return finish(model.launch, reason, { threshold: verdict.threshold, marginal: model.marginal });
}
