// G.711 expansion (ITU-T G.711 tables as arithmetic): what the RTP receiver needs to hand 16-bit PCM to the hearing.
// Kept private to src/media; src/announcements/g711.ts (CORE) is the project's full codec.

function ulawSample(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

function alawSample(code: number): number {
  const a = code ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

// 256-entry tables: decoding is then one lookup per sample, which matters at 50 packets a second per leg.
const ULAW = Int16Array.from({ length: 256 }, (_, i) => ulawSample(i));
const ALAW = Int16Array.from({ length: 256 }, (_, i) => alawSample(i));

/** µ-law bytes to 16-bit linear PCM. */
export function decodeUlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) out[i] = ULAW[bytes[i]!]!;
  return out;
}

/** A-law bytes to 16-bit linear PCM. */
export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) out[i] = ALAW[bytes[i]!]!;
  return out;
}
