/**
 * Pacing fidelity (issue 18): what a predictive campaign achieved on the lab, measured from its attempts the way the
 * simulator measures a replication, and how it compares with the simulator's figures for the same parameters.
 * Pure: the bench gathers the attempts and runs the simulator.
 */

/** The times of one attempt that matter here (ms since the epoch; null when it never got there). */
export interface LabAttempt {
  readonly dialedAt: number | null;
  readonly answeredAt: number | null;
  readonly connectedAt: number | null;
  readonly endedAt: number | null;
  readonly outcome: string | null;
}

/** The three figures compared, plus what they were made of. */
export interface PacingFigures {
  /** Talk time / logged-in time: agents' time connected to a customer, clipped to the run. */
  readonly occupancy: number;
  /** Abandoned live answers / live answers. */
  readonly abandonRate: number;
  readonly dialsPerHour: number;
  readonly dials: number;
  readonly lives: number;
  readonly abandons: number;
}

/** What a run's attempts say, for `agents` agents logged in from `from` to `to` (the campaign's run). */
export function labFigures(attempts: readonly LabAttempt[], agents: number, from: number, to: number): PacingFigures {
  const runMs = to - from;
  if (!(runMs > 0) || agents < 1) throw new RangeError('a run needs agents and a positive length');
  let talkMs = 0;
  let dials = 0;
  let lives = 0;
  let abandons = 0;
  for (const a of attempts) {
    if (a.dialedAt === null || a.dialedAt < from || a.dialedAt >= to) continue;
    dials += 1;
    if (a.outcome === 'abandoned') {
      lives += 1;
      abandons += 1;
    } else if (a.connectedAt !== null) {
      lives += 1;
    }
  }
  // Talk of every connected call overlapping the run, dialed inside it or not.
  for (const a of attempts) {
    if (a.connectedAt === null) continue;
    const start = Math.max(from, a.connectedAt);
    const end = Math.min(to, a.endedAt ?? to);
    if (end > start) talkMs += end - start;
  }
  return {
    occupancy: talkMs / (agents * runMs),
    abandonRate: lives > 0 ? abandons / lives : 0,
    dialsPerHour: (dials * 3_600_000) / runMs,
    dials,
    lives,
    abandons,
  };
}

/** Quantile q of the values (nearest rank); NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Lab against simulator: differences in points (percentage points) and the dial ratio. */
export interface FidelityGap {
  /** Lab occupancy − simulator occupancy, points. */
  readonly occupancyPts: number;
  /** Lab abandon rate − simulator abandon rate, points. */
  readonly abandonPts: number;
  /** Lab dials per hour / simulator dials per hour. */
  readonly dialsRatio: number;
  /** Within `occupancyTolPts` of the simulator's occupancy. */
  readonly occupancyWithin: boolean;
  /**
   * The abandon rates are the same within chance: the lab's lies within two binomial standard errors (of the
   * simulator's rate, on the lab's live answers) of the simulator's, so the occupancies compare like for like.
   */
  readonly sameAbandon: boolean;
}

/** How far the lab is from the simulator. */
export function fidelityGap(lab: PacingFigures, sim: Omit<PacingFigures, 'dials' | 'lives' | 'abandons'>, occupancyTolPts = 3): FidelityGap {
  const occupancyPts = (lab.occupancy - sim.occupancy) * 100;
  const abandonPts = (lab.abandonRate - sim.abandonRate) * 100;
  const p = Math.min(Math.max(sim.abandonRate, 1e-3), 1 - 1e-3);
  const se = lab.lives > 0 ? Math.sqrt((p * (1 - p)) / lab.lives) : Infinity;
  return {
    occupancyPts,
    abandonPts,
    dialsRatio: sim.dialsPerHour > 0 ? lab.dialsPerHour / sim.dialsPerHour : Number.NaN,
    occupancyWithin: Math.abs(occupancyPts) <= occupancyTolPts,
    sameAbandon: Math.abs(lab.abandonRate - sim.abandonRate) <= 2 * se,
  };
}
