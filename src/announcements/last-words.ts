/**
 * Whether the last words heard confirm a match with the library. Carriers' announcements share their opening
 * (您拨打的电话/号码…), so a leg that matched a known one on its first seconds alone may be another announcement (seen
 * on the lab carrier: suspended was filed under vacant; under CPU load, restricted under powered-off). Pure.
 */
import { align, fingerprintOf } from './fingerprint.js';
import type { AnnouncementLabel } from './labels.js';
import type { KnownAnnouncement, RankedAnnouncement } from './library-match.js';
import { SAMPLE_RATE } from './spectrum.js';

/**
 * Measured on generated speech that shares a 1.5 s opening: after 3 s of speech the last 1.5 s of the same
 * announcement lines up 55-100% of its hashes, of the other 0-2%. At least TAIL_SHARE of the hashes of the last
 * TAIL_MS of audio must line up with the same announcement; a tail with fewer than TAIL_MIN_HASHES hashes (a pause
 * between the languages) is taken longer, and neither confirms nor vetoes if it stays that quiet.
 */
const TAIL_MS = 1500;
const TAIL_MIN_HASHES = 30;
const TAIL_SHARE = 0.3;
/**
 * And the best one's last words must line up at least this many times better than any other announcement's: the
 * other one still shares the words heard so far. The whole probe cannot tell them apart then: cut at the other
 * phase of the 8 ms frames than the library's copy (a leg joined an odd number of 20 ms packets later), the right
 * recording lines up a quarter fewer hashes, and one that shares most of the opening can lead it. Measured on the
 * lab's recordings (espeak-ng, openings of 2.5-3 s shared, either phase): 3.3 s in, a wrong one's tail lined up
 * to 0.69 against the right one's 0.53; a second later the wrong ones were at 0.01-0.07, the right ones 0.48-1.0.
 */
const TAIL_MARGIN = 2;

/**
 * Another label than the best one's (as the rival rule in hearing.ts). Two unlabelled ones do not hold a decision
 * back: filing a new one under another unknown costs a merge in the labelling queue, while waiting costs an
 * answered announcement its race with AMD (seen on the lab: held past machineWaitMs, it ended as `machine`).
 */
const other = (r: { id: number; label: AnnouncementLabel | null }, best: { id: number; label: AnnouncementLabel | null }): boolean => r.id !== best.id && r.label !== best.label;

/**
 * `ranked`: the matches (in their order) whose last words line up; `contested`: the first of them has another
 * announcement whose last words line up nearly as well, so the words that tell them apart are still to come.
 */
export function lastWords(audio: Int16Array, matches: readonly RankedAnnouncement[], library: readonly KnownAnnouncement[]): { ranked: RankedAnnouncement[]; contested: boolean } {
  const shares = tailShares(audio, matches.map((r) => library.find((k) => k.id === r.id)!));
  const ranked = matches.filter((_, i) => shares[i] === null || shares[i]! >= TAIL_SHARE);
  const best = ranked[0];
  const bestShare = best ? shares[matches.indexOf(best)]! : null;
  const contested = !!best && bestShare !== null && matches.some((r, i) => other(r, best) && shares[i] !== null && shares[i]! * TAIL_MARGIN > bestShare);
  return { ranked, contested };
}

/** For each known announcement, the share of the last words' hashes that line up with it; null when too few to tell. */
function tailShares(audio: Int16Array, known: readonly KnownAnnouncement[]): Array<number | null> {
  // A quiet stretch gives few hashes: the tail grows back (up to three times) until it has enough to tell.
  for (let n = 1; n <= 3; n++) {
    const tail = fingerprintOf(audio.subarray(Math.max(0, audio.length - Math.round((n * TAIL_MS * SAMPLE_RATE) / 1000))));
    if (tail.hashes.length >= TAIL_MIN_HASHES) return known.map((k) => align(tail, k.fingerprint).matched / tail.hashes.length);
  }
  return known.map(() => null);
}
