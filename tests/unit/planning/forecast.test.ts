import { describe, expect, it } from 'vitest';
import { addDays, fitForecast, forecastDay, holdout, slotsPerDay, wape } from '../../../src/planning/forecast.js';
import { expectedCalls, generateHistory, weekdayFactor } from '../../../src/planning/generated-history.js';

const range = (start: string, n: number) => Array.from({ length: n }, (_, i) => addDays(start, i));
const holidays = new Set([...range('2025-01-01', 1), ...range('2025-05-01', 5), ...range('2025-10-01', 7), ...range('2026-01-01', 1), ...range('2026-05-01', 5)]);
const history = generateHistory('2024-11-01', 570, holidays, 3);

describe('forecast (multiplicative seasonal index)', () => {
  it('recovers the known weekly and intraday pattern of the generated history', () => {
    const model = fitForecast(history, holidays);
    // A week after the history: the forecast against the noise-free expectation.
    const week = range('2026-05-25', 7);
    const f = week.flatMap((d) => forecastDay(model, d, holidays));
    const e = week.flatMap((d) => Array.from({ length: slotsPerDay }, (_, h) => expectedCalls(d, h, holidays)));
    // 6.9 % with this seed: 8 samples per weekday and half-hour, Poisson noise, a month factor for a smooth yearly swing.
    expect(wape(f, e)).toBeLessThan(0.08);
    // The weekday totals keep the generator's ratios (Monday 1.2 against Sunday 0.6).
    const total = (d: string) => forecastDay(model, d, holidays).reduce((a, b) => a + b, 0);
    expect(total('2026-05-25') / total('2026-05-31')).toBeCloseTo(weekdayFactor[1]! / weekdayFactor[0]!, 1);
    // The busiest half-hour is the generator's (10:00, slot 20) or, through noise, its neighbour.
    const mon = forecastDay(model, '2026-05-25', holidays);
    const truth = Array.from({ length: slotsPerDay }, (_, h) => expectedCalls('2026-05-25', h, holidays));
    expect(truth.indexOf(Math.max(...truth))).toBe(20);
    expect(Math.abs(mon.indexOf(Math.max(...mon)) - 20)).toBeLessThanOrEqual(1);
  });

  it('learns the holiday factor (0.4 of a normal day)', () => {
    expect(fitForecast(history, holidays).holiday).toBeCloseTo(0.4, 1);
  });

  it('is more accurate than the seasonal-naive baseline on held-out weeks, a holiday week among them', () => {
    const r = holdout(history, holidays, '2026-04-20', 21);
    expect(r.days).toBe(21);
    expect(r.method).toBeLessThan(r.seasonalNaive);
  });

  it('gives zero error to a perfect forecast and none to an empty day', () => {
    expect(wape([1, 2], [1, 2])).toBe(0);
    expect(wape([1, 2], [0, 0])).toBe(0);
    expect(wape([2, 2], [1, 3])).toBe(0.5);
  });
});
