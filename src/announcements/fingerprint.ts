/**
 * A landmark fingerprint of 8 kHz audio: spectrogram peaks paired into hashes (both peaks' frequencies and the time
 * between them), each kept with the anchor's frame. Peaks are local maxima of the log spectrum, so a gain change does
 * not move them; line noise and G.711 add a few peaks of their own but leave most in place. Matching votes on the
 * time offset between equal hashes, so a probe that starts in the middle of the known clip, or after ring-back,
 * still lines up. Pure.
 */
import { HotlineError } from '../errors.js';
import { FRAME, powerSpectrum } from './spectrum.js';

export interface Fingerprint {
  readonly hashes: Uint32Array;
  /** Anchor frame index (HOP samples a frame) of each hash. */
  readonly times: Uint16Array;
}

/** 16 ms hop. */
export const HOP = FRAME / 4;
/** Bins 8–108 (250–3375 Hz): the band every telephone line carries. */
const LO = 8;
const HI = 108;
/** A peak is the largest value within ±DT frames and ±DF bins. */
const DT = 6;
const DF = 5;
/** Peaks weaker than the loudest one within ±1 s by more than this are noise floor. */
const FLOOR_DB = 30;
/** Pairs: targets 1..MAX_DT frames after the anchor and within MAX_DF bins, FAN of them per anchor. */
const MAX_DT = 63;
const MAX_DF = 40;
const FAN = 6;

function logSpectrogram(pcm: Int16Array): Float32Array[] {
  const frames: Float32Array[] = [];
  const p = new Float64Array(FRAME / 2 + 1);
  for (let s = 0; s + FRAME <= pcm.length; s += HOP) {
    powerSpectrum(pcm, s, p);
    const row = new Float32Array(HI - LO);
    for (let k = LO; k < HI; k++) row[k - LO] = 10 * Math.log10(p[k]! + 1e-12);
    frames.push(row);
  }
  return frames;
}

interface Peak {
  t: number;
  f: number;
}

function peaks(S: Float32Array[]): Peak[] {
  const n = S.length;
  const W = HI - LO;
  // A separable max filter: the largest value within ±DF bins, then within ±DT frames of that.
  const across = S.map((row) => {
    const m = new Float32Array(W);
    for (let f = 0; f < W; f++) {
      let v = -Infinity;
      for (let g = Math.max(0, f - DF); g <= Math.min(W - 1, f + DF); g++) v = Math.max(v, row[g]!);
      m[f] = v;
    }
    return m;
  });
  // The loudest bin of each frame, then the loudest within ±1 s: the reference for the noise floor.
  const frameMax = S.map((row) => row.reduce((a, b) => Math.max(a, b), -200));
  const span = Math.round(8000 / HOP);
  const out: Peak[] = [];
  for (let t = 0; t < n; t++) {
    let ref = -200;
    for (let u = Math.max(0, t - span); u <= Math.min(n - 1, t + span); u++) ref = Math.max(ref, frameMax[u]!);
    const row = S[t]!;
    for (let f = 0; f < W; f++) {
      const v = row[f]!;
      if (v < ref - FLOOR_DB || v <= -100 || v < across[t]![f]!) continue;
      let isMax = true;
      for (let u = Math.max(0, t - DT); u <= Math.min(n - 1, t + DT); u++) {
        if (u !== t && across[u]![f]! >= v) {
          isMax = false;
          break;
        }
      }
      if (isMax) out.push({ t, f });
    }
  }
  return out;
}

export const hashOf = (f1: number, f2: number, dt: number): number => ((f1 & 0x7f) << 13) | ((f2 & 0x7f) << 6) | (dt & 0x3f);

export function fingerprintOf(pcm: Int16Array): Fingerprint {
  const ps = peaks(logSpectrogram(pcm));
  const hashes: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < ps.length; i++) {
    const a = ps[i]!;
    let made = 0;
    for (let j = i + 1; j < ps.length && made < FAN; j++) {
      const b = ps[j]!;
      const dt = b.t - a.t;
      if (dt > MAX_DT) break;
      if (dt < 1 || Math.abs(b.f - a.f) > MAX_DF) continue;
      hashes.push(hashOf(a.f, b.f, dt));
      times.push(Math.min(0xffff, a.t));
      made++;
    }
  }
  return { hashes: Uint32Array.from(hashes), times: Uint16Array.from(times) };
}

const MAGIC = 0x46503031; // 'FP01'

/** The fingerprint as a BLOB: magic, count, hashes (u32 LE), times (u16 LE). */
export function encodeFingerprint(fp: Fingerprint): Buffer {
  const n = fp.hashes.length;
  const b = Buffer.alloc(8 + n * 6);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(n, 4);
  for (let i = 0; i < n; i++) b.writeUInt32LE(fp.hashes[i]!, 8 + i * 4);
  for (let i = 0; i < n; i++) b.writeUInt16LE(fp.times[i]!, 8 + n * 4 + i * 2);
  return b;
}

