/**
 * Puts a leg's RTP audio back in the order and on the timeline it was sent, whatever the arrival: the hearing's
 * fingerprint lines clips up by time, so audio that shrinks (a lost packet simply left out) or stretches (a duplicate
 * played twice) lines up less with the known recording (offline, dropping 5% of the lab's packets left 51 of 108
 * known announcements unrecognised; filling them with silence, none). On the lab under CPU starvation the packets
 * came in bursts up to 2.2 s late but none was lost or out of order; across a network they can be. Pure:
 * `(state, packet, arrivedAt) → {state, out}`.
 *
 * - Order: by sequence number (16-bit, unwrapped), holding at most `window` packets while one is missing.
 * - Lost packets (a hole in the sequence that the window did not fill) become silence of their length, so what
 *   follows stays where it was said; a hole longer than `maxFillPackets` is a restart of the stream, not filled.
 * - A duplicate, or a packet that comes after its place was played, is dropped.
 * - `at` of a chunk is the first packet's arrival plus its RTP timestamp's distance from the first one's: arrival
 *   time on a starved host says when the process got to the packet, not when it was said.
 */

export interface RtpAudioPacket {
  seq: number;
  timestamp: number;
  ssrc: number;
  pcm: Int16Array;
}

/** Audio to hand on, in order; `filled` marks silence standing for lost packets. */
export interface PlacedAudio {
  pcm: Int16Array;
  at: number;
  filled: boolean;
}

export interface PlacementStats {
  packets: number;
  /** Packets that arrived after one with a later sequence number (and were still put in their place). */
  reordered: number;
  duplicates: number;
  /** Packets that came after their place was played (dropped). */
  late: number;
  /** Packets never received, filled with silence. */
  lost: number;
  /** Holes too long to fill, and changes of SSRC: the stream started again. */
  restarts: number;
}

interface Held {
  ext: number;
  timestamp: number;
  pcm: Int16Array;
}

export interface PlacementState {
  readonly ssrc: number | null;
  /** Unwrapped sequence number of the latest packet seen (the reference for unwrapping the next). */
  readonly lastExt: number;
  readonly lastSeq: number;
  /** Unwrapped sequence number of the next packet to play; null before the first. */
  readonly next: number | null;
  /** Samples in the last packet played: a lost packet is filled with as many. */
  readonly packetSamples: number;
  readonly firstTimestamp: number;
  readonly firstAt: number;
  /** Highest sequence number received, for counting reordering. */
  readonly highest: number;
  readonly held: readonly Held[];
  readonly stats: PlacementStats;
}

export interface PlacementOptions {
  /** Packets held while waiting for a missing one (3 × 20 ms: a reordering deeper than that is rare on one host). */
  window: number;
  /** A hole of more packets than this is not filled (1 s of 20 ms packets). */
  maxFillPackets: number;
}

export const DEFAULT_PLACEMENT: PlacementOptions = { window: 3, maxFillPackets: 50 };

export function initialPlacement(): PlacementState {
  return {
    ssrc: null,
    lastExt: 0,
    lastSeq: 0,
    next: null,
    packetSamples: 160,
    firstTimestamp: 0,
    firstAt: 0,
    highest: -Infinity,
    held: [],
    stats: { packets: 0, reordered: 0, duplicates: 0, late: 0, lost: 0, restarts: 0 },
  };
}

