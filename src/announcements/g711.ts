/** PLACEHOLDER for CORE's G.711 codec (issue 11 contract): ITU-T G.711 µ-law and A-law, 8 kHz mono. */
export function ulawToPcm(buf: Uint8Array): Int16Array {
  const out = new Int16Array(buf.length);
  for (let i = 0; i < buf.length; i++) {
    const u = ~buf[i]! & 0xff;
    const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
    out[i] = u & 0x80 ? 0x84 - t : t - 0x84;
  }
  return out;
}

export function alawToPcm(buf: Uint8Array): Int16Array {
  const out = new Int16Array(buf.length);
  for (let i = 0; i < buf.length; i++) {
    const a = buf[i]! ^ 0x55;
    const seg = (a & 0x70) >> 4;
    let t = (a & 0x0f) << 4;
    t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
    out[i] = a & 0x80 ? t : -t;
  }
  return out;
}

export function pcmToUlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    let s = pcm[i]!;
    const sign = s < 0 ? 0x80 : 0;
    if (s < 0) s = -s;
    s = Math.min(s, 32635) + 0x84;
    let exp = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
    out[i] = ~(sign | (exp << 4) | ((s >> (exp + 3)) & 0x0f)) & 0xff;
  }
  return out;
}

export function pcmToAlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    let s = pcm[i]!;
    const sign = s >= 0 ? 0x80 : 0;
    if (s < 0) s = -s - 1;
    s = Math.min(s, 32767);
    let v: number;
    if (s < 256) v = s >> 4;
    else {
      let exp = 1;
      while (s >= 512 << (exp - 1) && exp < 7) exp++;
      v = (exp << 4) | ((s >> (exp + 3)) & 0x0f);
    }
    out[i] = (v | sign) ^ 0x55;
  }
  return out;
}
