import type { CallOutcome } from './outcome.js';

/** A leg's end as the recorder closed it; the dialer turns it into an attempt's outcome. */
export interface CallEnded {
  channelId: string;
  direction: 'inbound' | 'outbound';
  endedAt: number;
  answeredAt: number | null;
  cause: number | null;
  causeText: string | null;
  outcome: CallOutcome | 'failed';
  amdStatus: string | null;
  faxTones: number | null;
  digits: string;
  hungUpBy: 'hotline' | 'remote' | null;
  /** The SIP final response that ended an unanswered leg (480, 487, 404…), when Asterisk reports it. */
  sipCode?: number | null;
  /** Set when the end was found by reconciliation, not seen. */
  reconciled?: string;
}
