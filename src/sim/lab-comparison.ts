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

/** One simulator replication as the comparison at the same abandons needs it. */
export interface ReplicationFigures {
  readonly abandons: number;
  readonly occupancy: number;
}

/** The simulator's occupancy over the replications that abandoned as many calls as the lab run. */
export interface SameAbandons {
  /** Replications with the lab's number of abandons (at least `minReps`: see sameAbandons). */
  readonly count: number;
  /** The abandon counts they cover, low to high. */
  readonly abandons: readonly [number, number];
  readonly occupancy: number;
  readonly p10: number;
  readonly p90: number;
}

/**
 * The simulator's figures at the lab run's abandon count: the guard steers a run by its own abandons (none yet lets
 * the model dial harder, each one holds it back), so a run's occupancy goes with its abandons, and the goal compares
 * the lab with the replications that abandoned as many of a like number of live answers (runs of the same length).
 * Too few such replications widen the band one count at a time, nearest first, until `minReps` are in it; null when
 * there are fewer replications than that.
 */
export function sameAbandons(reps: readonly ReplicationFigures[], labAbandons: number, minReps = 20): SameAbandons | null {
  if (reps.length < minReps) return null;
  let lo = labAbandons;
  let hi = labAbandons;
  const inBand = () => reps.filter((r) => r.abandons >= lo && r.abandons <= hi);
  while (inBand().length < minReps) {
    // Widen towards the side with more replications just outside the band (below first on a tie).
    const below = lo > 0 ? reps.filter((r) => r.abandons === lo - 1).length : -1;
    const above = reps.filter((r) => r.abandons === hi + 1).length;
    if (below >= above && lo > 0) lo -= 1;
    else hi += 1;
  }
  const occ = inBand().map((r) => r.occupancy);
  return { count: occ.length, abandons: [lo, hi], occupancy: occ.reduce((a, b) => a + b, 0) / occ.length, p10: quantile(occ, 0.1), p90: quantile(occ, 0.9) };
}
