/** PLACEHOLDER for CORE's library match (issue 11 contract): types and a trivial best-score match. */
import { similarity, type Fingerprint } from './fingerprint.js';
import type { AnnouncementLabel } from './labels.js';

export interface KnownAnnouncement {
  id: number;
  label: AnnouncementLabel | null;
  fingerprint: Fingerprint;
}

export function matchAnnouncement(probe: Fingerprint, library: readonly KnownAnnouncement[], threshold = 0.5): { id: number; label: AnnouncementLabel | null; score: number } | null {
  let best: { id: number; label: AnnouncementLabel | null; score: number } | null = null;
  for (const k of library) {
    const score = similarity(probe, k.fingerprint);
    if (score >= threshold && (!best || score > best.score)) best = { id: k.id, label: k.label, score };
  }
  return best;
}
