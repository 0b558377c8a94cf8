/**
 * The SIP final response to a leg's INVITE, from what Asterisk 22 reports (verified on the lab):
 * - the far end's rejection (404, 480, 486…) comes as `tech_cause` on a ChannelHangupRequest that is not soft, and
 *   again on ChannelDestroyed;
 * - when hotline ends the leg before an answer (its hang-up, or the dial's own time-out) the hang-up request is soft,
 *   and ChannelDestroyed's `tech_cause` is Asterisk's own mapping of its cause (19 → 480), not what the far end said.
 *   hotline sent a CANCEL then, which the far end answers 487 Request Terminated (RFC 3261 §9.1); Asterisk does not
 *   report that response, so it is recorded as 487.
 * - an answered leg's INVITE ended in 200.
 */
export interface SipFacts {
  answered: boolean;
  /** tech_cause of a hang-up request the far end caused (not soft). */
  farEndCode: number | null;
  /** A soft hang-up request came first: hotline (or its dial time-out) ended the leg. */
  endedByUs: boolean;
  /** tech_cause on ChannelDestroyed. */
  destroyCode: number | null;
}

export function sipFinalCode(f: SipFacts): number | null {
  if (f.answered) return 200;
  if (f.farEndCode) return f.farEndCode;
  if (f.endedByUs) return 487;
  return f.destroyCode;
}
