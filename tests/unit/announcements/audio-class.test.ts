import { describe, expect, it } from 'vitest';
import { classifyWindow, type AudioClass } from '../../../src/announcements/audio-class.js';
import { clipFeatures } from '../../../src/announcements/frame-features.js';
import { cadence, chinaRingBack, concat, gain, music, noise, silence, sit, speechLike, tone, viaAlaw, viaUlaw, withNoise } from './audio-synth.js';

/** Every 1.5 s window of the clip (a step of 256 ms), as hear() classifies them: how many windows got each class. */
function windows(pcm: Int16Array): Partial<Record<AudioClass, number>> {
  const f = clipFeatures(pcm);
  const out: Partial<Record<AudioClass, number>> = {};
  for (let end = 47; end <= f.length; end += 8) {
    const c = classifyWindow(f.slice(end - 47, end));
    out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

/** The classes seen, other than silence. */
const heard = (pcm: Int16Array): AudioClass[] => Object.keys(windows(pcm)).filter((c) => c !== 'silence') as AudioClass[];

describe('the window classifier', () => {
  it.each<[string, Int16Array, AudioClass[]]>([
    ['China ring-back, 450 Hz 1 s on 4 s off', chinaRingBack(12_000), ['ring-back']],
    ['the same, −12 dB, with line noise', withNoise(chinaRingBack(12_000, -24), -50), ['ring-back']],
    ['the same through A-law', viaAlaw(chinaRingBack(12_000)), ['ring-back']],
    ['European ring-back, 425 Hz', cadence([425], [1000], 4000, 12_000), ['ring-back']],
    ['North American ring-back, 440 + 480 Hz 2 s on 4 s off, µ-law', viaUlaw(cadence([440, 480], [2000], 4000, 12_000)), ['ring-back']],
    ['UK double ring, 400 + 450 Hz', cadence([400, 450], [400, 400], 2000, 9000), ['ring-back']],
    ['special information tones', concat(silence(500), sit(), silence(500)), ['sit']],
    // A steady tone of no known cadence is held like a note: music, never speech.
    ['a 1 kHz tone of no known cadence', concat(silence(500), tone([1000], 3000)), ['music']],
    ['digital silence', silence(5000), []],
    ['line noise alone', noise(5000, -40), []],
    ['colour ring-back music', music(8000, 1), ['music']],
    ['another tune, −12 dB', gain(music(8000, 5), -12), ['music']],
    ['music through A-law', viaAlaw(music(8000, 9)), ['music']],
    ['speech', speechLike(6000, 1), ['speech']],
    ['other speech, −12 dB', gain(speechLike(6000, 2), -12), ['speech']],
    ['speech with line noise', withNoise(speechLike(6000, 3), -40), ['speech']],
    ['speech through µ-law', viaUlaw(speechLike(6000, 4)), ['speech']],
  ])('%s', (_, pcm, want) => {
    expect(heard(pcm)).toEqual(want);
  });

  it('hears speech after a ring-back lead-in', () => {
    const w = windows(concat(chinaRingBack(6000), speechLike(5000, 6)));
    expect(w['ring-back']).toBeGreaterThan(0);
    expect(w.speech).toBeGreaterThan(8);
    expect(w.music ?? 0).toBe(0);
  });
});
