/**
 * PLACEHOLDER for CORE's fingerprint (issue 11 contract): the exported signatures only, with a crude implementation
 * so the library branch compiles and its tests run. CORE's file replaces this one at merge.
 */
export interface Fingerprint {
  readonly hashes: Uint32Array;
  readonly times: Uint16Array /* frame index */;
}

const frame = 160;

/** One hash per 20 ms frame: its energy bucket and zero crossings (a placeholder, not robust). */
export function fingerprintOf(pcm: Int16Array): Fingerprint {
  const n = Math.floor(pcm.length / frame);
  const hashes = new Uint32Array(n);
  const times = new Uint16Array(n);
  for (let f = 0; f < n; f++) {
    let energy = 0;
    let crossings = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) {
      energy += Math.abs(pcm[i]!);
      if (i > f * frame && pcm[i]! >= 0 !== pcm[i - 1]! >= 0) crossings++;
    }
    hashes[f] = (Math.min(255, Math.round(Math.log2(1 + energy / frame) * 16)) << 8) | crossings;
    times[f] = f & 0xffff;
  }
  return { hashes, times };
}

/** hashes then times, little-endian, after a count. */
export function encodeFingerprint(fp: Fingerprint): Buffer {
  const n = fp.hashes.length;
  const out = Buffer.alloc(4 + n * 6);
  out.writeUInt32LE(n, 0);
  for (let i = 0; i < n; i++) out.writeUInt32LE(fp.hashes[i]!, 4 + i * 4);
  for (let i = 0; i < n; i++) out.writeUInt16LE(fp.times[i]!, 4 + n * 4 + i * 2);
  return out;
}

export function decodeFingerprint(buf: Uint8Array): Fingerprint {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = b.length >= 4 ? b.readUInt32LE(0) : 0;
  const hashes = new Uint32Array(n);
  const times = new Uint16Array(n);
  for (let i = 0; i < n; i++) hashes[i] = b.readUInt32LE(4 + i * 4);
  for (let i = 0; i < n; i++) times[i] = b.readUInt16LE(4 + n * 4 + i * 2);
  return { hashes, times };
}

/** Share of the probe's hashes found in the known fingerprint. */
export function similarity(probe: Fingerprint, known: Fingerprint): number {
  if (probe.hashes.length === 0) return 0;
  const set = new Set(known.hashes);
  let hit = 0;
  for (const h of probe.hashes) if (set.has(h)) hit++;
  return hit / probe.hashes.length;
}
