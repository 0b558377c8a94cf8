import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guard, MARGINAL_PER_TARGET, MAX_BOOST } from '../../../../src/dialer/pacing/abandon-guard.js';
import { defaultPacingSettings, pacingSettingsSchema } from '../../../../src/dialer/pacing/pacing-settings.js';

const s = defaultPacingSettings();
const counts = (lives: number, abandons: number) => ({ lives, abandons, rate: lives > 0 ? abandons / lives : 0 });

describe('guard', () => {
  it('starts at the target times MARGINAL_PER_TARGET on budget; an empty window cannot absorb an abandon yet', () => {
    expect(guard(counts(1000, 20), s)).toMatchObject({ fallback: false, tightened: false });
    expect(guard(counts(1000, 20), s).threshold).toBeCloseTo(s.abandonTarget * MARGINAL_PER_TARGET, 10);
    expect(guard(counts(0, 0), s)).toMatchObject({ threshold: 0, fallback: true });
  });

  it('tightens as abandons rise in a window of the same size, to nothing at the limit, then falls back to progressive', () => {
    const thresholds = Array.from({ length: 41 }, (_, a) => guard(counts(1000, a), s));
    for (let a = 1; a <= 40; a++) expect(thresholds[a]!.threshold).toBeLessThanOrEqual(thresholds[a - 1]!.threshold);
    expect(thresholds[21]!.tightened).toBe(true);
    expect(thresholds[29]!.threshold).toBeLessThan(thresholds[20]!.threshold * 0.2);
    for (const t of thresholds.slice(30)) expect(t).toMatchObject({ threshold: 0, fallback: true });
    for (const t of thresholds.slice(0, 30)) expect(t.fallback).toBe(false);
  });

  it('loosens, up to MAX_BOOST, while the window stays under budget (integral feedback: more so the longer it lasts)', () => {
    const start = guard(counts(1000, 20), s).threshold;
    // 1.7% of the answers, first over 1000 answers, then over 4000: the longer under budget, the looser.
    expect(guard(counts(1000, 17), s).threshold).toBeGreaterThan(start);
    expect(guard(counts(4000, 68), s).threshold).toBeGreaterThan(guard(counts(1000, 17), s).threshold);
    expect(guard(counts(100_000, 0), s).threshold).toBeCloseTo(start * MAX_BOOST, 10);
  });

  it('risks only an abandon the window can absorb: the first after 33 live answers, a second after 66 (3% limit)', () => {
    expect(guard(counts(32, 0), s).fallback).toBe(true);
    expect(guard(counts(33, 0), s).fallback).toBe(false);
    expect(guard(counts(20, 1), s).fallback).toBe(true);
    expect(guard(counts(65, 1), s).fallback).toBe(true);
    expect(guard(counts(66, 1), s).fallback).toBe(false);
  });

  it('a target equal to the limit and a zero target', () => {
    const atLimit = pacingSettingsSchema.parse({ abandonTarget: 0.03, abandonLimit: 0.03 });
    expect(guard(counts(1000, 29), atLimit).fallback).toBe(false);
    expect(guard(counts(1000, 30), atLimit).fallback).toBe(true);
    expect(guard(counts(0, 0), pacingSettingsSchema.parse({ abandonTarget: 0 }))).toMatchObject({ threshold: 0, fallback: true });
  });

  it('never allows anything once the window is at or over its limit (property)', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(300), fc.double({ min: 0.001, max: 0.2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (lives, abandons, limit, share) => {
        const a = Math.min(lives, abandons);
        const g = guard(counts(lives, a), pacingSettingsSchema.parse({ abandonLimit: limit, abandonTarget: limit * share }));
        expect(g.threshold).toBeGreaterThanOrEqual(0);
        // At or over the limit, or where one more abandon would carry the window over it.
        if (a + 1 > limit * (lives + 1)) expect(g).toMatchObject({ threshold: 0, fallback: true });
      }),
    );
  });
});
