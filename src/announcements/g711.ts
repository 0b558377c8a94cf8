/**
 * G.711 µ-law and A-law (ITU-T G.711), 8 kHz mono. Decoding goes through 256-entry tables built once; encoding is the
 * standard segment search. Pure.
 */

const BIAS = 0x84;
const CLIP = 32635;

function ulawDecode(u: number): number {
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + BIAS) << ((v & 0x70) >> 4);
  return v & 0x80 ? BIAS - t : t - BIAS;
}

function alawDecode(a: number): number {
  const v = a ^ 0x55;
  const seg = (v & 0x70) >> 4;
  let t = (v & 0x0f) << 4;
  t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return v & 0x80 ? t : -t;
}

const ulawTable = Int16Array.from({ length: 256 }, (_, i) => ulawDecode(i));
const alawTable = Int16Array.from({ length: 256 }, (_, i) => alawDecode(i));

export function ulawToPcm(buf: Uint8Array): Int16Array {
  const out = new Int16Array(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = ulawTable[buf[i]!]!;
  return out;
}

export function alawToPcm(buf: Uint8Array): Int16Array {
  const out = new Int16Array(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = alawTable[buf[i]!]!;
  return out;
}

function ulawEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(CLIP, Math.abs(sample)) + BIAS;
  let exp = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
  const mant = (s >> (exp + 3)) & 0x0f;
  s = ~(sign | (exp << 4) | mant);
  return s & 0xff;
}

function alawEncode(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const s = Math.min(32767, sample >= 0 ? sample : -sample - 1) >> 3;
  let seg = 0;
  while (seg < 8 && s > (0x20 << seg) - 1) seg++;
  const code = seg >= 8 ? 0x7f : seg < 2 ? (seg << 4) | ((s >> 1) & 0x0f) : (seg << 4) | ((s >> seg) & 0x0f);
  return (sign | code) ^ 0x55;
}

export function pcmToUlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = ulawEncode(pcm[i]!);
  return out;
}

export function pcmToAlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = alawEncode(pcm[i]!);
  return out;
}
