import { HotlineError } from '../errors.js';
import { DTMF_KEYS, type TimedKey } from './pcap.js';

/** Keys typed in one go are this far apart (start to start), about a person's pace on a keypad. */
export const KEY_SPACING_MS = 300;

/** What a comma in a key string adds: a one-second pause, as on a phone's dial string. */
export const COMMA_PAUSE_MS = 1000;

/**
 * The times of a key string such as "4,123456#": the first key goes `firstAtMs` after answer, keys follow
 * {@link KEY_SPACING_MS} apart, and each comma adds {@link COMMA_PAUSE_MS}. Keys are 0-9 * # A-D; blanks are ignored.
 * Fails with BAD_REQUEST on any other character.
 */
export function planKeys(keys: string, firstAtMs: number): TimedKey[] {
  if (!Number.isFinite(firstAtMs) || firstAtMs < 0) {
    throw new HotlineError('BAD_REQUEST', `the wait before the first key must be 0 or more, got ${firstAtMs}`, { key: 'wait' });
  }
  const planned: TimedKey[] = [];
  let at = firstAtMs;
  for (const ch of keys) {
    if (ch === ',') {
      at += COMMA_PAUSE_MS;
    } else if (DTMF_KEYS.includes(ch)) {
      planned.push({ key: ch, atMs: at });
      at += KEY_SPACING_MS;
    } else if (!/\s/.test(ch)) {
      throw new HotlineError('BAD_REQUEST', `not a key: ${JSON.stringify(ch)} (use 0-9 * # A-D, and "," for a 1 s pause)`, {
        key: 'keys',
      });
    }
  }
  return planned;
}
