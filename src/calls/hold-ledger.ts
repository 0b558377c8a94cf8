/**
 * A conversation's hold time (pure): holds and resumes in order, the time spent held so far. The call record's
 * hold_ms is its total when the call ends, and handle time counts it (docs/domain.md §KPIs: AHT = talk + hold + ACW).
 */
import { HotlineError } from '../errors.js';

export interface HoldLedger {
  /** When the current hold began, or null while talking. */
  heldSince: number | null;
  /** Hold time of the holds already resumed. */
  heldMs: number;
  holds: number;
}

export const noHolds: HoldLedger = { heldSince: null, heldMs: 0, holds: 0 };

/** The ledger after a hold or a resume at `now`; holding a held call or resuming a talking one is refused. */
export function holdStep(l: HoldLedger, event: 'hold' | 'resume', now: number): HoldLedger | HotlineError {
  if (event === 'hold') {
    if (l.heldSince !== null) return new HotlineError('CALL_HOLD_STATE', 'the call is on hold already', { key: 'channelId', details: { held: true } });
    return { ...l, heldSince: now, holds: l.holds + 1 };
  }
  if (l.heldSince === null) return new HotlineError('CALL_HOLD_STATE', 'the call is not on hold', { key: 'channelId', details: { held: false } });
  return { ...l, heldSince: null, heldMs: l.heldMs + Math.max(0, now - l.heldSince) };
}

/** Hold time up to `now`, counting a hold still running (a call that ends on hold was held until its end). */
export function holdMsAt(l: HoldLedger, now: number): number {
  return l.heldMs + (l.heldSince === null ? 0 : Math.max(0, now - l.heldSince));
}
