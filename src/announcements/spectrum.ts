/**
 * Short-time spectra and single-frequency power (Goertzel) over 8 kHz PCM, the two measurements the classifier and
 * the fingerprint are built on. Pure.
 */
import FFT from 'fft.js';

export const SAMPLE_RATE = 8000;
/** 32 ms frames: long enough to resolve the 40 Hz between 440 and 480 Hz, short enough for syllables. */
export const FRAME = 256;

const hann = Float64Array.from({ length: FRAME }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FRAME - 1)));
const fft = new FFT(FRAME);
const input = new Float64Array(FRAME);
const out = fft.createComplexArray();

/** The power spectrum (bins 0..FRAME/2) of FRAME samples of `pcm` from `start`, Hann-windowed, scaled to full scale = 1. */
export function powerSpectrum(pcm: Int16Array, start: number, into = new Float64Array(FRAME / 2 + 1)): Float64Array {
  for (let i = 0; i < FRAME; i++) input[i] = ((pcm[start + i] ?? 0) / 32768) * hann[i]!;
  fft.realTransform(out, input);
  for (let k = 0; k <= FRAME / 2; k++) {
    const re = out[2 * k]!;
    const im = out[2 * k + 1]!;
    into[k] = re * re + im * im;
  }
  return into;
}

/** Hz of spectrum bin k. */
export const binHz = (k: number): number => (k * SAMPLE_RATE) / FRAME;

/**
 * The share of the frame's energy at `hz` (1 for a pure tone at exactly that frequency, near 0 for speech): the
 * Goertzel power normalised by the frame's energy, so gain does not change it.
 */
export function toneShare(pcm: Int16Array, start: number, n: number, hz: number): number {
  const w = (2 * Math.PI * hz) / SAMPLE_RATE;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const x = pcm[start + i] ?? 0;
    energy += x * x;
    const s0 = x + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  if (energy === 0) return 0;
  const power = s1 * s1 + s2 * s2 - c * s1 * s2;
  return (2 * power) / (n * energy);
}

/** Level of `n` samples in dB relative to full scale (−120 for digital silence). */
export function levelDb(pcm: Int16Array, start: number, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    const x = (pcm[start + i] ?? 0) / 32768;
    e += x * x;
  }
  return e === 0 ? -120 : Math.max(-120, 10 * Math.log10(e / n));
}
