import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { averageSpeedOfAnswer, erlangB, erlangC, inboundAgents, inboundWith, serviceLevel } from '../../../src/staffing/erlang-c.js';

/** Erlang C straight from its textbook formula, its terms in log space with log-sum-exp (the test's independent check). */
function erlangCDirect(n: number, a: number): number {
  const logs: number[] = [];
  let logFact = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 1) logFact += Math.log(k);
    logs.push(k * Math.log(a) - logFact);
  }
  logs[n] = logs[n]! + Math.log(n / (n - a));
  const max = Math.max(...logs);
  const sum = logs.reduce((acc, l) => acc + Math.exp(l - max), 0);
  return Math.exp(logs[n]! - max) / sum;
}

describe('Erlang B and C', () => {
  it('match published table values', () => {
    // Erlang B tables: 5 Erlangs on 10 lines block 1.84%; 10 Erlangs on 10 lines 21.5%.
    expect(erlangB(10, 5)).toBeCloseTo(0.01838, 4);
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    // The Call Centre Helper worked example: 100 calls in 30 min at 180 s AHT is 10 Erlangs; with 11 agents a call waits with probability 68.21%.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
  });

  it('agree with the textbook formula, and stay finite and exact for thousands of agents', () => {
    for (const [n, a] of [[1, 0.5], [7, 5.5], [30, 25], [120, 110]] as const) expect(erlangC(n, a)).toBeCloseTo(erlangCDirect(n, a), 10);
    // A^N and N! are far beyond doubles here: the recursion never forms them.
    const big = erlangC(5000, 4950);
    expect(Number.isFinite(big)).toBe(true);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(1);
    expect(erlangC(5000, 4950)).toBeCloseTo(erlangCDirect(5000, 4950), 6);
  });

  it('service level and average speed of answer', () => {
    // SL = 1 − C·e^(−(N−A)·t/AHT); ASA = C·AHT/(N−A)
    const c = erlangC(13, 10);
    expect(serviceLevel(13, 10, 180, 20)).toBeCloseTo(1 - c * Math.exp(-3 * 20 / 180), 12);
    expect(averageSpeedOfAnswer(13, 10, 180)).toBeCloseTo((c * 180) / 3, 12);
    expect(serviceLevel(10, 10, 180, 20)).toBe(0);
    expect(erlangC(10, 12)).toBe(1);
  });
});

describe('inbound staffing', () => {
  it('100 calls per 30 min, AHT 180 s, 80% in 20 s: 14 agents (13 reach only 79.6%)', () => {
    const r = inboundAgents({ calls: 100, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 });
    expect(r.agents).toBe(14);
    expect(r.traffic).toBe(10);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.asaS).toBeCloseTo(7.8, 1);
    expect(r.occupancy).toBeCloseTo(10 / 14, 10);
    expect(inboundWith({ calls: 100, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 }, 13).serviceLevel).toBeCloseTo(0.7956, 4);
  });

  it('adds agents for an occupancy ceiling, and needs none for no calls', () => {
    const r = inboundAgents({ calls: 400, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20, maxOccupancy: 0.85 });
    expect(r.occupancy).toBeLessThanOrEqual(0.85);
    expect(inboundWith({ calls: 400, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 }, r.agents - 1).occupancy).toBeGreaterThan(0.85);
    expect(inboundAgents({ calls: 0, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 })).toMatchObject({ agents: 0, serviceLevel: 1 });
  });

  it('is fast and stable for a very large centre', () => {
    const t0 = performance.now();
    const r = inboundAgents({ calls: 50_000, intervalS: 3600, ahtS: 300, serviceLevel: 0.9, targetAnswerS: 15 });
    expect(r.agents).toBeGreaterThan(r.traffic);
    expect(r.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('refuses impossible input with the field named', () => {
    for (const [bad, key] of [
      [{ serviceLevel: 1 }, 'serviceLevel'],
      [{ ahtS: 0 }, 'ahtS'],
      [{ intervalS: -5 }, 'intervalS'],
      [{ calls: Number.NaN }, 'calls'],
    ] as const) {
      try {
        inboundAgents(Object.assign({ calls: 100, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 }, bad));
        expect.unreachable();
      } catch (err) {
        expect(isHotlineError(err, 'SIM_INVALID')).toBe(true);
        expect((err as { key: string }).key).toBe(key);
      }
    }
  });
});
