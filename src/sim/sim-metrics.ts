import { IDLE_BIN_S, IDLE_BINS, type ReplicationResult } from './run-replication.js';
import type { SimParams } from './sim-params.js';

/** What `hotline simulate` reports per algorithm, over all replications. */
export interface AlgorithmMetrics {
  readonly name: string;
  /** Talk time / logged-in time, all agents and replications pooled (paused time counts as logged in; wrap-up does not count as talk). */
  readonly occupancy: number;
  /** Minutes of talk per logged-in agent-hour (60 × occupancy). */
  readonly talkMinutesPerAgentHour: number;
  /** Abandoned live answers / live answers, pooled over replications. */
  readonly abandonRate: number;
  /** The highest abandon rate of any single hour of any replication. */
  readonly worstHourAbandonRate: number;
  /**
   * Replications whose abandon rate over the compliance window went over the limit: checked at the end of every hour
   * once a full window has passed, and at the end of the run (for a run shorter than the window, the whole run).
   */
  readonly windowBreaches: number;
  /** Share of live answers not connected to an agent within 2 s (the abandoned ones included). */
  readonly pWaitOver2s: number;
  /** Median and 90th percentile of agents' idle spells, seconds: ready until the next call (or a pause, or the end). */
  readonly agentIdleP50: number;
  readonly agentIdleP90: number;
  /** Dials per hour of the run (the whole campaign), mean over replications. */
  readonly dialsPerHour: number;
}

const WINDOW_HOURS = { '24h': 24, '30d': 720, 'since-start': Infinity } as const;

/** Whether one replication went over the limit in its compliance window. */
export function windowBreached(r: Pick<ReplicationResult, 'hourlyLives' | 'hourlyAbandons'>, p: SimParams): boolean {
  const w = WINDOW_HOURS[p.pacing.complianceWindow];
  const hours = r.hourlyLives.length;
  const over = (from: number, to: number) => {
    let lives = 0;
    let abandons = 0;
    for (let h = Math.max(0, from); h < to; h++) {
      lives += r.hourlyLives[h]!;
      abandons += r.hourlyAbandons[h]!;
    }
    return abandons > p.pacing.abandonLimit * lives;
  };
  if (Number.isFinite(w)) for (let h = w; h <= hours; h++) if (over(h - w, h)) return true;
  return over(Number.isFinite(w) ? hours - w : 0, hours);
}

/** A replication's abandon rate. */
export function abandonRateOf(r: Pick<ReplicationResult, 'lives' | 'abandons'>): number {
  return r.lives > 0 ? r.abandons / r.lives : 0;
}

function percentile(hist: Float64Array, q: number): number {
  let total = 0;
  for (const x of hist) total += x;
  if (total === 0) return 0;
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    acc += hist[i]!;
    if (acc >= q * total) return (i + 0.5) * IDLE_BIN_S;
  }
  return hist.length * IDLE_BIN_S;
}

/** The metrics of one algorithm from its replications. */
export function summarize(name: string, reps: readonly ReplicationResult[], p: SimParams): AlgorithmMetrics {
  let talk = 0;
  let logged = 0;
  let lives = 0;
  let abandons = 0;
  let late = 0;
  let dials = 0;
  let worst = 0;
  let breaches = 0;
  const idle = new Float64Array(IDLE_BINS);
  for (const r of reps) {
    talk += r.talkMs;
    logged += r.loggedInMs;
    lives += r.lives;
    abandons += r.abandons;
    late += r.notConnectedIn2s;
    dials += r.dials;
    for (let h = 0; h < r.hourlyLives.length; h++) if (r.hourlyLives[h]! > 0) worst = Math.max(worst, r.hourlyAbandons[h]! / r.hourlyLives[h]!);
    if (windowBreached(r, p)) breaches += 1;
    for (let i = 0; i < IDLE_BINS; i++) idle[i]! += r.idle[i]!;
  }
  const occupancy = logged > 0 ? talk / logged : 0;
  return {
    name,
    occupancy,
    talkMinutesPerAgentHour: occupancy * 60,
    abandonRate: lives > 0 ? abandons / lives : 0,
    worstHourAbandonRate: worst,
    windowBreaches: breaches,
    pWaitOver2s: lives > 0 ? late / lives : 0,
    agentIdleP50: percentile(idle, 0.5),
    agentIdleP90: percentile(idle, 0.9),
    dialsPerHour: reps.length > 0 ? dials / reps.length / p.hours : 0,
  };
}
