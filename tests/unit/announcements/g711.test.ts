import { describe, expect, it } from 'vitest';
import { alawToPcm, pcmToAlaw, pcmToUlaw, ulawToPcm } from '../../../src/announcements/g711.js';
import { speechLike } from './audio-synth.js';

const snrDb = (a: Int16Array, b: Int16Array): number => {
  let s = 0;
  let e = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! ** 2;
    e += (a[i]! - b[i]!) ** 2;
  }
  return 10 * Math.log10(s / e);
};

describe('G.711', () => {
  it.each([
    ['µ-law', pcmToUlaw, ulawToPcm],
    ['A-law', pcmToAlaw, alawToPcm],
  ] as const)('%s keeps speech at about 37 dB SNR through a round trip', (_, enc, dec) => {
    const pcm = speechLike(2000, 4);
    const bytes = enc(pcm);
    expect(bytes).toHaveLength(pcm.length);
    expect(snrDb(pcm, dec(bytes))).toBeGreaterThan(35);
  });

  it.each([
    // µ-law: 0xFF and 0x7F are zero, 0x80 and 0x00 the extremes.
    ['µ-law 0xff', ulawToPcm(Uint8Array.of(0xff))[0], 0],
    ['µ-law 0x80', ulawToPcm(Uint8Array.of(0x80))[0], 32124],
    ['µ-law 0x00', ulawToPcm(Uint8Array.of(0x00))[0], -32124],
    // A-law: 0xd5 is the smallest positive step, 0xaa the largest.
    ['A-law 0xd5', alawToPcm(Uint8Array.of(0xd5))[0], 8],
    ['A-law 0xaa', alawToPcm(Uint8Array.of(0xaa))[0], 32256],
    ['A-law 0x2a', alawToPcm(Uint8Array.of(0x2a))[0], -32256],
    ['silence → µ-law', pcmToUlaw(Int16Array.of(0))[0], 0xff],
    ['silence → A-law', pcmToAlaw(Int16Array.of(0))[0], 0xd5],
  ])('%s', (_, got, want) => expect(got).toBe(want));

  it('saturates instead of wrapping at full scale', () => {
    expect(ulawToPcm(pcmToUlaw(Int16Array.of(32767, -32768)))).toEqual(Int16Array.of(32124, -32124));
    expect(alawToPcm(pcmToAlaw(Int16Array.of(32767, -32768)))).toEqual(Int16Array.of(32256, -32256));
  });
});
