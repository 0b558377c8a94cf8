/**
 * What a restart does with an attempt a previous process left open (issue 17 item 8). Pure: the facts a restart can
 * establish → one verdict. The order of the rules is what keeps both promises: an attempt that did reach the carrier is
 * never dialed again (it is followed, or decided from Asterisk's record, or closed as failed), and one that provably
 * never reached it does not count against its lead (the claim is taken back and the lead is due again).
 *
 * "Provably never reached the carrier" is one of:
 *  - its dial request was never sent: the mark is written just before the request (attempts.dial_sent_at), so without
 *    it the channel, if Asterisk made one, was never dialed. Such a channel still up is hung up: it would sit silent
 *    until Asterisk's shutdown (three a run in the chaos run of 2026-12-07);
 *  - Asterisk's record is complete since before the claim and has no channel for it (the originate never got there).
 */
import { RECORD_WAIT_MS } from '../calls/channel-trace-wait.js';
import type { TraceRecord } from '../calls/channel-trace.js';

export interface OpenAttemptFacts {
  /** The dial request's mark is there: the carrier may have been called. */
  dialSent: boolean;
  /** The leg's channel still exists in Asterisk. */
  stillUp: boolean;
  /**
   * What Asterisk's channel record (CEL) says of the leg: `ended` (its hang-up is written), `no-channel` (the record
   * covers the claim and has no such channel), `no-end-yet` (the channel is there, its end not written yet), `none`
   * (no record to read, or it does not reach back to the claim).
   */
  record: TraceRecord;
  /** How long this restart has already waited for the record to catch up. */
  waitedMs: number;
}

export type OpenAttemptVerdict =
  /** Take the claim back; `hangUp`: the created, never dialed channel is still there. */
  | { kind: 'take-back'; hangUp: boolean }
  /** Follow the live leg to its end. */
  | { kind: 'follow' }
  /** Decide the attempt from the end Asterisk wrote. */
  | { kind: 'from-record' }
  /** Read the record again after a short wait: Asterisk writes a channel's end a moment after the channel goes. */
  | { kind: 'read-again' }
  /** Nothing says how it ended: a failed dial, counted (it may have rung). */
  | { kind: 'failed' };

export function openAttemptVerdict(f: OpenAttemptFacts): OpenAttemptVerdict {
  if (!f.dialSent) return { kind: 'take-back', hangUp: f.stillUp };
  if (f.stillUp) return { kind: 'follow' };
  switch (f.record) {
    case 'ended':
      return { kind: 'from-record' };
    case 'no-channel':
      // The dial request was sent, so Asterisk had the channel from its create: a record without it is the wrong or an
      // incomplete record (a lab test once read another instance's), never proof. Counted, never dialed again.
      return { kind: 'failed' };
    case 'no-end-yet':
      return f.waitedMs < RECORD_WAIT_MS ? { kind: 'read-again' } : { kind: 'failed' };
    default:
      return { kind: 'failed' };
  }
}
