/**
 * What a stretch of early media is, from its frames' features: silence, a call-progress tone, music or speech.
 * Music (colour ring-back) holds its notes, so consecutive spectra stay alike and the level never drops; speech
 * changes spectrum every syllable and falls silent between words. Pure; thresholds measured on generated audio and
 * espeak-ng speech (tests/unit/announcements, bench/announcements.ts).
 */
import type { FrameFeatures } from './frame-features.js';
import { ringBackCadences, type Cadence } from './tones.js';

export type AudioClass = 'silence' | 'ring-back' | 'sit' | 'tone' | 'music' | 'speech';

/** Below this a frame is silent whatever else is on the line. */
export const SILENT_DB = -55;
/** A frame this far below the window's loud frames is a gap (between words, or a tone's off time). */
const GAP_DB = 15;
/** Mean flatness above which the sound is noise: white noise is about 0.55, speech 0.02–0.1, music below 0.02. */
const NOISE_FLATNESS = 0.3;

const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? -120;

export interface WindowStats {
  readonly toneFrames: number;
  readonly tone: string | null;
  readonly soundFrames: number;
  readonly gap: number;
  readonly sim: number;
  readonly loud: number;
  /** Mean spectral flatness of the sound frames: hiss is flat, voices and notes are not. */
  readonly flat: number;
}

export function windowStats(frames: readonly FrameFeatures[]): WindowStats {
  const tones = new Map<string, number>();
  for (const f of frames) if (f.tone) tones.set(f.tone, (tones.get(f.tone) ?? 0) + 1);
  let tone: string | null = null;
  let toneFrames = 0;
  for (const [t, n] of tones) if (n > toneFrames) [tone, toneFrames] = [t, n];
  const rest = frames.filter((f) => !f.tone);
  const loud = p90(rest.map((f) => f.db));
  // Beside a tone, line noise in its off time is not sound: only what comes near the tone's level counts.
  const toneDb = toneFrames ? p90(frames.filter((f) => f.tone === tone).map((f) => f.db)) - 20 : -120;
  const floor = Math.max(SILENT_DB, loud - GAP_DB, toneDb);
  const sound = rest.filter((f) => f.db >= floor);
  const sim = sound.length > 1 ? sound.slice(1).reduce((a, f) => a + f.sim, 0) / (sound.length - 1) : 1;
  const flat = sound.length ? sound.reduce((a, f) => a + f.flat, 0) / sound.length : 0;
  return { toneFrames, tone, soundFrames: sound.length, gap: rest.length ? 1 - sound.length / rest.length : 0, sim, loud, flat };
}

/**
 * The class of a window of frames (about 1.5 s). A tone that fills its frames wins over what else is there; a
 * window with little sound is silence.
 */
export function classifyWindow(frames: readonly FrameFeatures[], cadences: readonly Cadence[] = ringBackCadences): AudioClass {
  const s = windowStats(frames);
  const n = frames.length;
  if (s.toneFrames >= Math.max(4, n * 0.15) && s.soundFrames < n * 0.25) {
    if (s.tone?.startsWith('sit')) return 'sit';
    return cadences.some((c) => c.name === s.tone) ? 'ring-back' : 'tone';
  }
  // Little sound, or only line noise (hiss), is silence.
  if (s.soundFrames < n * 0.2 || s.flat > NOISE_FLATNESS) return 'silence';
  // Speech: spectra change frame to frame, and there are gaps between words. Long steady vowels can look held, but
  // then the gaps tell (a held note of music is above 0.92 and has none).
  if ((s.sim < 0.86 && s.gap >= 0.08) || s.sim < 0.8 || (s.sim < 0.92 && s.gap >= 0.25)) return 'speech';
  return 'music';
}
