import { describe, expect, it } from 'vitest';
import { customer } from '../../../src/sim/customer-draws.js';
import { EventHeap } from '../../../src/sim/event-heap.js';
import { erlangDialRate, pWaitOver } from '../../../src/sim/erlang-reference.js';
import { bestRatio, runAll, runExperiment } from '../../../src/sim/experiment.js';
import { runReplication } from '../../../src/sim/run-replication.js';
import { makeDialer } from '../../../src/sim/sim-dialers.js';
import { abandonRateOf, windowBreached } from '../../../src/sim/sim-metrics.js';
import { answerRateAt, simParamsSchema } from '../../../src/sim/sim-params.js';

const small = simParamsSchema.parse({ agents: 10, hours: 1, replications: 2, seed: 3 });

describe('event heap', () => {
  it('pops by time, then rank (the world before the dialer), then insertion order', () => {
    const h = new EventHeap<string>();
    h.push(5, 1, 'tick@5');
    h.push(5, 0, 'end@5-a');
    h.push(1, 0, 'first');
    h.push(5, 0, 'end@5-b');
    h.push(9, 0, 'last');
    expect(Array.from({ length: 5 }, () => h.pop()!.data)).toEqual(['first', 'end@5-a', 'end@5-b', 'tick@5', 'last']);
    expect(h.pop()).toBeUndefined();
  });
});

describe('customers: common random numbers', () => {
  it('customer k of replication r is the same whoever dials them; other k or r differ', () => {
    const a = customer(small, 1, 42, 0.3);
    expect(customer(small, 1, 42, 0.3)).toEqual(a);
    const others = [customer(small, 1, 43, 0.3), customer(small, 2, 42, 0.3)];
    for (const o of others) expect(o.talkS).not.toBe(a.talkS);
  });

  it('a higher answer rate only turns some non-live customers live, and keeps the rest of their draws', () => {
    for (let k = 0; k < 500; k++) {
      const lo = customer(small, 0, k, 0.2);
      const hi = customer(small, 0, k, 0.4);
      if (lo.result === 'live') expect(hi.result).toBe('live');
      expect(hi.talkS).toBe(lo.talkS);
    }
  });

  it('outcome shares and times follow the parameters', () => {
    const n = 20_000;
    const draws = Array.from({ length: n }, (_, k) => customer(small, 5, k, 0.3));
    const share = (r: string) => draws.filter((d) => d.result === r).length / n;
    expect(share('live')).toBeCloseTo(0.3, 1);
    expect(share('no-answer')).toBeCloseTo(0.7 * 0.55, 1);
    const lives = draws.filter((d) => d.result === 'live');
    expect(Math.min(...lives.map((d) => d.seconds))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...lives.map((d) => d.seconds))).toBeLessThanOrEqual(25);
    const meanTalk = draws.reduce((a, d) => a + d.talkS, 0) / n;
    expect(Math.abs(meanTalk - 120) / 120).toBeLessThan(0.03);
  });

  it('answer-rate steps apply from their hour on', () => {
    const p = simParamsSchema.parse({ answerRate: 0.3, answerRateSteps: [{ atHour: 2, answerRate: 0.1 }, { atHour: 5, answerRate: 0.4 }] });
    expect([0, 1.99, 2, 4.5, 5, 7].map((h) => answerRateAt(p, h))).toEqual([0.3, 0.3, 0.1, 0.1, 0.4, 0.4]);
  });
});

