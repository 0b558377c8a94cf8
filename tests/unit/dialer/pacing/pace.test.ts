import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyWindow, windowCounts } from '../../../../src/dialer/pacing/abandon-window.js';
import { initialStats, learn } from '../../../../src/dialer/pacing/dial-stats.js';
import { dialResults } from '../../../../src/dialer/pacing/outcome-tally.js';
import { pace, progressiveLaunches, type PaceConfig } from '../../../../src/dialer/pacing/pace.js';
import { defaultPacingSettings, pacingSettingsSchema } from '../../../../src/dialer/pacing/pacing-settings.js';
import type { PacingState } from '../../../../src/dialer/pacing/pacing-state.js';
import { learned, state, T0, windowWith } from './pacing-fixtures.js';

const settings = defaultPacingSettings();
const predictive: PaceConfig = { mode: 'predictive', pacing: settings, abandonAfterMs: 2000 };
const progressive: PaceConfig = { ...predictive, mode: 'progressive' };
const ratio: PaceConfig = { ...predictive, pacing: { ...settings, algorithm: 'ratio', ratio: 2 } };
const stats = learned(0.3, 600, T0);
// A campaign with history, on its 2% budget: the guard lets the model run at its starting threshold.
const empty = windowWith(1000, 20, T0);

describe('pace: nobody to take a call', () => {
  const busyNetwork = { ringing: [{ ageMs: 3000 }], waiting: [{ waitedMs: 500 }], freeLines: 50, cpsTokens: 10 };
  it.each([
    ['no agent logged in', state(busyNetwork), 'no-agents'],
    ['every logged-in agent paused', state({ ...busyNetwork, paused: 7 }), 'all-paused'],
  ] as const)('%s: no dial, whatever the mode', (_, s, reason) => {
    for (const config of [predictive, progressive, ratio]) {
      const d = pace(s, stats, empty, config, T0);
      expect(d.launch).toBe(0);
      expect(d.reason).toBe(reason);
    }
  });
});

describe('pace: modes', () => {
  it('progressive: one call per ready agent, less the calls already ringing or waiting', () => {
    const s = state({ ready: 5, onCall: [{ talkMs: 1000 }], ringing: [{ ageMs: 1000 }, { ageMs: 9000 }], waiting: [] });
    expect(pace(s, stats, empty, progressive, T0)).toMatchObject({ launch: 3, reason: 'progressive', algorithm: 'progressive' });
    expect(pace(state({ ready: 1, ringing: [{ ageMs: 1 }, { ageMs: 2 }] }), stats, empty, progressive, T0).launch).toBe(0);
  });

  it('ratio: lines up to ratio × (ready + on a call), counting what is out and connected', () => {
    // 2 × (2 ready + 3 on a call) = 10 lines; 3 connected + 4 ringing → 3 more.
    const s = state({ ready: 2, onCall: [{ talkMs: 1 }, { talkMs: 2 }, { talkMs: 3 }], ringing: [1, 2, 3, 4].map((a) => ({ ageMs: a * 1000 })) });
    expect(pace(s, stats, empty, ratio, T0)).toMatchObject({ launch: 3, reason: 'ratio', algorithm: 'ratio' });
  });

  it('predictive dials ahead for agents about to come out of their wrap-up, and not for agents who just started talking', () => {
    const aboutToFree = state({ wrapping: Array.from({ length: 5 }, () => ({ elapsedMs: 14_000, remainingMs: 1000 })) });
    const justStarted = state({ onCall: Array.from({ length: 5 }, () => ({ talkMs: 1000 })) });
    const soon = pace(aboutToFree, stats, empty, predictive, T0);
    const late = pace(justStarted, stats, empty, predictive, T0);
    expect(progressiveLaunches(aboutToFree)).toBe(0);
    expect(soon.launch).toBeGreaterThan(5);
    expect(soon.reason).toBe('model');
    expect(late.launch).toBe(0);
  });

  it('predictive dials more per agent when fewer dials are answered', () => {
    const s = state({ ready: 10 });
    const low = pace(s, learned(0.1, 1200, T0), empty, predictive, T0).launch;
    const high = pace(s, learned(0.5, 1200, T0), empty, predictive, T0).launch;
    expect(high).toBeGreaterThanOrEqual(10);
    expect(low).toBeGreaterThan(high);
  });

  it('says which cap cut the launches', () => {
    const s = state({ ready: 10 });
    expect(pace({ ...s, freeLines: 4, cpsTokens: 50 }, stats, empty, predictive, T0)).toMatchObject({ launch: 4, reason: 'cap-lines' });
    expect(pace({ ...s, freeLines: 50, cpsTokens: 2.9 }, stats, empty, predictive, T0)).toMatchObject({ launch: 2, reason: 'cap-cps' });
    expect(pace({ ...s, freeLines: 3, cpsTokens: 50 }, stats, empty, progressive, T0)).toMatchObject({ launch: 3, reason: 'cap-lines' });
  });

  it('brakes at maxLinesPerAgent whatever the model predicts', () => {
    const braked: PaceConfig = { ...predictive, pacing: { ...settings, maxLinesPerAgent: 1.5 } };
    const d = pace(state({ ready: 4 }), learned(0.1, 1200, T0), empty, braked, T0);
    expect(d).toMatchObject({ launch: 6, reason: 'cap-agent-lines' });
  });
});