/** Reads a BLOB written by encodeFingerprint; ANNOUNCEMENT_FINGERPRINT_INVALID for anything else. */
export function decodeFingerprint(buf: Uint8Array): Fingerprint {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 8 || b.readUInt32LE(0) !== MAGIC) throw new HotlineError('ANNOUNCEMENT_FINGERPRINT_INVALID', 'not an announcement fingerprint', { details: { bytes: b.length } });
  const n = b.readUInt32LE(4);
  if (b.length !== 8 + n * 6) {
    throw new HotlineError('ANNOUNCEMENT_FINGERPRINT_INVALID', `a fingerprint of ${n} hashes needs ${8 + n * 6} bytes, this one has ${b.length}`, { details: { bytes: b.length, hashes: n } });
  }
  const hashes = new Uint32Array(n);
  const times = new Uint16Array(n);
  for (let i = 0; i < n; i++) hashes[i] = b.readUInt32LE(8 + i * 4);
  for (let i = 0; i < n; i++) times[i] = b.readUInt16LE(8 + n * 4 + i * 2);
  return { hashes, times };
}

/** Hash → anchor times of a known fingerprint, built once per fingerprint object. */
const indexes = new WeakMap<Fingerprint, Map<number, number[]>>();

function indexOf(fp: Fingerprint): Map<number, number[]> {
  let ix = indexes.get(fp);
  if (!ix) {
    ix = new Map();
    for (let i = 0; i < fp.hashes.length; i++) {
      const h = fp.hashes[i]!;
      const l = ix.get(h);
      if (l) l.push(fp.times[i]!);
      else ix.set(h, [fp.times[i]!]);
    }
    indexes.set(fp, ix);
  }
  return ix;
}

/** Below this many hashes in the overlap, a score is scaled down: a few chance agreements are not a match. */
const MIN_OVERLAP = 60;

export interface Alignment {
  /** Known frame minus probe frame. */
  readonly offset: number;
  /** Hashes agreeing at that offset (±1 frame). */
  readonly matched: number;
  readonly score: number;
}

/** The best time alignment of probe on known and how well it holds. */
export function align(probe: Fingerprint, known: Fingerprint): Alignment {
  const ix = indexOf(known);
  // Each probe hash's candidate offsets (known frame − probe frame), once each.
  const offsetsOf: number[][] = [];
  for (let i = 0; i < probe.hashes.length; i++) {
    const tp = probe.times[i]!;
    const mine = new Set<number>();
    for (const h of tolerant(probe.hashes[i]!)) {
      const ts = ix.get(h);
      if (ts) for (const tk of ts) mine.add(tk - tp);
    }
    if (mine.size) offsetsOf.push([...mine]);
  }
  return alignVotes(offsetsOf, probe, known);
}

/**
 * The hash and its neighbours one frame shorter and longer: a peak may land one frame early or late when the
 * probe's frames do not line up with the known's.
 */
export function tolerant(h: number): number[] {
  const dt = h & 0x3f;
  const base = h & ~0x3f;
  const out = [h];
  if (dt > 1) out.push(base | (dt - 1));
  if (dt < MAX_DT) out.push(base | (dt + 1));
  return out;
}

/** The alignment from each matching probe hash's candidate offsets (see align). */
export function alignVotes(offsetsOf: readonly number[][], probe: Fingerprint, known: Fingerprint): Alignment {
  const [offset, first, rest] = bestOffset(offsetsOf);
  if (first === 0) return { offset: 0, matched: 0, score: 0 };
  // A looping announcement joined mid-way lines up twice: its end at one offset, its restart at another. The second
  // counts only probe hashes the first did not explain.
  const [, second] = bestOffset(rest);
  const matched = first + (second >= Math.max(10, first * 0.2) ? second : 0);
  // Only the stretch both clips cover counts: the probe's ring-back lead-in, or the part of the known before the
  // probe joined, is neither a match nor a miss.
  const [kLo, kHi] = span(known.times);
  const [pLo, pHi] = span(probe.times);
  let nP = 0;
  for (const t of probe.times) if (t + offset >= kLo && t + offset <= kHi) nP++;
  let nK = 0;
  for (const t of known.times) if (t - offset >= pLo && t - offset <= pHi) nK++;
  return { offset, matched, score: Math.min(1, matched / Math.max(MIN_OVERLAP, Math.min(nP, nK))) };
}

/**
 * The offset most probe hashes agree on (within ±1 frame, each hash counted once), how many agree, and the
 * hashes left over.
 */
function bestOffset(offsetsOf: readonly (readonly number[])[]): [number, number, (readonly number[])[]] {
  const votes = new Map<number, number>();
  for (const os of offsetsOf) for (const d of os) votes.set(d, (votes.get(d) ?? 0) + 1);
  let offset = 0;
  let best = -1;
  for (const [d, c] of votes) {
    if (c * 3 < best) continue;
    const sum = c + (votes.get(d - 1) ?? 0) + (votes.get(d + 1) ?? 0);
    if (sum > best) {
      best = sum;
      offset = d;
    }
  }
  if (best <= 0) return [0, 0, []];
  const near = (os: readonly number[]): boolean => os.some((d) => Math.abs(d - offset) <= 1);
  const agree = offsetsOf.filter(near).length;
  return [offset, agree, offsetsOf.filter((os) => !near(os))];
}

function span(times: Uint16Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/** How much of the stretch both cover agrees, in [0, 1]; unrelated audio scores near 0. */
export function similarity(probe: Fingerprint, known: Fingerprint): number {
  return align(probe, known).score;
}
