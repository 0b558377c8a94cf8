import type { ComplianceWindow } from './pacing-settings.js';

/**
 * The abandon rate over a campaign's compliance window, as a value: live answers and abandons in time buckets.
 * Rolling windows keep buckets of 1/24 of the window (1 h for 24 h, 6 h for 30 days, as 30 d / 120) and count every
 * bucket that reaches into the window, so the window read is between its length and one bucket longer.
 */
export interface AbandonWindow {
  readonly window: ComplianceWindow;
  /** Oldest first. `since-start` has one bucket. */
  readonly buckets: readonly WindowBucket[];
}

export interface WindowBucket {
  /** Epoch ms the bucket starts. */
  readonly start: number;
  readonly lives: number;
  readonly abandons: number;
}

export interface WindowCounts {
  readonly lives: number;
  readonly abandons: number;
  /** abandons / lives; 0 with no live answer. */
  readonly rate: number;
}

const HOUR = 3_600_000;
const spanMs: Record<ComplianceWindow, number> = { '24h': 24 * HOUR, '30d': 30 * 24 * HOUR, 'since-start': Infinity };
const bucketMs: Record<ComplianceWindow, number> = { '24h': HOUR, '30d': 6 * HOUR, 'since-start': Infinity };

/** How far back a window reads at most (its length plus one bucket); Infinity for since-start. */
export function windowReachMs(window: ComplianceWindow): number {
  return spanMs[window] + bucketMs[window];
}

/** A window with nothing counted. */
export function emptyWindow(window: ComplianceWindow): AbandonWindow {
  return { window, buckets: [] };
}

const live = (w: AbandonWindow, b: WindowBucket, now: number) => b.start + bucketMs[w.window] > now - spanMs[w.window];

/** The window after one live answer whose fate is known: connected to an agent, or abandoned. */
export function recordLiveAnswer(w: AbandonWindow, abandoned: boolean, now: number): AbandonWindow {
  const size = bucketMs[w.window];
  const start = Number.isFinite(size) ? Math.floor(now / size) * size : 0;
  const kept = w.buckets.filter((b) => live(w, b, now));
  const last = kept.at(-1);
  const add = { lives: 1, abandons: abandoned ? 1 : 0 };
  // A clock that went back lands in the newest bucket rather than making an older one.
  const buckets =
    last && last.start >= start
      ? [...kept.slice(0, -1), { start: last.start, lives: last.lives + add.lives, abandons: last.abandons + add.abandons }]
      : [...kept, { start, ...add }];
  return { window: w.window, buckets };
}

/** Live answers, abandons and the rate in the window as of `now`. */
export function windowCounts(w: AbandonWindow, now: number): WindowCounts {
  let lives = 0;
  let abandons = 0;
  for (const b of w.buckets) {
    if (!live(w, b, now)) continue;
    lives += b.lives;
    abandons += b.abandons;
  }
  return { lives, abandons, rate: lives > 0 ? abandons / lives : 0 };
}
