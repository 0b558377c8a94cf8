import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/announcements/fingerprint.js';
import type { AnnouncementLabel } from '../../../src/announcements/labels.js';
import { matchAnnouncement, rankAnnouncements, type KnownAnnouncement } from '../../../src/announcements/library-match.js';
import { concat, music, silence, speechLike, viaUlaw, withNoise } from './audio-synth.js';

const labels: AnnouncementLabel[] = ['vacant', 'suspended', 'powered-off', 'unreachable'];
const recordings = labels.map((_, i) => speechLike(5000, 100 + i));
const library: KnownAnnouncement[] = labels.map((label, i) => ({ id: i + 1, label, fingerprint: fingerprintOf(recordings[i]!) }));

describe('matchAnnouncement', () => {
  it.each(labels.map((l, i) => [l, i] as const))('finds %s through µ-law and line noise', (label, i) => {
    const m = matchAnnouncement(fingerprintOf(withNoise(viaUlaw(recordings[i]!), -42)), library);
    expect(m).toMatchObject({ id: i + 1, label });
    expect(m!.score).toBeGreaterThan(0.3);
  });

  it('matches nothing for an announcement never heard, or for music', () => {
    expect(matchAnnouncement(fingerprintOf(speechLike(5000, 999)), library)).toBeNull();
    expect(matchAnnouncement(fingerprintOf(music(5000, 4)), library)).toBeNull();
    expect(matchAnnouncement(fingerprintOf(recordings[0]!), [])).toBeNull();
  });

  it('keeps an unlabelled announcement as it is (label null)', () => {
    const lib: KnownAnnouncement[] = [{ id: 7, label: null, fingerprint: library[0]!.fingerprint }];
    expect(matchAnnouncement(fingerprintOf(recordings[0]!), lib)).toMatchObject({ id: 7, label: null });
  });

  it('tells apart two announcements with the same opening by what follows it', () => {
    // 您拨打的电话已… then 关机 or 停机: the shorter one must not win on its share of the common part.
    const opening = speechLike(2000, 50);
    const off = concat(opening, speechLike(2500, 51));
    const suspended = concat(opening, speechLike(1200, 52));
    const lib: KnownAnnouncement[] = [
      { id: 1, label: 'suspended', fingerprint: fingerprintOf(suspended) },
      { id: 2, label: 'powered-off', fingerprint: fingerprintOf(off) },
    ];
    const ranked = rankAnnouncements(fingerprintOf(concat(silence(130), off)), lib);
    expect(ranked.map((r) => r.label)).toEqual(['powered-off', 'suspended']);
    expect(ranked[0]!.matched).toBeGreaterThan(ranked[1]!.matched * 1.3);
  });
});