describe('pace: the abandon guard', () => {
  const s = state({ ready: 4, onCall: Array.from({ length: 16 }, (_, i) => ({ talkMs: 20_000 + i * 15_000 })), ringing: [{ ageMs: 4000 }, { ageMs: 8000 }] });

  it('launches fewer calls as the abandon rate over the window rises, and no more than progressive at the limit', () => {
    const launches = [0, 5, 10, 15, 20, 25, 29, 30, 40].map((abandons) => pace(s, stats, windowWith(1000, abandons, T0), predictive, T0));
    for (let i = 1; i < launches.length; i++) expect(launches[i]!.launch).toBeLessThanOrEqual(launches[i - 1]!.launch);
    expect(launches[0]!.launch).toBeGreaterThan(progressiveLaunches(s));
    // 25 of 1000 is above the 2% target: the guard has tightened the model.
    expect(launches[5]!.reason).toBe('guard');
    for (const atLimit of launches.slice(7)) {
      expect(atLimit.reason).toBe('guard');
      expect(atLimit.launch).toBeLessThanOrEqual(progressiveLaunches(s));
    }
  });

  it('reads the window of the campaign: abandons older than 24 h no longer hold a 24 h campaign back', () => {
    const ofcom: PaceConfig = { ...predictive, pacing: { ...settings, complianceWindow: '24h' } };
    const yesterday = windowWith(100, 10, T0 - 26 * 3_600_000, emptyWindow('24h'));
    expect(windowCounts(yesterday, T0).lives).toBe(0);
    const today = windowWith(200, 2, T0 - 3_600_000, yesterday);
    expect(pace(s, stats, today, ofcom, T0).reason).not.toBe('guard');
    expect(pace(s, stats, yesterday, ofcom, T0 - 25 * 3_600_000).reason).toBe('guard');
  });
});

// Arbitrary live states, statistics, windows and settings.
const ms = (max: number) => fc.integer({ min: 0, max });
const stateArb: fc.Arbitrary<PacingState> = fc.record({
  ready: fc.integer({ min: 0, max: 40 }),
  onCall: fc.array(fc.record({ talkMs: ms(900_000) }), { maxLength: 40 }),
  wrapping: fc.array(fc.oneof(fc.record({ elapsedMs: ms(60_000) }), fc.record({ elapsedMs: ms(60_000), remainingMs: ms(60_000) })), { maxLength: 10 }),
  paused: fc.integer({ min: 0, max: 5 }),
  ringing: fc.array(fc.record({ ageMs: ms(60_000) }), { maxLength: 60 }),
  waiting: fc.array(fc.record({ waitedMs: ms(2000) }), { maxLength: 5 }),
  freeLines: fc.integer({ min: -5, max: 300 }),
  cpsTokens: fc.double({ min: 0, max: 60, noNaN: true }),
  hour: fc.integer({ min: 0, max: 23 }),
});
const settingsArb = fc
  .record({
    algorithm: fc.constantFrom('model' as const, 'ratio' as const),
    ratio: fc.double({ min: 1, max: 6, noNaN: true }),
    abandonLimit: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
    targetShare: fc.double({ min: 0, max: 1, noNaN: true }),
    complianceWindow: fc.constantFrom('24h' as const, '30d' as const, 'since-start' as const),
    maxLinesPerAgent: fc.double({ min: 1, max: 30, noNaN: true }),
  })
  .map(({ targetShare, ...s }) => pacingSettingsSchema.parse({ ...s, abandonTarget: s.abandonLimit * targetShare }));
const eventsArb = fc.array(
  fc.record({ result: fc.constantFrom(...dialResults), seconds: fc.double({ min: 0, max: 200, noNaN: true }), hour: fc.integer({ min: 0, max: 23 }), at: ms(3_600_000) }),
  { maxLength: 40 },
);

describe('pace: properties', () => {
  it('never launches more than the free lines or the whole calls-per-second tokens, nor a fraction, nor below zero', () => {
    fc.assert(
      fc.property(stateArb, settingsArb, eventsArb, fc.nat(500), fc.nat(40), fc.constantFrom('progressive' as const, 'predictive' as const), (s, pacing, events, lives, abandons, mode) => {
        let st = initialStats(pacing, T0);
        for (const e of events) st = learn(st, { type: 'dial', result: e.result, seconds: e.seconds, hour: e.hour }, T0 + e.at, pacing);
        const w = windowWith(lives, Math.min(lives, abandons), T0, emptyWindow(pacing.complianceWindow));
        const d = pace(s, st, w, { mode, pacing, abandonAfterMs: 2000 }, T0 + 3_600_000);
        expect(Number.isInteger(d.launch)).toBe(true);
        expect(d.launch).toBeGreaterThanOrEqual(0);
        expect(d.launch).toBeLessThanOrEqual(Math.max(0, Math.floor(s.freeLines)));
        expect(d.launch).toBeLessThanOrEqual(Math.floor(s.cpsTokens));
        if (s.ready + s.onCall.length + s.wrapping.length === 0) expect(d.launch).toBe(0);
        if (mode === 'progressive') expect(d.launch).toBe(Math.min(progressiveLaunches(s), Math.max(0, Math.floor(s.freeLines)), Math.floor(s.cpsTokens)));
        const c = windowCounts(w, T0 + 3_600_000);
        if (mode === 'predictive' && c.abandons > 0 && c.abandons >= pacing.abandonLimit * c.lives) expect(d.launch).toBeLessThanOrEqual(progressiveLaunches(s));
      }),
      { numRuns: 300 },
    );
  });

  it('launches at least what progressive would, when the guard is not at the limit', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const d = pace(s, stats, empty, predictive, T0);
        expect(d.launch).toBeGreaterThanOrEqual(Math.min(progressiveLaunches(s), Math.max(0, Math.floor(s.freeLines)), Math.floor(s.cpsTokens)));
      }),
      { numRuns: 200 },
    );
  });
});
