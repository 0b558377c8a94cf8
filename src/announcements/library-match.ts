/**
 * Which known announcement a heard one is: the best similarity at or above the threshold. Pure; the library is
 * whatever the store gave (src/store/announcements-repo.ts).
 */
import { alignVotes, tolerant, type Fingerprint } from './fingerprint.js';
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

/**
 * Measured on the benchmark corpus (docs/benchmarks.md): right matches scored 0.49 and up (median 0.94), unrelated
 * audio below 0.1; at 0.15 a greeting in the same synthetic voice as a known announcement once passed, so the bar
 * sits well above that.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.3;

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
  const ix = indexOf(library);
  // Per known announcement that shares any hash with the probe: each probe hash's candidate offsets.
  const votes = new Map<number, number[][]>();
  for (let i = 0; i < probe.hashes.length; i++) {
    const tp = probe.times[i]!;
    const mine = new Map<number, Set<number>>();
    for (const h of tolerant(probe.hashes[i]!)) {
      for (const [k, tk] of ix.get(h) ?? []) {
        let set = mine.get(k);
        if (!set) mine.set(k, (set = new Set()));
        set.add(tk - tp);
      }
    }
    for (const [k, set] of mine) {
      let l = votes.get(k);
      if (!l) votes.set(k, (l = []));
      l.push([...set]);
    }
  }
  return [...votes]
    .map(([k, offsetsOf]) => {
      const known = library[k]!;
      return { id: known.id, label: known.label, ...alignVotes(offsetsOf, probe, known.fingerprint) };
    })
    .filter((r) => r.score >= threshold)
    .map(({ id, label, score, matched }) => ({ id, label, score, matched }))
    .sort((a, b) => b.matched - a.matched || b.score - a.score || a.id - b.id);
}

/** Hash → (library position, anchor frame) over the whole library, built once per library array (the store caches it). */
const indexes = new WeakMap<readonly KnownAnnouncement[], Map<number, Array<[number, number]>>>();

function indexOf(library: readonly KnownAnnouncement[]): Map<number, Array<[number, number]>> {
  let ix = indexes.get(library);
  if (!ix) {
    ix = new Map();
    library.forEach((k, pos) => {
      const { hashes, times } = k.fingerprint;
      for (let i = 0; i < hashes.length; i++) {
        const l = ix!.get(hashes[i]!);
        if (l) l.push([pos, times[i]!]);
        else ix!.set(hashes[i]!, [[pos, times[i]!]]);
      }
    });
    indexes.set(library, ix);
  }
  return ix;
}

export function matchAnnouncement(probe: Fingerprint, library: readonly KnownAnnouncement[], threshold = DEFAULT_MATCH_THRESHOLD): AnnouncementMatch | null {
  const best = rankAnnouncements(probe, library, threshold)[0];
  return best ? { id: best.id, label: best.label, score: best.score } : null;
}
