/**
 * What happened on a call, as a campaign manager reads it. Pure: the same facts always give the
 * same outcome, and the tables below are the whole policy.
 */
export type CallOutcome =
  | 'human'
  | 'machine'
  | 'fax'
  | 'short-call'
  | 'busy'
  | 'no-answer'
  | 'unallocated'
  | 'number-changed'
  | 'invalid-format'
  | 'rejected'
  | 'network-failure'
  | 'answered'
  | 'caller-abandoned'
  | 'failed'
  // Issue 11: what a carrier's recorded announcement said (src/announcements/announcement-outcome.ts).
  | 'announcement'
  | 'vacant'
  | 'suspended'
  | 'powered-off'
  | 'unreachable'
  | 'restricted';

/**
 * Unanswered outbound legs: the Q.850 cause decides (Dial's dialstatus says NOANSWER for several of them:
 * docs/domain.md §Telephony facts).
 */
export const unansweredByCause: Readonly<Record<number, CallOutcome>> = {
  1: 'unallocated',
  3: 'unallocated',
  22: 'number-changed',
  28: 'invalid-format',
  17: 'busy',
  18: 'no-answer',
  19: 'no-answer',
  20: 'no-answer',
  21: 'rejected',
  27: 'network-failure',
  34: 'network-failure',
  38: 'network-failure',
  41: 'network-failure',
  42: 'network-failure',
  102: 'network-failure',
};

/** AMD() results (AMDSTATUS) that mean nobody live answered. */
export const amdToOutcome: Readonly<Record<string, CallOutcome | undefined>> = {
  MACHINE: 'machine',
  HUMAN: 'human',
  // NOTSURE gets a human: losing a live customer to a machine guess costs more than an agent hearing a greeting.
  NOTSURE: 'human',
  HANGUP: undefined,
};

export interface OutboundFacts {
  cause: number;
  answered: boolean;
  /** AMDSTATUS when AMD ran, else undefined. */
  amdStatus?: string | undefined;
  /** How many 2100 Hz answer tones the fax detector heard. */
  faxTones?: number | undefined;
  /** Seconds from answer to hang-up, when answered. */
  talkS?: number | undefined;
  /** Who hung up: the far end or hotline. */
  hungUpBy?: 'remote' | 'hotline' | undefined;
  shortCallS: number;
}

/** Classifies an outbound leg from its end facts. */
export function classifyOutbound(f: OutboundFacts): CallOutcome {
  if (!f.answered) return unansweredByCause[f.cause] ?? (f.cause === 16 ? 'no-answer' : 'failed');
  if ((f.faxTones ?? 0) > 0) return 'fax';
  const amd = f.amdStatus ? amdToOutcome[f.amdStatus] : undefined;
  if (amd === 'machine') return 'machine';
  if (f.hungUpBy !== 'hotline' && (f.talkS ?? 0) < f.shortCallS) return 'short-call';
  return 'human';
}

export interface InboundFacts {
  answered: boolean;
}

/** Classifies an inbound leg; the IVR refines it later with where the call ended. */
export function classifyInbound(f: InboundFacts): CallOutcome {
  return f.answered ? 'answered' : 'caller-abandoned';
}
