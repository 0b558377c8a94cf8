import { describe, expect, it } from 'vitest';
import { sine } from '../../../src/lab/tone.js';
import { pairedDelays, percentile, toneOnsets, type HeardChunk } from '../../../src/lab/tone-onsets.js';

/** `ms` of audio cut into 20 ms chunks arriving from `t0`: tone of `hz` where `on(msIntoStream)` says, silence elsewhere. */
function stream(t0: number, ms: number, on: (t: number) => boolean, hz = 1000, noise = 0): HeardChunk[] {
  const tone = sine(hz, ms, 8000);
  const chunks: HeardChunk[] = [];
  for (let c = 0; c < ms / 20; c++) {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      const n = c * 160 + i;
      pcm[i] = (on(n / 8) ? tone[n]! : 0) + Math.round(noise * Math.sin(n * 1.7));
    }
    chunks.push({ at: t0 + c * 20, pcm });
  }
  return chunks;
}

const bursts = (t: number) => t % 500 >= 100 && t % 500 < 300;

describe('tone onsets', () => {
  it('finds each burst once, at its first 10 ms frame', () => {
    expect(toneOnsets(stream(1000, 2000, bursts), { hz: 1000 })).toEqual([1100, 1600, 2100, 2600]);
  });

  it('places an onset inside a chunk by its frame offset', () => {
    expect(toneOnsets(stream(0, 200, (t) => t >= 50), { hz: 1000 })).toEqual([50]);
  });

  it('ignores another tone, silence and low-level noise', () => {
    expect(toneOnsets(stream(0, 1000, bursts, 625), { hz: 1000 })).toEqual([]);
    expect(toneOnsets(stream(0, 1000, () => false, 1000, 50), { hz: 1000 })).toEqual([]);
  });

  it('does not count a lost frame inside a burst as a new onset', () => {
    const chunks = stream(0, 1000, bursts).filter((c) => c.at !== 160);
    expect(toneOnsets(chunks, { hz: 1000 })).toEqual([100, 600]);
  });

  it('sorts chunks that arrived out of order', () => {
    expect(toneOnsets(stream(0, 1000, bursts).reverse(), { hz: 1000 })).toEqual([100, 600]);
  });
});

describe('paired delays', () => {
  it('pairs each sent onset with the first received one in the window and drops the rest', () => {
    expect(pairedDelays([100, 600, 1100], [130, 640, 2000], { fromMs: -20, toMs: 200 })).toEqual([30, 40]);
  });

  it('keeps a receiver onset a little before the sender when the window allows it', () => {
    expect(pairedDelays([100], [95], { fromMs: -20, toMs: 200 })).toEqual([-5]);
    expect(pairedDelays([100], [95], { fromMs: 0, toMs: 200 })).toEqual([]);
  });

  it('measures a delayed copy of the same bursts', () => {
    const sent = toneOnsets(stream(0, 3000, bursts), { hz: 1000 });
    const received = toneOnsets(stream(37, 3000, bursts), { hz: 1000 });
    expect(pairedDelays(sent, received, { fromMs: -20, toMs: 250 })).toEqual([37, 37, 37, 37, 37, 37]);
  });
});

describe('percentile', () => {
  it('is the nearest rank, NaN for nothing', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(xs, 50)).toBe(10);
    expect(percentile(xs, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