/** The signed distance from `b` to `a` in a 16-bit sequence space (or 32-bit timestamps with `bits` 32). */
const seqDelta = (a: number, b: number): number => ((((a - b) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
const tsDelta = (a: number, b: number): number => (a - b) | 0;

export function placePacket(state: PlacementState, p: RtpAudioPacket, arrivedAt: number, opts: PlacementOptions = DEFAULT_PLACEMENT): { state: PlacementState; out: PlacedAudio[] } {
  const inOrder = inOrderNext(state, p);
  if (inOrder) return inOrder;
  let s = state;
  const out: PlacedAudio[] = [];
  if (s.ssrc !== null && p.ssrc !== s.ssrc) {
    // Another stream: play what is held of the old one, then start over on the new one's numbering.
    const flushed = flushPlacement(s);
    out.push(...flushed.out);
    s = { ...initialPlacement(), stats: { ...flushed.state.stats, restarts: flushed.state.stats.restarts + 1 } };
  }
  if (s.next !== null && s.next - (s.lastExt + seqDelta(p.seq, s.lastSeq)) > opts.maxFillPackets) {
    // Far behind what was played: the sender started its numbering again, not a late packet (else every packet
    // from here on would be dropped as late and the leg heard nothing more).
    const flushed = flushPlacement(s, opts);
    out.push(...flushed.out);
    s = { ...initialPlacement(), stats: { ...flushed.state.stats, restarts: flushed.state.stats.restarts + 1 } };
  }
  const stats = { ...s.stats, packets: s.stats.packets + 1 };
  if (s.ssrc === null) {
    s = { ...s, ssrc: p.ssrc, lastExt: 0, lastSeq: p.seq, next: 0, highest: -1, firstTimestamp: p.timestamp, firstAt: arrivedAt };
  }
  const ext = s.lastExt + seqDelta(p.seq, s.lastSeq);
  s = { ...s, lastExt: ext, lastSeq: p.seq };
  if (ext < s.highest) stats.reordered++;
  const highest = Math.max(s.highest, ext);
  if (ext < s.next! || s.held.some((h) => h.ext === ext)) {
    if (ext < s.next!) stats.late++;
    else stats.duplicates++;
    // A duplicate of a played packet cannot be told from a late one; both are dropped.
    return { state: { ...s, highest, stats }, out };
  }
  const held = [...s.held, { ext, timestamp: p.timestamp, pcm: p.pcm }].sort((a, b) => a.ext - b.ext);
  return drain({ ...s, highest, held, stats }, out, opts, false);
}

/**
 * The packet every packet of a sound stream is: the next one, of the same stream, with nothing held. Played at once,
 * as the general path would play it, without its copies and sorting (it runs 50 times a second on every leg).
 */
function inOrderNext(s: PlacementState, p: RtpAudioPacket): { state: PlacementState; out: PlacedAudio[] } | null {
  if (s.ssrc === null || p.ssrc !== s.ssrc || s.held.length > 0) return null;
  const ext = s.lastExt + seqDelta(p.seq, s.lastSeq);
  if (ext !== s.next) return null;
  return {
    state: { ...s, lastExt: ext, lastSeq: p.seq, next: ext + 1, packetSamples: p.pcm.length, highest: Math.max(s.highest, ext), stats: { ...s.stats, packets: s.stats.packets + 1 } },
    out: [{ pcm: p.pcm, at: atOf(s, p.timestamp), filled: false }],
  };
}

/** Plays everything held (the stream ended, or another began). */
export function flushPlacement(state: PlacementState, opts: PlacementOptions = DEFAULT_PLACEMENT): { state: PlacementState; out: PlacedAudio[] } {
  return drain(state, [], opts, true);
}

function drain(state: PlacementState, out: PlacedAudio[], opts: PlacementOptions, all: boolean): { state: PlacementState; out: PlacedAudio[] } {
  const held = [...state.held];
  const stats = { ...state.stats };
  let { next, packetSamples } = state;
  while (held.length > 0 && (all || held[0]!.ext === next || held.length > opts.window)) {
    const h = held.shift()!;
    const missing = h.ext - next!;
    if (missing > 0 && missing <= opts.maxFillPackets) {
      stats.lost += missing;
      const samples = missing * packetSamples;
      out.push({ pcm: new Int16Array(samples), at: atOf(state, h.timestamp) - (samples * 1000) / 8000, filled: true });
    } else if (missing > 0) {
      stats.restarts++;
    }
    out.push({ pcm: h.pcm, at: atOf(state, h.timestamp), filled: false });
    next = h.ext + 1;
    packetSamples = h.pcm.length;
  }
  return { state: { ...state, held, next, packetSamples, stats }, out };
}

/** When a packet's first sample was said: the first packet's arrival plus the RTP clock (8 kHz) since it. */
function atOf(s: PlacementState, timestamp: number): number {
  return s.firstAt + (tsDelta(timestamp, s.firstTimestamp) * 1000) / 8000;
}