describe('replications', () => {
  it('the same seed gives the same run; another seed another', () => {
    const a = runReplication(small, makeDialer({ kind: 'hotline' }, small), 0);
    const b = runReplication(small, makeDialer({ kind: 'hotline' }, small), 0);
    const c = runReplication({ ...small, seed: 4 }, makeDialer({ kind: 'hotline' }, small), 0);
    expect(b).toEqual(a);
    expect(c.talkMs).not.toBe(a.talkMs);
  });

  it('talk times tied to agents: each agent\'s calls numbered from 0, the customer\'s own draw the same run as none', () => {
    const p = { ...small, hours: 0.25 };
    const seen = new Map<number, number[]>();
    const own = runReplication(p, makeDialer({ kind: 'hotline' }, p), 0, (agent, nth, who) => {
      seen.set(agent, [...(seen.get(agent) ?? []), nth]);
      return who.talkS;
    });
    expect(own).toEqual(runReplication(p, makeDialer({ kind: 'hotline' }, p), 0));
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    for (const nths of seen.values()) expect(nths).toEqual(nths.map((_, i) => i));
    // An hour's talk for every call: each agent takes one call in the quarter hour, and talks to its end.
    const long = runReplication(p, makeDialer({ kind: 'hotline' }, p), 0, () => 3600);
    expect(long.lives - long.abandons).toBe(10);
  });

  it('keeps the books: logged-in time, talk within it, every abandon a live answer', () => {
    for (const kind of ['progressive', 'hotline', 'vicidial', 'erlang'] as const) {
      const r = runReplication(small, makeDialer({ kind }, small), 1);
      expect(r.loggedInMs).toBe(10 * 3_600_000);
      expect(r.talkMs).toBeGreaterThan(0);
      expect(r.talkMs).toBeLessThanOrEqual(r.loggedInMs);
      expect(r.abandons).toBeLessThanOrEqual(r.lives);
      expect(r.hourlyLives.reduce((a, b) => a + b, 0)).toBe(r.lives);
      expect(r.hourlyAbandons.reduce((a, b) => a + b, 0)).toBe(r.abandons);
      expect(r.lives).toBeLessThanOrEqual(r.dials);
    }
  });

  it('caps lines and calls per second for every algorithm', () => {
    const capped = simParamsSchema.parse({ agents: 20, hours: 0.5, replications: 1, answerRate: 0.1, lines: 12, cps: 0.5 });
    for (const kind of ['hotline', 'vicidial', 'erlang'] as const) {
      const r = runReplication(capped, makeDialer({ kind }, capped), 0);
      // 0.5 calls per second over 30 minutes, plus the first second's full bucket.
      expect(r.dials).toBeLessThanOrEqual(0.5 * 1800 + 1);
    }
  });

  it('agents who pause stop taking calls; with everybody paused nothing is dialed', () => {
    const p = simParamsSchema.parse({ agents: 4, hours: 2, replications: 1, pauses: [{ atHour: 0, agents: 4, minutes: 60 }] });
    const r = runReplication(p, makeDialer({ kind: 'hotline' }, p), 0);
    expect(r.hourlyLives[0]).toBe(0);
    expect(r.hourlyLives[1]).toBeGreaterThan(0);
  });

  it('hotline keeps within the limit when the answer rate jumps mid-run', () => {
    const p = simParamsSchema.parse({ agents: 20, hours: 4, replications: 2, answerRate: 0.15, answerRateSteps: [{ atHour: 2, answerRate: 0.4 }] });
    const reps = runAll({ kind: 'hotline' }, p);
    for (const r of reps) expect(windowBreached(r, p)).toBe(false);
  });
});

describe('window breaches', () => {
  const p = simParamsSchema.parse({ hours: 48, pacing: { complianceWindow: '24h' } });
  const run = (abandonsPerHour: (h: number) => number) => ({
    hourlyLives: Array.from({ length: 48 }, () => 100),
    hourlyAbandons: Array.from({ length: 48 }, (_, h) => abandonsPerHour(h)),
  });
  it('a 24 h window is checked every hour once full: one bad day-long stretch is a breach, a bad hour is not', () => {
    expect(windowBreached(run(() => 2), p)).toBe(false);
    expect(windowBreached(run((h) => (h === 30 ? 20 : 2)), p)).toBe(false);
    expect(windowBreached(run((h) => (h >= 10 && h < 34 ? 4 : 2)), p)).toBe(true);
  });
  it('since start is the whole run', () => {
    const whole = { ...p, pacing: { ...p.pacing, complianceWindow: 'since-start' as const } };
    expect(windowBreached(run((h) => (h < 24 ? 5 : 0)), whole)).toBe(false);
    expect(windowBreached(run((h) => (h < 24 ? 7 : 0)), whole)).toBe(true);
  });
});

describe('baselines', () => {
  it('the Erlang reference dials at the rate whose wait beyond the patience meets the target', () => {
    const rate = erlangDialRate(20, 0.3, 135, 2, 0.02);
    const traffic = rate * 0.3 * 135;
    expect(pWaitOver(20, traffic, 135, 2)).toBeCloseTo(0.02, 4);
    expect(erlangDialRate(0, 0.3, 135, 2, 0.02)).toBe(0);
  });

  it('the best ratio: every replication within the limit, and the next step up is not', () => {
    const p = simParamsSchema.parse({ agents: 10, hours: 2, replications: 2, answerRate: 0.2 });
    const best = bestRatio(p);
    expect(best.reps.every((r) => !windowBreached(r, p))).toBe(true);
    const above = runAll({ kind: 'ratio', ratio: best.ratio + 0.05 }, p);
    expect(above.some((r) => windowBreached(r, p))).toBe(true);
  });

  it('hotline predictive beats progressive and VICIdial on occupancy within the limit (a small case)', () => {
    const p = simParamsSchema.parse({ agents: 10, hours: 4, replications: 2, answerRate: 0.2 });
    const r = runExperiment(p, { algorithms: ['progressive', 'vicidial', 'hotline'] });
    const [prog, vici, hot] = r.algorithms;
    expect(hot!.occupancy).toBeGreaterThan(prog!.occupancy + 0.1);
    expect(hot!.occupancy).toBeGreaterThan(vici!.occupancy);
    expect(hot!.windowBreaches).toBe(0);
    expect(hot!.abandonRate).toBeLessThan(0.03);
    expect(abandonRateOf({ lives: 0, abandons: 0 })).toBe(0);
  });
});
