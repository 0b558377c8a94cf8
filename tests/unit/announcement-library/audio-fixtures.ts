/** Test audio for the library: deterministic 8 kHz tones and noise, and WAV files made from them. */
import { pcmToAlaw, pcmToUlaw } from '../../../src/announcements/g711.js';
import { encodeWav } from '../../../src/announcement-library/wav.js';

/** `ms` of a tone sweep seeded by `seed`, so two seeds sound (and fingerprint) differently. */
export function voice(seed: number, ms = 2000): Int16Array {
  const n = (ms * 8000) / 1000;
  const out = new Int16Array(n);
  let x = seed * 7919 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const f = 300 + ((seed * 37 + Math.floor(i / 800) * 113) % 900);
    out[i] = Math.round(8000 * Math.sin((2 * Math.PI * f * i) / 8000) + ((x % 2000) - 1000));
  }
  return out;
}

/** A WAV file with a header as given (rate, channels, encoding) around `pcm` or raw G.711 bytes. */
export function wav(pcm: Int16Array, o: { rate?: number; channels?: number; format?: 'pcm' | 'alaw' | 'ulaw' | 'float' } = {}): Buffer {
  const format = o.format ?? 'pcm';
  if (format === 'pcm' && !o.rate && !o.channels) return encodeWav(pcm);
  const data =
    format === 'alaw' ? Buffer.from(pcmToAlaw(pcm)) : format === 'ulaw' ? Buffer.from(pcmToUlaw(pcm)) : format === 'float' ? Buffer.alloc(pcm.length * 4) : encodeWav(pcm).subarray(44);
  const bits = format === 'pcm' ? 16 : format === 'float' ? 32 : 8;
  const code = { pcm: 1, alaw: 6, ulaw: 7, float: 3 }[format];
  const rate = o.rate ?? 8000;
  const channels = o.channels ?? 1;
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(code, 20);
  head.writeUInt16LE(channels, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE((rate * channels * bits) / 8, 28);
  head.writeUInt16LE((channels * bits) / 8, 32);
  head.writeUInt16LE(bits, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}
