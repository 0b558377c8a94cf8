/**
 * Decaying counts of how dials ended and how long they took, as a plain value. Old dials fade with a half-life
 * rather than dropping out of a fixed window, so an estimate moves smoothly when the list or the hour changes.
 */

/** How a dial ended, as pacing needs it: only `live` wants an agent. */
export const dialResults = ['live', 'machine', 'busy', 'no-answer', 'invalid', 'failed'] as const;
export type DialResult = (typeof dialResults)[number];

/** One-second bins from 0 to 120 s (the longest ring a campaign allows); the last bin holds anything longer. */
export const TIME_BINS = 121;

export interface OutcomeTally {
  /** Epoch ms the counts are decayed to. */
  readonly at: number;
  readonly counts: Readonly<Record<DialResult, number>>;
  /** Seconds from dial to a live answer. */
  readonly liveS: readonly number[];
  /** Seconds from dial to the end of a dial that reached no live person (a machine's answer, busy, no answer…). */
  readonly otherS: readonly number[];
}

const zeroCounts = (): Record<DialResult, number> => ({ live: 0, machine: 0, busy: 0, 'no-answer': 0, invalid: 0, failed: 0 });

/** An empty tally as of `now`. */
export function emptyTally(now: number): OutcomeTally {
  return { at: now, counts: zeroCounts(), liveS: new Array<number>(TIME_BINS).fill(0), otherS: new Array<number>(TIME_BINS).fill(0) };
}

/** The weight left to something `ageMs` old under this half-life. */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  return ageMs <= 0 ? 1 : Math.pow(2, -ageMs / halfLifeMs);
}

/** The tally decayed to `now` (a clock that went back leaves it as it is). */
export function decayTally(t: OutcomeTally, now: number, halfLifeMs: number): OutcomeTally {
  if (now <= t.at) return t;
  const f = decayFactor(now - t.at, halfLifeMs);
  const counts = zeroCounts();
  for (const r of Object.keys(counts) as DialResult[]) counts[r] = t.counts[r] * f;
  return { at: now, counts, liveS: t.liveS.map((x) => x * f), otherS: t.otherS.map((x) => x * f) };
}

/** The bin for a duration in seconds. */
export function timeBin(seconds: number): number {
  return Math.min(TIME_BINS - 1, Math.max(0, Math.floor(seconds)));
}

/** The tally with one more dial that ended as `result` after `seconds` (to the answer, for live and machine). */
export function tallyDial(t: OutcomeTally, result: DialResult, seconds: number, now: number, halfLifeMs: number): OutcomeTally {
  const d = decayTally(t, now, halfLifeMs);
  const counts = { ...d.counts, [result]: d.counts[result] + 1 };
  const bin = timeBin(seconds);
  const live = result === 'live';
  const liveS = live ? d.liveS.map((x, i) => (i === bin ? x + 1 : x)) : d.liveS;
  const otherS = live ? d.otherS : d.otherS.map((x, i) => (i === bin ? x + 1 : x));
  return { at: d.at, counts, liveS, otherS };
}

/** All dials in the tally (decayed weight). */
export function tallyTotal(t: OutcomeTally): number {
  let s = 0;
  for (const r of dialResults) s += t.counts[r];
  return s;
}
