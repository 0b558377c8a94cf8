import { describe, expect, it } from 'vitest';
import { toneShare, toneShares } from '../../../src/announcements/spectrum.js';
import { ringBackCadences, sitSteps } from '../../../src/announcements/tones.js';

/** 768 samples (three frames): a tone at `hz` over noise from a fixed seed, or digital silence. */
function clip(hz: number | null, noise: number): Int16Array {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  return Int16Array.from({ length: 1000 }, (_, i) => Math.round((hz === null ? 0 : 8000 * Math.sin((2 * Math.PI * hz * i) / 8000)) + noise * rand()));
}

describe('toneShares: every tone frequency in one pass', () => {
  const hz = [...new Set([...ringBackCadences.flatMap((c) => c.freqs), ...sitSteps.flat()])];
  it.each([
    ['ring-back 450 Hz', clip(450, 200)],
    ['SIT 985.2 Hz', clip(985.2, 500)],
    ['noise (speech-like)', clip(null, 6000)],
    ['digital silence', clip(null, 0)],
  ])('gives exactly what toneShare gives at each frequency: %s', (_name, pcm) => {
    const shares = toneShares(pcm, 100, 768, hz);
    expect(Array.from(shares)).toEqual(hz.map((f) => toneShare(pcm, 100, 768, f)));
  });

  it('says which frequency fills a tone', () => {
    const shares = toneShares(clip(450, 0), 0, 768, [425, 450, 913.8]);
    expect(shares[1]).toBeGreaterThan(0.9);
    expect(shares[0]).toBeLessThan(0.2);
    expect(shares[2]).toBeLessThan(0.05);
  });
});
