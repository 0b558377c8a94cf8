import { describe, expect, it } from 'vitest';
import { flushPlacement, initialPlacement, placePacket, type PlacedAudio, type PlacementState, type RtpAudioPacket } from '../../../src/media/rtp-placement.js';

const T0 = Date.parse('2026-12-07T21:00:00Z');
const SEQ0 = 65_530; // wraps past 65535 within a few packets
const TS0 = 4_294_966_000; // wraps past 2^32 too

/** Packet n of a 20 ms G.711 stream: 160 samples, every sample the value n + 1 (0 is left for filled silence). */
const packet = (n: number, ssrc = 0x1234): RtpAudioPacket => ({
  seq: (SEQ0 + n) & 0xffff,
  timestamp: (TS0 + n * 160) >>> 0,
  ssrc,
  pcm: new Int16Array(160).fill(n + 1),
});

/** Feeds packets in the order given, arriving at the given times, and flushes at the end. */
function place(order: ReadonlyArray<number | [number, number]>, ssrcs: Record<number, number> = {}) {
  let state: PlacementState = initialPlacement();
  const out: PlacedAudio[] = [];
  order.forEach((o, i) => {
    const [n, at] = typeof o === 'number' ? [o, T0 + i * 20] : o;
    const r = placePacket(state, packet(n, ssrcs[n]), at);
    state = r.state;
    out.push(...r.out);
  });
  const end = flushPlacement(state);
  out.push(...end.out);
  // What the hearing gets: one value per 160 samples (0 = silence standing for a lost packet), and each chunk's `at`.
  const played = out.flatMap((c) => Array.from({ length: c.pcm.length / 160 }, (_, k) => c.pcm[k * 160]! - 1));
  return { played, out, stats: end.state.stats };
}

describe('placePacket: audio in the order and on the timeline it was sent', () => {
  it.each<[string, Array<number | [number, number]>, number[], Partial<ReturnType<typeof place>['stats']>]>([
    ['in order', [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], { lost: 0, reordered: 0 }],
    ['two swapped', [0, 1, 3, 2, 4, 5], [0, 1, 2, 3, 4, 5], { reordered: 1, lost: 0 }],
    ['one three places late (inside the window)', [0, 2, 3, 1, 4, 5], [0, 1, 2, 3, 4, 5], { reordered: 1, lost: 0 }],
    ['one lost: silence of its length in its place', [0, 1, 3, 4, 5, 6], [0, 1, -1, 3, 4, 5, 6], { lost: 1 }],
    ['three lost in a row', [0, 1, 5, 6, 7, 8], [0, 1, -1, -1, -1, 5, 6, 7, 8], { lost: 3 }],
    ['a duplicate is played once', [0, 1, 1, 2, 3], [0, 1, 2, 3], { duplicates: 0, late: 1 }],
    ['a duplicate of a held packet is played once', [0, 2, 2, 1, 3], [0, 1, 2, 3], { duplicates: 1 }],
    ['too late (after its place was filled): dropped', [0, 2, 3, 4, 5, 1, 6], [0, -1, 2, 3, 4, 5, 6], { lost: 1, late: 1 }],
    ['lost at the end: what is held is played at the flush', [0, 1, 3], [0, 1, -1, 3], { lost: 1 }],
    ['a hole longer than a second is a restart, not a second of silence', [0, 1, 100, 101, 102, 103], [0, 1, 100, 101, 102, 103], { restarts: 1, lost: 0 }],
  ])('%s', (_name, order, played, stats) => {
    const r = place(order);
    expect(r.played).toEqual(played);
    expect(r.stats).toMatchObject(stats);
  });

  it('numbering started again far behind (same SSRC): a restart, not every packet from then on dropped as late', () => {
    let state = initialPlacement();
    const played: number[] = [];
    const feed = (p: RtpAudioPacket) => {
      const r = placePacket(state, p, T0);
      state = r.state;
      played.push(...r.out.map((c) => c.pcm[0]! - 1));
    };
    for (const n of [0, 1, 2, 300, 301, 302, 303]) feed(packet(n));
    for (const n of [0, 1, 2]) feed({ ...packet(n + 1000), seq: (SEQ0 + 200 + n) & 0xffff });
    played.push(...flushPlacement(state).out.map((c) => c.pcm[0]! - 1));
    expect(played).toEqual([0, 1, 2, 300, 301, 302, 303, 1000, 1001, 1002]);
    expect(state.stats.restarts).toBe(2);
  });

  it('a new SSRC starts over: the old stream is played, the new one follows without a fill', () => {
    const r = place([0, 1, 2, 7, 8], { 7: 0x9999, 8: 0x9999 });
    expect(r.played).toEqual([0, 1, 2, 7, 8]);
    expect(r.stats).toMatchObject({ restarts: 1, lost: 0, packets: 5 });
  });

  it('stamps each chunk from the RTP clock, not from when a burst happened to be read', () => {
    // Starved: packets 1-4 read together 300 ms late; packet 2 lost.
    const r = place([[0, T0], [1, T0 + 300], [3, T0 + 300], [4, T0 + 301], [5, T0 + 302]]);
    expect(r.played).toEqual([0, 1, -1, 3, 4, 5]);
    expect(r.out.map((c) => [c.at - T0, c.filled])).toEqual([
      [0, false],
      [20, false],
      [40, true],
      [60, false],
      [80, false],
      [100, false],
    ]);
  });

  it('plays a packet at once when it is the next one (no added delay in order)', () => {
    let state = initialPlacement();
    for (let n = 0; n < 4; n++) {
      const r = placePacket(state, packet(n), T0 + n * 20);
      state = r.state;
      expect(r.out.map((c) => c.pcm[0])).toEqual([n + 1]);
    }
  });

  it('after a hole and a late packet, the stream in order again goes on where it was, with the same counts', () => {
    // The in-order shortcut must leave the state as the full path would: a reordering after it is still placed.
    const r = place([0, 1, 2, 4, 3, 5, 6, 7, 8, 9, 10, 12, 11, 13, 14]);
    expect(r.played).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(r.stats).toEqual({ packets: 15, reordered: 2, duplicates: 0, late: 0, lost: 0, restarts: 0 });
    expect(r.out.map((c) => c.at - T0)).toEqual(Array.from({ length: 15 }, (_, n) => n * 20));
  });
});
