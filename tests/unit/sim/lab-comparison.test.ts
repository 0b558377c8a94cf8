import { describe, expect, it } from 'vitest';
import { fidelityGap, labFigures, quantile, sameAbandons, type LabAttempt, type ReplicationFigures } from '../../../src/sim/lab-comparison.js';

const at = (dialedAt: number | null, rest: Partial<LabAttempt> = {}): LabAttempt => ({ dialedAt, answeredAt: null, connectedAt: null, endedAt: null, outcome: 'busy', ...rest });

describe('labFigures', () => {
  // Two agents, a run from 0 to 100 s.
  const from = 0;
  const to = 100_000;

  it('counts talk from the bridge to the hang-up, clipped to the run, over all agents logged in', () => {
    const attempts = [
      at(1_000, { answeredAt: 5_000, connectedAt: 6_000, endedAt: 26_000, outcome: 'completed' }),
      // Still talking when the run ends: only the part inside counts.
      at(60_000, { answeredAt: 65_000, connectedAt: 70_000, endedAt: 130_000, outcome: 'completed' }),
    ];
    const f = labFigures(attempts, 2, from, to);
    expect(f.occupancy).toBeCloseTo((20_000 + 30_000) / 200_000, 12);
    expect(f.lives).toBe(2);
  });

  it('takes abandons over live answers, and dials per hour of the run, ignoring dials outside it', () => {
    const attempts = [
      at(1_000, { answeredAt: 5_000, connectedAt: 5_500, endedAt: 10_000, outcome: 'completed' }),
      at(2_000, { answeredAt: 6_000, endedAt: 12_000, outcome: 'abandoned' }),
      at(3_000, { outcome: 'no-answer', endedAt: 18_000 }),
      at(4_000),
      // Dialed after the run ended (the pause came later), and never dialed.
      at(100_000, { answeredAt: 103_000, connectedAt: 104_000, endedAt: 110_000, outcome: 'completed' }),
      at(null, { outcome: null }),
    ];
    const f = labFigures(attempts, 1, from, to);
    expect(f).toMatchObject({ dials: 4, lives: 2, abandons: 1, abandonRate: 0.5 });
    expect(f.dialsPerHour).toBeCloseTo(4 * 36, 9);
    // The late call's talk lies outside the run.
    expect(f.occupancy).toBeCloseTo(4_500 / 100_000, 12);
  });

  it('refuses a run without length or agents', () => {
    expect(() => labFigures([], 0, 0, 1000)).toThrow(RangeError);
    expect(() => labFigures([], 1, 1000, 1000)).toThrow(RangeError);
  });
});

describe('fidelityGap', () => {
  const lab = { occupancy: 0.62, abandonRate: 0.02, dialsPerHour: 900, dials: 90, lives: 100, abandons: 2 };

  it('gives the differences in points and the dial ratio, and whether the occupancy is within the tolerance', () => {
    const g = fidelityGap(lab, { occupancy: 0.6, abandonRate: 0.025, dialsPerHour: 1000 });
    expect(g.occupancyPts).toBeCloseTo(2, 9);
    expect(g.abandonPts).toBeCloseTo(-0.5, 9);
    expect(g.dialsRatio).toBeCloseTo(0.9, 9);
    expect(g.occupancyWithin).toBe(true);
    expect(fidelityGap(lab, { occupancy: 0.66, abandonRate: 0.025, dialsPerHour: 1000 }).occupancyWithin).toBe(false);
    expect(fidelityGap(lab, { occupancy: 0.5, abandonRate: 0.025, dialsPerHour: 1000 }, 15).occupancyWithin).toBe(true);
  });

  it('holds abandon rates the same when they differ by less than two standard errors on the lab\'s live answers', () => {
    // sim 2.5% on 100 lives: se = 1.56 points, so 2% is the same and 6% is not.
    expect(fidelityGap(lab, { occupancy: 0.6, abandonRate: 0.025, dialsPerHour: 1000 }).sameAbandon).toBe(true);
    expect(fidelityGap({ ...lab, abandonRate: 0.06, abandons: 6 }, { occupancy: 0.6, abandonRate: 0.025, dialsPerHour: 1000 }).sameAbandon).toBe(false);
  });
});

describe('quantile', () => {
  it('takes the nearest rank, and NaN of nothing', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 0.9)).toBe(5);
    expect(quantile([5, 1, 3, 2, 4], 0)).toBe(1);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('sameAbandons', () => {
  // 30 replications with no abandon at 60%, 40 with one at 55%, 5 with two at 50%, 25 with three at 45%.
  const reps: ReplicationFigures[] = [
    ...Array.from({ length: 30 }, () => ({ abandons: 0, occupancy: 0.6 })),
    ...Array.from({ length: 40 }, () => ({ abandons: 1, occupancy: 0.55 })),
    ...Array.from({ length: 5 }, () => ({ abandons: 2, occupancy: 0.5 })),
    ...Array.from({ length: 25 }, () => ({ abandons: 3, occupancy: 0.45 })),
  ];
  it.each([
    // lab abandons, minReps → band, replications, mean occupancy
    [0, 20, [0, 0], 30, 0.6],
    [1, 20, [1, 1], 40, 0.55],
    // Two has only 5: the band grows towards the side with more just outside it (one: 40, against three: 25).
    [2, 20, [1, 2], 45, (40 * 0.55 + 5 * 0.5) / 45],
    [3, 20, [3, 3], 25, 0.45],
    [0, 50, [0, 1], 70, (30 * 0.6 + 40 * 0.55) / 70],
    [7, 20, [3, 7], 25, 0.45],
  ] as const)('a lab run with %s abandons (at least %s replications) compares with abandons %j: %s replications', (lab, minReps, band, count, occupancy) => {
    const s = sameAbandons(reps, lab, minReps)!;
    expect(s.abandons).toEqual(band);
    expect(s.count).toBe(count);
    expect(s.occupancy).toBeCloseTo(occupancy, 9);
    expect(s.p10).toBeLessThanOrEqual(s.occupancy + 1e-12);
    expect(s.p90).toBeGreaterThanOrEqual(s.occupancy - 1e-12);
  });

  it('says nothing with fewer replications than asked for', () => {
    expect(sameAbandons(reps.slice(0, 10), 0)).toBeNull();
  });
});
