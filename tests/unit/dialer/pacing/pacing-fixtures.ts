/** Builders shared by the pacing tests: a pacing state, statistics learned from a given answer rate, a window. */
import { emptyWindow, recordLiveAnswer, type AbandonWindow } from '../../../../src/dialer/pacing/abandon-window.js';
import { initialStats, learn, type DialStats } from '../../../../src/dialer/pacing/dial-stats.js';
import { defaultPacingSettings, type PacingSettings } from '../../../../src/dialer/pacing/pacing-settings.js';
import type { PacingState } from '../../../../src/dialer/pacing/pacing-state.js';

export const T0 = Date.parse('2024-06-03T02:00:00Z');

export const state = (over: Partial<PacingState> = {}): PacingState => ({
  ready: 0,
  onCall: [],
  wrapping: [],
  paused: 0,
  ringing: [],
  waiting: [],
  freeLines: 100,
  cpsTokens: 100,
  hour: 10,
  ...over,
});

/** Statistics after `dials` dials one second apart ending `now`, every `1/answerRate`-th one live after 12 s. */
export function learned(answerRate: number, dials: number, now: number, settings: PacingSettings = defaultPacingSettings()): DialStats {
  let s = initialStats(settings, now - dials * 1000);
  let acc = 0;
  for (let i = 0; i < dials; i++) {
    acc += answerRate;
    const live = acc >= 1;
    if (live) acc -= 1;
    s = learn(s, { type: 'dial', result: live ? 'live' : 'no-answer', seconds: live ? 12 : 25, hour: 10 }, now - (dials - i) * 1000, settings);
  }
  return s;
}

/** A window holding `lives` live answers of which `abandons` were abandoned, all at `now`. */
export function windowWith(lives: number, abandons: number, now: number, w: AbandonWindow = emptyWindow('30d')): AbandonWindow {
  let out = w;
  for (let i = 0; i < lives; i++) out = recordLiveAnswer(out, i < abandons, now);
  return out;
}
