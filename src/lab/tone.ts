/**
 * Test tones for the lab's phones: a sine as 8 kHz G.711 u-law (what a SIPp caller sends as RTP) and the WAV a
 * headless Chromium plays as its fake microphone. Pure, apart from writing the WAV.
 */
import { writeFileSync } from 'node:fs';

/** G.711 u-law of one 16-bit linear sample (ITU-T G.711, with the usual bias of 0x84 and clip at 32635). */
export function linearToUlaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(Math.round(sample)), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = ~(sign | (exponent << 4) | mantissa);
  return s & 0xff;
}

/** `ms` of a `hz` sine at `amplitude` (0-1 of full scale) as 16-bit samples at `rate`. */
export function sine(hz: number, ms: number, rate: number, amplitude = 0.3): Int16Array {
  const n = Math.round((ms * rate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * amplitude * 32767);
  return out;
}

/** A sine as 8 kHz u-law. */
export function ulawTone(hz: number, ms: number, amplitude = 0.3): Uint8Array {
  return Uint8Array.from(sine(hz, ms, 8000, amplitude), linearToUlaw);
}

/** A mono 16-bit PCM WAV file of the samples. */
export function wavBytes(samples: Int16Array, rate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Writes a tone WAV for Chromium's --use-file-for-fake-audio-capture (48 kHz, which WebRTC captures at). */
export function writeToneWav(path: string, hz: number, ms: number): void {
  writeFileSync(path, wavBytes(sine(hz, ms, 48_000), 48_000));
}
