import { describe, expect, it } from 'vitest';
import { adaptDials, adaptSample, adaptStep, defaultAdaptSettings, initialAdapt, SAMPLES, type DropCounts } from '../../../src/sim/vicidial-adapt.js';

const quiet: DropCounts = { callsToday: 0, answersToday: 0, dropsToday: 0, callsLastMinute: 0, dropsLastMinute: 0 };
const s = defaultAdaptSettings;
const mean = (ready: number, waiting: number, agents: number) => ({ ready, waiting, agents });

describe('VICIdial ADAPT_HARD_LIMIT: the 15-second step, by hand', () => {
  it('raises the level by (R̄ − W̄)/Ā with intensity 0', () => {
    // d = (3 − 1)/10 = 0.2 → 1.5 × 1.2 = 1.8
    expect(adaptStep(1.5, mean(3, 1, 10), quiet, s)).toBeCloseTo(1.8, 12);
  });

  it('intensity scales raises by (1 + k) and cuts by |k − 1|', () => {
    // k = 0.2: raise d′ = 0.2 × 1.2 = 0.24 → 1.5 × 1.24 = 1.86
    expect(adaptStep(1.5, mean(3, 1, 10), quiet, { ...s, intensity: 20 })).toBeCloseTo(1.86, 12);
    // d = −0.4, k = 0: d′ = −0.4 → 2.5 × 0.6 = 1.5; k = 0.2: d′ = −0.4 × 0.8 = −0.32 → 2.5 × 0.68 = 1.7
    expect(adaptStep(2.5, mean(0, 4, 10), quiet, s)).toBeCloseTo(1.5, 12);
    expect(adaptStep(2.5, mean(0, 4, 10), quiet, { ...s, intensity: 20 })).toBeCloseTo(1.7, 12);
    // diff target: d = (1 − 1 + 2)/8 = 0.25 → 2 × 1.25 = 2.5
    expect(adaptStep(2, mean(1, 1, 8), quiet, { ...s, diffTarget: 2 })).toBeCloseTo(2.5, 12);
  });

  it('keeps the level between 1.0 and the max level', () => {
    expect(adaptStep(2.8, mean(3, 1, 10), quiet, s)).toBe(3);
    expect(adaptStep(1.1, mean(0, 5, 10), quiet, s)).toBe(1);
    expect(adaptStep(2, mean(0, 0, 0), quiet, s)).toBe(2);
  });

  it('halves after a minute of more than 20 calls and over 50% drops, but never below 1.0', () => {
    // 2 × 1.2 = 2.4, halved: 1.2
    expect(adaptStep(2, mean(3, 1, 10), { ...quiet, callsLastMinute: 21, dropsLastMinute: 11 }, s)).toBeCloseTo(1.2, 12);
    expect(adaptStep(2, mean(3, 1, 10), { ...quiet, callsLastMinute: 20, dropsLastMinute: 20 }, s)).toBeCloseTo(2.4, 12);
    expect(adaptStep(2, mean(3, 1, 10), { ...quiet, callsLastMinute: 40, dropsLastMinute: 20 }, s)).toBeCloseTo(2.4, 12);
    expect(adaptStep(1.5, mean(1, 1, 10), { ...quiet, callsLastMinute: 30, dropsLastMinute: 30 }, s)).toBe(1);
  });

  it('hard limit: back to 1.0 once more than 50 calls and today\'s drops / answers are over the limit', () => {
    const over = { ...quiet, callsToday: 51, answersToday: 100, dropsToday: 4 };
    expect(adaptStep(2.5, mean(5, 0, 10), over, s)).toBe(1);
    expect(adaptStep(2.5, mean(5, 0, 10), { ...over, callsToday: 50 }, s)).toBe(3);
    expect(adaptStep(2.5, mean(5, 0, 10), { ...over, dropsToday: 3 }, s)).toBe(3);
  });
});

describe('VICIdial ADAPT_HARD_LIMIT: sampling and dials', () => {
  it('moves the level on every 15th second from the mean of the last 15 samples', () => {
    let st = initialAdapt();
    for (let i = 1; i < SAMPLES; i++) {
      st = adaptSample(st, { ready: i % 2 === 0 ? 4 : 2, waiting: 0, agents: 10 }, quiet, s);
      expect(st.level).toBe(1);
    }
    st = adaptSample(st, { ready: 3, waiting: 0, agents: 10 }, quiet, s);
    // 15 samples: seven 4s, seven 2s and a 3 → R̄ = 3, d = 0.3 → 1.3
    expect(st.level).toBeCloseTo(1.3, 12);
    expect(st.sinceStep).toBe(0);
    for (let i = 1; i < SAMPLES; i++) st = adaptSample(st, { ready: 0, waiting: 0, agents: 10 }, quiet, s);
    expect(st.level).toBeCloseTo(1.3, 12);
    st = adaptSample(st, { ready: 0, waiting: 0, agents: 10 }, quiet, s);
    expect(st.level).toBeCloseTo(1.3, 12);
    expect(st.samples.length).toBe(SAMPLES);
  });

  it('dials round(DL × agents ready or in a call) − active calls, never fewer than 0', () => {
    expect(adaptDials(2.4, 10, 15)).toBe(9);
    expect(adaptDials(1.3, 7, 4)).toBe(5);
    expect(adaptDials(1, 5, 9)).toBe(0);
  });
});
