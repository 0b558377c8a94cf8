/**
 * Which known announcement a heard one is: the best similarity at or above the threshold. Pure; the library is
 * whatever the store gave (src/store/announcements-repo.ts).
 */
import { align, type Fingerprint } from './fingerprint.js';
import type { AnnouncementLabel } from './labels.js';

export interface KnownAnnouncement {
  id: number;
  label: AnnouncementLabel | null;
  fingerprint: Fingerprint;
}

export interface AnnouncementMatch {
  id: number;
  label: AnnouncementLabel | null;
  score: number;
}

/** Measured on the benchmark corpus (docs/benchmarks.md): true matches score well above it, other clips below. */
export const DEFAULT_MATCH_THRESHOLD = 0.15;

export interface RankedAnnouncement extends AnnouncementMatch {
  /** Hashes of the probe that agree with the known one at the best offset. */
  matched: number;
}

/**
 * The known announcements scoring at or above the threshold, the one that explains most of the probe first.
 * Ranked by agreeing hashes rather than by score: carriers' announcements share openings (您拨打的电话已…), and the
 * shorter one would otherwise win on its share of the common part.
 */
export function rankAnnouncements(probe: Fingerprint, library: readonly KnownAnnouncement[], threshold = DEFAULT_MATCH_THRESHOLD): RankedAnnouncement[] {
  return library
    .map((k) => ({ id: k.id, label: k.label, ...align(probe, k.fingerprint) }))
    .filter((r) => r.score >= threshold)
    .map(({ id, label, score, matched }) => ({ id, label, score, matched }))
    .sort((a, b) => b.matched - a.matched || b.score - a.score || a.id - b.id);
}

export function matchAnnouncement(probe: Fingerprint, library: readonly KnownAnnouncement[], threshold = DEFAULT_MATCH_THRESHOLD): AnnouncementMatch | null {
  const best = rankAnnouncements(probe, library, threshold)[0];
  return best ? { id: best.id, label: best.label, score: best.score } : null;
}
