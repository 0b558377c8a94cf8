import { describe, expect, it } from 'vitest';
import { estimate } from '../../../../src/dialer/pacing/dial-estimates.js';
import { logNormalParams, logNormalSurvival, logNormalSurvivalFast } from '../../../../src/dialer/pacing/log-normal-fit.js';
import { erfc, erfcFast, normalCdf } from '../../../../src/dialer/pacing/normal.js';
import { defaultPacingSettings } from '../../../../src/dialer/pacing/pacing-settings.js';
import { predictLaunches } from '../../../../src/dialer/pacing/predictive-model.js';
import { learned, state, T0 } from './pacing-fixtures.js';

const s = defaultPacingSettings();
const est = estimate(learned(0.3, 2000, T0), 10, T0, s);

describe('normal and log-normal tails', () => {
  it('erfc and the normal cdf against tabulated values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    for (let x = -5; x <= 5; x += 0.0371) expect(Math.abs(erfcFast(x) - erfc(x))).toBeLessThan(1e-5);
  });

  it('the log-normal with a given mean and cv has that median and survival', () => {
    const { mu, sigma } = logNormalParams(120, 1);
    expect(sigma).toBeCloseTo(Math.sqrt(Math.log(2)), 10);
    expect(logNormalSurvival(Math.exp(mu), mu, sigma)).toBeCloseTo(0.5, 7);
    expect(Math.abs(logNormalSurvivalFast(300, mu, sigma) - logNormalSurvival(300, mu, sigma))).toBeLessThan(1e-5);
  });
});

describe('predictLaunches', () => {
  it('launches exactly the minimum when nothing may be risked', () => {
    expect(predictLaunches(state({ ready: 5 }), est, 2, 0, 5, 100).launch).toBe(5);
  });

  it('with only ready agents and nothing out, launches about ready / p calls at a moderate threshold', () => {
    const r = predictLaunches(state({ ready: 30 }), est, 2, 0.04, 30, 1000);
    expect(r.launch).toBeGreaterThan(30 / 0.3 / 2);
    expect(r.launch).toBeLessThan(30 / 0.3 * 1.5);
    expect(r.marginal).toBeLessThanOrEqual(0.04);
  });

  it('launches more as the threshold rises, never beyond the maximum', () => {
    const s0 = state({ ready: 3, onCall: Array.from({ length: 12 }, (_, i) => ({ talkMs: i * 20_000 })), ringing: [{ ageMs: 3000 }, { ageMs: 10_000 }] });
    let last = -1;
    for (const t of [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 0.9, 2]) {
      const r = predictLaunches(s0, est, 2, t, 0, 40);
      expect(r.launch).toBeGreaterThanOrEqual(last);
      expect(r.launch).toBeLessThanOrEqual(40);
      last = r.launch;
    }
    // A threshold above any probability lets the cap decide.
    expect(last).toBe(40);
  });

  it('counts calls already ringing: fewer launches when many are out, fewer still when they are young', () => {
    const base = state({ ready: 10 });
    const none = predictLaunches(base, est, 2, 0.04, 0, 500).launch;
    const young = predictLaunches({ ...base, ringing: Array.from({ length: 20 }, () => ({ ageMs: 1000 })) }, est, 2, 0.04, 0, 500).launch;
    // Calls that have rung 24 s without an answer are nearly all no-answers: they leave room for new ones.
    const old = predictLaunches({ ...base, ringing: Array.from({ length: 20 }, () => ({ ageMs: 24_000 })) }, est, 2, 0.04, 0, 500).launch;
    expect(young).toBeLessThan(none);
    expect(old).toBeGreaterThan(young);
  });

  it('an agent whose talk has run long is about to free up less surely than one just out of wrap-up', () => {
    const wrapDone = predictLaunches(state({ wrapping: [{ elapsedMs: 14_500, remainingMs: 500 }] }), est, 2, 0.04, 0, 100).launch;
    const talking = predictLaunches(state({ onCall: [{ talkMs: 300_000 }] }), est, 2, 0.04, 0, 100).launch;
    expect(wrapDone).toBeGreaterThan(talking);
  });
});
