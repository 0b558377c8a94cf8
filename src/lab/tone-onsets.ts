/**
 * Timestamped tone bursts, heard at two points of a call, give the one-way delay between them (issue 13's audio
 * measure): each point is a list of arrival-stamped PCM chunks; a burst's onset is the first short frame after a pause
 * where the tone holds most of the energy; each onset at the sending point is paired with the first onset at the
 * receiving point within a window. Pure: the bench (bench/agents-phone-delay.ts) does the listening.
 */
import { toneShare } from '../announcements/spectrum.js';

/** 8 kHz PCM that arrived at `at` (ms, any clock shared by the points compared). */
export interface HeardChunk {
  at: number;
  pcm: Int16Array;
}

export interface OnsetOptions {
  hz: number;
  /** Frame length in samples: 80 = 10 ms, short enough to place an onset, long enough for the Goertzel share. */
  frame?: number;
  /** Share of the frame's energy at `hz` that counts as the tone. */
  minShare?: number;
  /** Mean absolute sample below which a frame is silence whatever its share (comfort noise, dither). */
  minLevel?: number;
  /** A burst starts only after at least this much tone-free time, so a frame lost inside a burst is not a new onset. */
  minGapMs?: number;
}

const SAMPLES_PER_MS = 8;

/**
 * The onset time of each burst of `hz`: the chunk's arrival time plus the frame's offset inside the chunk. The arrival
 * time is when the chunk's packet came, so both points compared carry the same packetisation offset and it cancels.
 */
export function toneOnsets(chunks: readonly HeardChunk[], opts: OnsetOptions): number[] {
  const frame = opts.frame ?? 80;
  const minShare = opts.minShare ?? 0.5;
  const minLevel = opts.minLevel ?? 200;
  const minGapMs = opts.minGapMs ?? 100;
  const onsets: number[] = [];
  let lastTone = -Infinity;
  for (const c of [...chunks].sort((a, b) => a.at - b.at)) {
    for (let start = 0; start + frame <= c.pcm.length; start += frame) {
      const t = c.at + start / SAMPLES_PER_MS;
      let level = 0;
      for (let i = start; i < start + frame; i++) level += Math.abs(c.pcm[i]!);
      const on = level / frame >= minLevel && toneShare(c.pcm, start, frame, opts.hz) >= minShare;
      if (!on) continue;
      if (t - lastTone >= minGapMs) onsets.push(t);
      lastTone = t;
    }
  }
  return onsets;
}

/**
 * For each onset at the sender, the delay to the first onset at the receiver within [sent + fromMs, sent + toMs];
 * unmatched ones are dropped. `fromMs` may be negative: each listening point has its own read jitter (up to a frame),
 * so a path faster than that can show a receiver onset a little before the sender's.
 */
export function pairedDelays(sent: readonly number[], received: readonly number[], window: { fromMs: number; toMs: number }): number[] {
  const delays: number[] = [];
  for (const s of sent) {
    const r = received.find((x) => x >= s + window.fromMs && x <= s + window.toMs);
    if (r !== undefined) delays.push(r - s);
  }
  return delays;
}

/** The p-th percentile (nearest rank) of `xs`; NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
