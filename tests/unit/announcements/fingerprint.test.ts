import { describe, expect, it } from 'vitest';
import { decodeFingerprint, encodeFingerprint, fingerprintOf, similarity } from '../../../src/announcements/fingerprint.js';
import { chinaRingBack, concat, from, gain, music, silence, speechLike, viaAlaw, viaUlaw, withNoise } from './audio-synth.js';

// One "recording" (6 s of speech-like audio) as the carrier plays it, and what reaches the dialer.
const recording = speechLike(6000, 11);
const known = fingerprintOf(recording);

describe('fingerprint similarity', () => {
  it.each<[string, Int16Array]>([
    ['the same clip', recording],
    ['−12 dB', gain(recording, -12)],
    ['line noise', withNoise(recording, -40)],
    ['A-law', viaAlaw(recording)],
    ['µ-law, −12 dB', viaUlaw(gain(recording, -12))],
    ['after 6 s of ring-back', concat(chinaRingBack(6000), recording)],
    // 2.27 s is no whole number of frames: the probe's frames do not line up with the known's.
    ['joined mid-sentence', from(recording, 2270)],
    ['joined mid-sentence, then the loop again', concat(from(recording, 3900), silence(500), recording)],
  ])('recognises the recording: %s', (_, probe) => {
    expect(similarity(fingerprintOf(probe), known)).toBeGreaterThanOrEqual(0.3);
  });

  it.each<[string, Int16Array]>([
    ['other speech', speechLike(6000, 12)],
    ['other speech, same level and line', withNoise(speechLike(6000, 13), -40)],
    ['colour ring-back music', music(6000, 3)],
    ['ring-back', chinaRingBack(10_000)],
    ['silence', silence(3000)],
  ])('does not confuse it with %s', (_, probe) => {
    expect(similarity(fingerprintOf(probe), known)).toBeLessThan(0.1);
  });

  it('is the same from either side for a clip against itself, and empty audio has nothing to match', () => {
    expect(similarity(known, known)).toBe(1);
    const empty = fingerprintOf(new Int16Array(0));
    expect(empty.hashes).toHaveLength(0);
    expect(similarity(empty, known)).toBe(0);
    expect(similarity(known, empty)).toBe(0);
  });
});

describe('fingerprint BLOBs', () => {
  it('round-trips', () => {
    const back = decodeFingerprint(new Uint8Array(encodeFingerprint(known)));
    expect(back.hashes).toEqual(known.hashes);
    expect(back.times).toEqual(known.times);
    expect(similarity(back, known)).toBe(1);
  });

  it.each<[string, Uint8Array]>([
    ['empty', new Uint8Array(0)],
    ['not a fingerprint', new TextEncoder().encode('RIFF....WAVEfmt ')],
    ['cut short', encodeFingerprint(known).subarray(0, 100)],
  ])('refuses %s', (_, buf) => {
    expect(() => decodeFingerprint(buf)).toThrow(expect.objectContaining({ code: 'ANNOUNCEMENT_FINGERPRINT_INVALID' }));
  });
});
