import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { observeDuration, priorFit, type LogNormalFit } from './log-normal-fit.js';
import { decayFactor, dialResults, emptyTally, TIME_BINS, tallyDial, type DialResult, type OutcomeTally } from './outcome-tally.js';
import type { PacingSettings } from './pacing-settings.js';

/**
 * What a campaign's dialer has learned, as one JSON value (the engine keeps one per campaign and stores it): how
 * dials end and how long they ring, recently and by local hour of day; the handle-time distribution; AMD verdicts.
 * Every update is a pure function of (stats, event, now, settings).
 */
export interface DialStats {
  readonly version: 1;
  /** Dials of any hour, with the campaign's short memory (settings.memoryMinutes): follows a change within minutes. */
  readonly recent: OutcomeTally;
  /** Dials by local hour of day (index 0–23), remembered for weeks: what this hour is usually like. */
  readonly byHour: readonly (OutcomeTally | null)[];
  /** Talk time, seconds. */
  readonly talk: LogNormalFit;
  /** After-call work, seconds. */
  readonly wrap: LogNormalFit;
  /** AMD verdicts on answered calls, with the short memory. */
  readonly amd: { readonly at: number; readonly human: number; readonly machine: number; readonly notSure: number };
  /** Every live answer and abandon ever learned from (for reports; the compliance window is kept by abandon-window). */
  readonly lives: number;
  readonly abandons: number;
}

/** One thing the dialer saw. `seconds` is from the dial to the answer (live, machine) or to the end (the rest). */
export type StatsEvent =
  | { readonly type: 'dial'; readonly result: DialResult; readonly seconds: number; readonly hour: number }
  | { readonly type: 'talk'; readonly seconds: number }
  | { readonly type: 'wrap'; readonly seconds: number }
  | { readonly type: 'amd'; readonly verdict: 'human' | 'machine' | 'not-sure' }
  | { readonly type: 'abandon' };

/** How long the hour-of-day tallies remember: a week's half-life, so last Tuesday's 10:00 still says something. */
export const HOUR_HALF_LIFE_MS = 7 * 24 * 3_600_000;
/** Handle-time fits average over about this many recent calls. */
export const HANDLE_MEMORY = 500;
/** The prior handle time counts as this many calls. */
const PRIOR_CALLS = 10;

/** Statistics with nothing learned yet: the settings' prior. */
export function initialStats(settings: PacingSettings, now: number): DialStats {
  const p = settings.prior;
  return {
    version: 1,
    recent: emptyTally(now),
    byHour: new Array<OutcomeTally | null>(24).fill(null),
    talk: priorFit(p.talkMeanS, p.talkCv, PRIOR_CALLS),
    // After-call work is usually a fixed timer: a small spread.
    wrap: priorFit(Math.max(p.wrapMeanS, 0.1), 0.2, PRIOR_CALLS),
    amd: { at: now, human: 0, machine: 0, notSure: 0 },
    lives: 0,
    abandons: 0,
  };
}

const memoryMs = (s: PacingSettings) => s.memoryMinutes * 60_000;

/** The statistics after one event. */
export function learn(stats: DialStats, event: StatsEvent, now: number, settings: PacingSettings): DialStats {
  switch (event.type) {
    case 'dial': {
      const h = ((Math.floor(event.hour) % 24) + 24) % 24;
      const hourTally = stats.byHour[h] ?? emptyTally(now);
      const byHour = stats.byHour.map((t, i) => (i === h ? tallyDial(hourTally, event.result, event.seconds, now, HOUR_HALF_LIFE_MS) : t));
      return {
        ...stats,
        recent: tallyDial(stats.recent, event.result, event.seconds, now, memoryMs(settings)),
        byHour,
        lives: stats.lives + (event.result === 'live' ? 1 : 0),
      };
    }
    case 'talk':
      return { ...stats, talk: observeDuration(stats.talk, event.seconds, HANDLE_MEMORY) };
    case 'wrap':
      return { ...stats, wrap: observeDuration(stats.wrap, event.seconds, HANDLE_MEMORY) };
    case 'amd': {
      const f = decayFactor(now - stats.amd.at, memoryMs(settings));
      const a = { at: Math.max(now, stats.amd.at), human: stats.amd.human * f, machine: stats.amd.machine * f, notSure: stats.amd.notSure * f };
      if (event.verdict === 'human') a.human += 1;
      else if (event.verdict === 'machine') a.machine += 1;
      else a.notSure += 1;
      return { ...stats, amd: a };
    }
    case 'abandon':
      return { ...stats, abandons: stats.abandons + 1 };
  }
}

const num = z.number().finite();
const bins = z.array(num.min(0)).length(TIME_BINS);
const tallySchema = z.strictObject({
  at: num,
  counts: z.strictObject(Object.fromEntries(dialResults.map((r) => [r, num.min(0)])) as Record<DialResult, typeof num>),
  liveS: bins,
  otherS: bins,
});
const fitSchema = z.strictObject({ n: num.min(0), meanLog: num, varLog: num.min(0) });
const statsSchema = z.strictObject({
  version: z.literal(1),
  recent: tallySchema,
  byHour: z.array(tallySchema.nullable()).length(24),
  talk: fitSchema,
  wrap: fitSchema,
  amd: z.strictObject({ at: num, human: num.min(0), machine: num.min(0), notSure: num.min(0) }),
  lives: num.min(0),
  abandons: num.min(0),
});

/** Statistics read back from storage (a parsed JSON value); PACING_STATS_INVALID when it is not what we wrote. */
export function parseDialStats(value: unknown): DialStats {
  const r = statsSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue?.path.join('.') ?? '';
    throw new HotlineError('PACING_STATS_INVALID', `stored pacing statistics do not read back${key ? ` at ${key}` : ''}: ${issue?.message ?? 'invalid'}`, { key });
  }
  return r.data as DialStats;
}
