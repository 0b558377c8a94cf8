import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../../src/errors.js';
import { cdfAt, estimate } from '../../../../src/dialer/pacing/dial-estimates.js';
import { initialStats, learn, parseDialStats, type DialStats } from '../../../../src/dialer/pacing/dial-stats.js';
import { fitMean } from '../../../../src/dialer/pacing/log-normal-fit.js';
import { defaultPacingSettings } from '../../../../src/dialer/pacing/pacing-settings.js';
import { learned, T0 } from './pacing-fixtures.js';

const s = defaultPacingSettings();
const MIN = 60_000;

describe('dial statistics', () => {
  it('start from the prior', () => {
    const e = estimate(initialStats(s, T0), 10, T0, s);
    // Thin data leans towards a higher answer rate (fewer dials): above the prior, not far.
    expect(e.pLive).toBeGreaterThan(s.prior.answerRate);
    expect(e.pLive).toBeLessThan(s.prior.answerRate + 0.2);
    expect(Math.exp(e.talkMu + e.talkSigma ** 2 / 2)).toBeCloseTo(s.prior.talkMeanS, 6);
    expect(e.wrapMeanS).toBeCloseTo(s.prior.wrapMeanS, 6);
  });

  it('learn the answer rate and the time to answer from dials', () => {
    for (const rate of [0.1, 0.3, 0.6]) {
      const e = estimate(learned(rate, 2000, T0), 10, T0, s);
      expect(e.pLive).toBeGreaterThan(rate - 0.02);
      expect(e.pLive).toBeLessThan(rate + 0.04);
      // Every live answer came after 12 s.
      expect(cdfAt(e.liveCdf, 12)).toBeLessThan(0.05);
      expect(cdfAt(e.liveCdf, 13)).toBeGreaterThan(0.95);
    }
  });

  it('follow a step change in the answer rate within the memory', () => {
    let st = learned(0.5, 1500, T0);
    for (let i = 0; i < 90 * 60; i += 2) st = learn(st, { type: 'dial', result: i % 20 === 0 ? 'live' : 'busy', seconds: 3, hour: 10 }, T0 + i * 1000, s);
    const e = estimate(st, 10, T0 + 90 * MIN, s);
    expect(e.pLive).toBeLessThan(0.15);
  });

  it('keep hours of the day apart: a quiet hour with no recent dials reads its own history', () => {
    let st = initialStats(s, T0);
    // Yesterday: 10:00 answered often, 14:00 seldom.
    for (let i = 0; i < 400; i++) {
      st = learn(st, { type: 'dial', result: i % 2 === 0 ? 'live' : 'no-answer', seconds: 10, hour: 10 }, T0 + i * 1000, s);
      st = learn(st, { type: 'dial', result: i % 10 === 0 ? 'live' : 'no-answer', seconds: 10, hour: 14 }, T0 + 4 * 3_600_000 + i * 1000, s);
    }
    const nextDay = T0 + 24 * 3_600_000;
    const ten = estimate(st, 10, nextDay, s).pLive;
    const two = estimate(st, 14, nextDay, s).pLive;
    // Both lean up (no recent dials to confirm them), yet stay far apart.
    expect(ten).toBeGreaterThan(0.45);
    expect(two).toBeLessThan(0.25);
    expect(ten - two).toBeGreaterThan(0.25);
  });

  it('learn talk and wrap-up times, and count AMD verdicts and abandons', () => {
    let st = initialStats(s, T0);
    for (let i = 0; i < 400; i++) {
      st = learn(st, { type: 'talk', seconds: i % 2 === 0 ? 60 : 240 }, T0, s);
      st = learn(st, { type: 'wrap', seconds: 30 }, T0, s);
    }
    st = learn(st, { type: 'amd', verdict: 'machine' }, T0, s);
    st = learn(st, { type: 'amd', verdict: 'human' }, T0, s);
    st = learn(st, { type: 'abandon' }, T0, s);
    // Half 60 s, half 240 s: a log-normal fit with mean near 150 s (log-normal fits are not exact for two points).
    expect(fitMean(st.talk)).toBeGreaterThan(120);
    expect(fitMean(st.talk)).toBeLessThan(180);
    expect(fitMean(st.wrap)).toBeCloseTo(30, 0);
    expect(st.amd).toMatchObject({ human: 1, machine: 1, notSure: 0 });
    expect(st.abandons).toBe(1);
  });

  it('round-trip through JSON: the same value and the same estimates', () => {
    let st: DialStats = learned(0.25, 500, T0);
    st = learn(st, { type: 'talk', seconds: 95 }, T0, s);
    st = learn(st, { type: 'amd', verdict: 'not-sure' }, T0, s);
    const back = parseDialStats(JSON.parse(JSON.stringify(st)));
    expect(back).toEqual(st);
    expect(estimate(back, 10, T0 + MIN, s)).toEqual(estimate(st, 10, T0 + MIN, s));
  });

  it('refuse stored statistics that are not what was written, naming where', () => {
    const good = JSON.parse(JSON.stringify(learned(0.3, 50, T0))) as Record<string, unknown>;
    for (const [bad, key] of [
      [{ ...good, version: 2 }, 'version'],
      [{ ...good, byHour: [] }, 'byHour'],
      [{ ...good, talk: { n: 1, meanLog: 'x', varLog: 0 } }, 'talk.meanLog'],
    ] as const) {
      try {
        parseDialStats(bad);
        expect.unreachable();
      } catch (err) {
        expect(isHotlineError(err, 'PACING_STATS_INVALID')).toBe(true);
        expect((err as { key: string }).key).toBe(key);
      }
    }
  });
});
