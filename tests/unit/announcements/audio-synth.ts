/**
 * Generated early-media audio for tests and the benchmark: tones and cadences, line noise, music-like chords and
 * speech-like babble, all 8 kHz 16-bit, all seeded so a test sees the same samples every run.
 */
import { alawToPcm, pcmToAlaw, pcmToUlaw, ulawToPcm } from '../../../src/announcements/g711.js';
import { mulberry32 } from '../../../src/sim/prng.js';

export const RATE = 8000;
const ms = (n: number): number => Math.round((n * RATE) / 1000);

/** mulberry32 (src/sim/prng.ts): a small seeded generator, so a failure can be replayed from its seed. */
export const rng = mulberry32;

const toPcm = (f: Float64Array): Int16Array => Int16Array.from(f, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767))));

export const silence = (durMs: number): Int16Array => new Int16Array(ms(durMs));

/** Sum of sines at `freqs`, each at `dbfs` peak level. */
export function tone(freqs: readonly number[], durMs: number, dbfs = -12): Int16Array {
  const a = Math.pow(10, dbfs / 20) / freqs.length;
  const f = new Float64Array(ms(durMs));
  for (let i = 0; i < f.length; i++) for (const hz of freqs) f[i]! += a * Math.sin((2 * Math.PI * hz * i) / RATE);
  return toPcm(f);
}

/** A cadence (tone bursts, then off) repeated for `durMs`. */
export function cadence(freqs: readonly number[], on: readonly number[], off: number, durMs: number, dbfs = -12): Int16Array {
  const parts: Int16Array[] = [];
  let t = 0;
  while (t < durMs) {
    on.forEach((o, i) => {
      parts.push(tone(freqs, o, dbfs));
      const gap = i < on.length - 1 ? 200 : off;
      parts.push(silence(gap));
      t += o + gap;
    });
  }
  return concat(...parts).subarray(0, ms(durMs));
}

export const chinaRingBack = (durMs: number, dbfs = -12): Int16Array => cadence([450], [1000], 4000, durMs, dbfs);

/** Special information tone: 913.8, 1370.6, 1776.7 Hz, 330 ms each. */
export const sit = (): Int16Array => concat(tone([913.8], 330), tone([1370.6], 330), tone([1776.7], 330));

/** White line noise at `dbfs` RMS. */
export function noise(durMs: number, dbfs: number, seed = 1): Int16Array {
  const r = rng(seed);
  const a = Math.pow(10, dbfs / 20) * Math.sqrt(3);
  const f = new Float64Array(ms(durMs));
  for (let i = 0; i < f.length; i++) f[i] = a * (2 * r() - 1);
  return toPcm(f);
}

/** Colour ring-back-like music: legato chords and a melody of harmonic-rich notes, no gaps. */
export function music(durMs: number, seed = 1, dbfs = -14): Int16Array {
  const r = rng(seed);
  const f = new Float64Array(ms(durMs));
  const scale = [0, 2, 4, 5, 7, 9, 11];
  const root = 48 + Math.floor(r() * 10);
  const hz = (midi: number): number => 440 * Math.pow(2, (midi - 69) / 12);
  const voice = (from: number, to: number, freq: number, amp: number): void => {
    for (let i = from; i < Math.min(to, f.length); i++) {
      const t = (i - from) / RATE;
      const env = Math.min(1, t / 0.03) * Math.exp(-t * 0.8);
      let s = 0;
      for (let h = 1; h <= 6; h++) s += Math.sin(2 * Math.PI * freq * h * t) / h;
      f[i]! += amp * env * s;
    }
  };
  for (let at = 0; at < f.length; ) {
    const chordLen = ms(1000 + r() * 1000);
    const deg = Math.floor(r() * 7);
    for (const step of [0, 2, 4]) {
      const d = deg + step;
      voice(at, at + chordLen + ms(50), hz(root + scale[d % 7]! + 12 * Math.floor(d / 7)), 0.12);
    }
    for (let m = at; m < at + chordLen; ) {
      const len = ms(250 + r() * 350);
      const d = Math.floor(r() * 10);
      voice(m, m + len + ms(40), hz(root + 12 + scale[d % 7]! + 12 * Math.floor(d / 7)), 0.2);
      m += len;
    }
    at += chordLen;
  }
  return toPcm(normalise(f, dbfs));
}

/** Speech-like babble: syllables of a moving pitch through moving formants, fricatives, and pauses between words. */
export function speechLike(durMs: number, seed = 1, dbfs = -16): Int16Array {
  const r = rng(seed);
  const f = new Float64Array(ms(durMs));
  const formants = [
    [700, 1200],
    [300, 2300],
    [500, 900],
    [400, 2000],
    [600, 1700],
  ];
  let i = 0;
  let phase = 0;
  while (i < f.length) {
    const words = 2 + Math.floor(r() * 3);
    for (let w = 0; w < words && i < f.length; w++) {
      if (r() < 0.4) {
        const len = ms(60 + r() * 60);
        for (let j = 0; j < len && i < f.length; j++, i++) f[i] = 0.25 * (2 * r() - 1) * (r() < 0.5 ? 1 : -1) * Math.sin((Math.PI * j) / len);
      }
      const len = ms(140 + r() * 160);
      const [f1, f2] = formants[Math.floor(r() * formants.length)]!;
      const f0a = 110 + r() * 120;
      const f0b = 110 + r() * 120;
      for (let j = 0; j < len && i < f.length; j++, i++) {
        const u = j / len;
        const f0 = f0a + (f0b - f0a) * u;
        phase += (2 * Math.PI * f0) / RATE;
        let s = 0;
        for (let h = 1; h * f0 < 3400; h++) {
          const fh = h * f0;
          const g = 1 / (1 + ((fh - f1!) / 120) ** 2) + 0.6 / (1 + ((fh - f2!) / 180) ** 2) + 0.02;
          s += g * Math.sin(h * phase);
        }
        f[i] = 0.3 * s * Math.sin(Math.PI * u);
      }
      i += ms(20 + r() * 60);
    }
    i += ms(150 + r() * 250);
  }
  return toPcm(normalise(f, dbfs));
}

function normalise(f: Float64Array, dbfs: number): Float64Array {
  let e = 0;
  for (const x of f) e += x * x;
  const rms = Math.sqrt(e / Math.max(1, f.length));
  const g = rms > 0 ? Math.pow(10, dbfs / 20) / rms : 0;
  return f.map((x) => x * g);
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The clip `db` dB louder (negative: quieter). */
export const gain = (pcm: Int16Array, db: number): Int16Array => {
  const g = Math.pow(10, db / 20);
  return Int16Array.from(pcm, (x) => Math.max(-32768, Math.min(32767, Math.round(x * g))));
};

/** `a` with `b` added sample by sample (b repeated or cut to a's length). */
export function mix(a: Int16Array, b: Int16Array): Int16Array {
  return Int16Array.from(a, (x, i) => Math.max(-32768, Math.min(32767, x + (b[i % b.length] ?? 0))));
}

export const withNoise = (pcm: Int16Array, dbfs: number, seed = 7): Int16Array => mix(pcm, noise((pcm.length * 1000) / RATE, dbfs, seed));
export const viaUlaw = (pcm: Int16Array): Int16Array => ulawToPcm(pcmToUlaw(pcm));
export const viaAlaw = (pcm: Int16Array): Int16Array => alawToPcm(pcmToAlaw(pcm));
/** The clip from `fromMs` on (joined mid-sentence). */
export const from = (pcm: Int16Array, fromMs: number): Int16Array => pcm.slice(ms(fromMs));
