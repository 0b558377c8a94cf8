import { runReplication, type ReplicationResult } from './run-replication.js';
import { algorithmName, makeDialer, type AlgorithmSpec } from './sim-dialers.js';
import { summarize, windowBreached, type AlgorithmMetrics } from './sim-metrics.js';
import type { SimParams } from './sim-params.js';

/**
 * A whole simulation run: every algorithm over the same replications (the same customers, common random numbers),
 * with the best fixed ratio found by search.
 */
export const algorithmKinds = ['progressive', 'ratio', 'vicidial', 'erlang', 'hotline'] as const;
export type AlgorithmKind = (typeof algorithmKinds)[number];

export interface ExperimentOptions {
  readonly algorithms?: readonly AlgorithmKind[];
  /** Run this ratio instead of searching for the best one. */
  readonly ratio?: number;
}

export interface ExperimentResult {
  readonly algorithms: readonly AlgorithmMetrics[];
  /** The ratio reported as `ratio …` (found or given); null when ratio was not run. */
  readonly ratio: number | null;
}

/** Every replication of one algorithm; `stopEarly` ends at the first replication it rejects. */
export function runAll(spec: AlgorithmSpec, p: SimParams, stopEarly?: (r: ReplicationResult) => boolean): ReplicationResult[] {
  const out: ReplicationResult[] = [];
  for (let rep = 0; rep < p.replications; rep++) {
    const r = runReplication(p, makeDialer(spec, p), rep);
    out.push(r);
    if (stopEarly?.(r)) break;
  }
  return out;
}

/** Ratios are searched on this grid. */
export const RATIO_STEP = 0.05;
const MAX_RATIO = 20;

/**
 * The best fixed ratio: the highest (on a 0.05 grid) with which no replication goes over the abandon limit in its
 * compliance window, the same bar hotline is held to. Grows the ratio until a replication breaches, then bisects.
 * Abandons grow with the ratio, but not strictly at every step, so this is the best ratio up to that noise.
 */
export function bestRatio(p: SimParams): { ratio: number; reps: ReplicationResult[] } {
  const grid = (r: number) => Math.round(r / RATIO_STEP) * RATIO_STEP;
  const cache = new Map<number, ReplicationResult[] | null>();
  const passes = (r: number): ReplicationResult[] | null => {
    const key = grid(r);
    if (!cache.has(key)) {
      const reps = runAll({ kind: 'ratio', ratio: key }, p, (x) => windowBreached(x, p));
      cache.set(key, reps.length === p.replications && !reps.some((x) => windowBreached(x, p)) ? reps : null);
    }
    return cache.get(key)!;
  };
  let good = 1;
  let goodReps = passes(1);
  // Ratio 1 is progressive: if even that breaches (agents pausing with calls on the way), report it anyway.
  if (!goodReps) return { ratio: 1, reps: runAll({ kind: 'ratio', ratio: 1 }, p) };
  let bad = MAX_RATIO + RATIO_STEP;
  for (let r = 1.5; r <= MAX_RATIO; r = grid(r * 1.5)) {
    const reps = passes(r);
    if (!reps) {
      bad = grid(r);
      break;
    }
    good = grid(r);
    goodReps = reps;
  }
  while (grid(bad - good) > RATIO_STEP) {
    const mid = grid((good + bad) / 2);
    const reps = passes(mid);
    if (reps) {
      good = mid;
      goodReps = reps;
    } else bad = mid;
  }
  return { ratio: good, reps: goodReps };
}

/** Runs the experiment. */
export function runExperiment(p: SimParams, o: ExperimentOptions = {}): ExperimentResult {
  const kinds = o.algorithms ?? algorithmKinds;
  const metrics: AlgorithmMetrics[] = [];
  let ratio: number | null = null;
  for (const kind of kinds) {
    if (kind === 'ratio') {
      const found = o.ratio !== undefined ? { ratio: o.ratio, reps: runAll({ kind: 'ratio', ratio: o.ratio }, p) } : bestRatio(p);
      ratio = found.ratio;
      metrics.push(summarize(algorithmName({ kind: 'ratio', ratio: found.ratio }), found.reps, p));
      continue;
    }
    const spec = { kind } as AlgorithmSpec;
    metrics.push(summarize(algorithmName(spec), runAll(spec, p), p));
  }
  return { algorithms: metrics, ratio };
}
