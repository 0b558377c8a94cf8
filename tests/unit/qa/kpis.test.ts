import { describe, expect, it } from 'vitest';
import { kpiDefaults, rankByTeam, scorecard, type ScoredCall } from '../../../src/qa/kpis.js';

const c = (agentId: string, total: number, recordError: boolean | null, wrapUp: ScoredCall['wrapUp']): ScoredCall => ({ agentId, total, recordError, wrapUp });
const resolved = (category = 'consult') => ({ category, result: 'resolved' });
const escalated = (category = 'consult') => ({ category, result: 'escalated' });

// Agent 1001: 40 wrap-ups; 5 scored calls, 1 with a record error; totals 90, 85, 70, 80, 95 → 4 of 5 ≥ 80;
// wrap-ups of the scored calls: 4 resolved, 1 escalated.
const week: ScoredCall[] = [
  c('1001', 90, false, resolved()),
  c('1001', 85, true, resolved()),
  c('1001', 70, false, escalated()),
  c('1001', 80, false, resolved('repair')),
  c('1001', 95, null, resolved()),
  // Agent 1002: 10 wrap-ups; 2 scored, both errors; totals 60, 79 → none ≥ 80; no wrap-ups on the scored calls.
  c('1002', 60, true, null),
  c('1002', 79, true, null),
];

describe('scorecard (hand-computed)', () => {
  it('computes the three KPIs with the seed formulas and targets', () => {
    const s = scorecard('1001', 'A', 40, week, kpiDefaults);
    // (40 − 1) / 40 = 0.975 ≥ 0.95.
    expect(s.recordAccuracy).toEqual({ rate: 0.975, numerator: 39, denominator: 40, target: 0.95, met: true });
    // 4 / 5 = 0.8 ≥ 0.75.
    expect(s.serviceMet).toEqual({ rate: 0.8, numerator: 4, denominator: 5, target: 0.75, met: true });
    // 4 / 5 = 0.8 < 0.95.
    expect(s.fcr).toEqual({ rate: 0.8, numerator: 4, denominator: 5, target: 0.95, met: false });
  });

  it('limits first-call resolution to the configured categories, and gives no rate without data', () => {
    expect(scorecard('1001', 'A', 40, week, { ...kpiDefaults, fcrCategories: ['consult'] }).fcr).toMatchObject({ rate: 0.75, numerator: 3, denominator: 4 });
    const s = scorecard('1002', 'A', 10, week, kpiDefaults);
    expect([s.recordAccuracy.rate, s.serviceMet.rate, s.fcr.rate, s.fcr.met]).toEqual([0.8, 0, null, null]);
    expect(scorecard('1003', 'B', 0, week, kpiDefaults).recordAccuracy).toMatchObject({ rate: null, met: null });
  });
});

describe('rankByTeam', () => {
  it('ranks by KPIs met, then mean rate, within each team; ties share a rank', () => {
    const cards = [
      scorecard('1001', 'A', 40, week, kpiDefaults), // met 2, mean (0.975 + 0.8 + 0.8) / 3 = 0.8583
      scorecard('1002', 'A', 10, week, kpiDefaults), // met 0, mean (0.8 + 0) / 2 = 0.4
      scorecard('1004', 'A', 40, week.map((x) => ({ ...x, agentId: x.agentId === '1001' ? '1004' : x.agentId })), kpiDefaults), // same as 1001
      scorecard('2001', 'B', 0, [], kpiDefaults), // nothing: met 0, mean 0
    ];
    expect(rankByTeam(cards).map((r) => [r.team, r.agentId, r.rank, r.met, r.mean])).toEqual([
      ['A', '1001', 1, 2, 0.8583],
      ['A', '1004', 1, 2, 0.8583],
      ['A', '1002', 3, 0, 0.4],
      ['B', '2001', 1, 0, 0],
    ]);
  });
});
