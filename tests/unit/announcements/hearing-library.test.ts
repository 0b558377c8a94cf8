import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/announcements/fingerprint.js';
import { hear, initialHearing, type HearingDecision, type HearingLibraryArg } from '../../../src/announcements/hearing.js';
import type { KnownAnnouncement } from '../../../src/announcements/library-match.js';
import { chinaRingBack, concat, speechLike } from './audio-synth.js';

const T0 = Date.parse('2026-12-08T01:00:00Z');
const vacant = speechLike(7000, 21);
const library: KnownAnnouncement[] = [
  { id: 1, label: 'vacant', fingerprint: fingerprintOf(vacant) },
  { id: 2, label: 'connecting', fingerprint: fingerprintOf(speechLike(5000, 22)) },
];

/** Feeds the clip in 20 ms packets until a final decision; returns it and the audio seconds it took. */
function listen(pcm: Int16Array, lib: HearingLibraryArg): { final: HearingDecision | null; atS: number | null } {
  let state = initialHearing();
  for (let i = 0; i < pcm.length; i += 160) {
    const at = T0 + i / 8;
    const r = hear(state, { type: 'audio', pcm: pcm.subarray(i, i + 160), at }, lib, at);
    state = r.state;
    if (r.decision.kind === 'announcement' || r.decision.kind === 'person') return { final: r.decision, atS: (i + 160) / 8000 };
  }
  return { final: null, atS: null };
}

const label = (d: HearingDecision | null) => (d?.kind === 'announcement' ? (d.known?.label ?? null) : undefined);

describe('hear: the library read only when speech is tried against it', () => {
  it('a library given as a function is not read on ring-back, and gives the decision the array gives', () => {
    let reads = 0;
    const lazy = () => (reads++, library);
    expect(listen(chinaRingBack(10_000), lazy).final).toBeNull();
    expect(reads).toBe(0);
    const pcm = concat(chinaRingBack(3000), vacant);
    const eager = listen(pcm, library);
    const byFn = listen(pcm, lazy);
    expect(label(byFn.final)).toBe('vacant');
    expect(label(byFn.final)).toBe(label(eager.final));
    expect(byFn.atS).toBe(eager.atS);
    // A few tries at most (one per 500 ms of speech), against hundreds of packets.
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(20);
  });
});
