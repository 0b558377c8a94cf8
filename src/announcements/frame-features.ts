/**
 * What one 32 ms frame of early media looks like: its level, the call-progress tone in it if any, and how much its
 * spectrum changed since the frame before (music holds its notes; speech moves every few tens of ms). Pure.
 */
import { FRAME, levelDb, powerSpectrum, toneShare } from './spectrum.js';
import { ringBackCadences, sitSteps, type Cadence } from './tones.js';

/** Tone detection looks at the last three frames (96 ms): 10 Hz apart is then told apart, 440 from 450. */
export const TONE_SPAN = 3 * FRAME;
/** Share of the energy the tone's frequencies must hold for the frame to be a tone. */
const TONE_SHARE = 0.6;
/** Spectrum bins 3–108 (94–3375 Hz): the telephone band. */
const LO = 3;
const HI = 108;

export interface FrameFeatures {
  readonly db: number;
  /** A ring-back cadence's name ('cn', 'na'…) or 'sit1'..'sit3' when a tone fills the frame; else null. */
  readonly tone: string | null;
  /** Cosine similarity of this frame's magnitude spectrum to the previous frame's (1 = unchanged). */
  readonly sim: number;
  /** Spectral flatness in the telephone band (0 tonal … 1 noise). */
  readonly flat: number;
}

function toneOf(pcm: Int16Array, end: number, cadences: readonly Cadence[]): string | null {
  const start = end - TONE_SPAN;
  if (start < 0) return null;
  let best: string | null = null;
  let bestShare = TONE_SHARE;
  for (const c of cadences) {
    const shares = c.freqs.map((f) => toneShare(pcm, start, TONE_SPAN, f));
    const sum = shares.reduce((a, b) => a + b, 0);
    if (sum > bestShare && shares.every((s) => s > 0.2)) {
      best = c.name;
      bestShare = sum;
    }
  }
  if (best) return best;
  for (let i = 0; i < sitSteps.length; i++) {
    for (const f of sitSteps[i]!) if (toneShare(pcm, start, TONE_SPAN, f) > TONE_SHARE) return `sit${i + 1}`;
  }
  return null;
}

/** Carries the previous frame's spectrum from one frame to the next. */
export interface FrameScanner {
  prev: Float64Array | null;
}

export const newScanner = (): FrameScanner => ({ prev: null });

/** Features of the frame of `pcm` at `start` (FRAME samples); `scanner` is updated. */
export function frameFeatures(pcm: Int16Array, start: number, scanner: FrameScanner, cadences: readonly Cadence[] = ringBackCadences): FrameFeatures {
  const db = levelDb(pcm, start, FRAME);
  const tone = db > -60 ? toneOf(pcm, start + FRAME, cadences) : null;
  const p = powerSpectrum(pcm, start);
  const mag = new Float64Array(HI - LO);
  let logSum = 0;
  let sum = 0;
  for (let k = LO; k < HI; k++) {
    const m = Math.sqrt(p[k]!) + 1e-9;
    mag[k - LO] = m;
    logSum += Math.log(p[k]! + 1e-18);
    sum += p[k]! + 1e-18;
  }
  const n = HI - LO;
  const flat = Math.exp(logSum / n) / (sum / n);
  let sim = 0;
  if (scanner.prev) {
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      dot += mag[i]! * scanner.prev[i]!;
      a += mag[i]! * mag[i]!;
      b += scanner.prev[i]! * scanner.prev[i]!;
    }
    sim = dot / Math.sqrt(a * b);
  }
  scanner.prev = mag;
  return { db, tone, sim, flat };
}

/** Features of every whole frame of a clip. */
export function clipFeatures(pcm: Int16Array, cadences: readonly Cadence[] = ringBackCadences): FrameFeatures[] {
  const s = newScanner();
  const out: FrameFeatures[] = [];
  for (let i = 0; i + FRAME <= pcm.length; i += FRAME) out.push(frameFeatures(pcm, i, s, cadences));
  return out;
}
